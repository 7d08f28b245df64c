import { z } from 'zod';
import { ENVIRONMENTS } from '../environments.js';
import { parseRunRef } from '../store/runs.js';
import { quote } from '../workflows/kit/blocks.js';

const UUID_IN_TEXT = /(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;

/**
 * The different UUIDs in what someone pasted, lower-cased: a bare UUID in any case, or one inside a URL (also
 * percent-encoded), braces or angle brackets. A UUID that appears twice (a Slack link and its label) counts once.
 */
export function uuidsIn(text: string): string[] {
  const found = `${text} ${decoded(text)}`.match(UUID_IN_TEXT) ?? [];
  return [...new Set(found.map((uuid) => uuid.toLowerCase()))];
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The one UUID in what was pasted, or what to fix: `none` when it holds none, else that it holds several. */
export function oneUuid(text: string, kind: string, none: string): { uuid: string } | { problem: string } {
  const uuids = uuidsIn(text);
  if (uuids.length === 1) return { uuid: uuids[0]! };
  return {
    problem:
      uuids.length === 0 ? none : `${quote(text)} holds ${uuids.length} different UUIDs; paste only the ${kind} UUID.`,
  };
}

/** A UUID of the named kind taken from what was pasted (see `uuidsIn`); `where` says where people find one. */
export function uuidArg(kind: string, where: string) {
  return z.string().transform((text, ctx) => {
    const found = oneUuid(text, kind, `${quote(text)} is not a valid ${kind} UUID (8-4-4-4-12 hexadecimal; ${where}).`);
    if ('uuid' in found) return found.uuid;
    ctx.addIssue({ code: 'custom', message: found.problem });
    return z.NEVER;
  });
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
