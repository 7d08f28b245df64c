import { z } from 'zod';
import { ENVIRONMENTS } from '../environments.js';
import { parseRunRef } from '../store/runs.js';
import { quote } from '../workflows/kit/blocks.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(word: string): boolean {
  return UUID.test(word);
}

/** A UUID of the named kind (8-4-4-4-12 hexadecimal, any case), lower-cased; `where` says where people find one. */
export function uuidArg(kind: string, where: string) {
  return z
    .string()
    .regex(UUID, {
      error: (issue) => `${quote(String(issue.input))} is not a valid ${kind} UUID (8-4-4-4-12 hexadecimal; ${where}).`,
    })
    .transform((s) => s.toLowerCase());
}

export const environmentArg = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(
    z.enum(ENVIRONMENTS, {
      error: (issue) => `${quote(String(issue.input))} is not an environment: use dev, staging or prod.`,
    }),
  );

export const runIdArg = z.string().transform((s, ctx) => {
  const id = parseRunRef(s);
  if (id === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `${quote(s)} is not a run id: run ids look like R42 (see \`/hca runs\`).`,
    });
    return z.NEVER;
  }
  return id;
});

/** One plain-language line for the first problem in a parse failure. */
export function describeArgsError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The arguments are not valid.';
  if (issue.code === 'too_big' && issue.origin === 'array') return 'Too many arguments.';
  if (issue.code === 'too_small' && issue.origin === 'array') return 'An argument is missing.';
  return issue.message;
}
