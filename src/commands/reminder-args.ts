import { z } from 'zod';
import { parseDateWords, type DateExpression } from '../workflows/reminders/calendar.js';
import { parseReminderRef } from '../store/reminders.js';
import { parseRunRef } from '../store/runs.js';
import { quote } from '../workflows/kit/blocks.js';

/** Notes longer than this are refused: they travel in button values and messages. */
export const NOTE_LIMIT = 500;

export const reminderIdArg = z.string().transform((s, ctx) => {
  const id = parseReminderRef(s);
  if (id !== undefined) return id;
  const hint = parseRunRef(s) !== undefined ? ' is a run id;' : ' is not a reminder id:';
  ctx.addIssue({ code: 'custom', message: `${quote(s)}${hint} reminder ids look like M7 (see \`/hca reminders\`).` });
  return z.NEVER;
});

/** A date at the start of `words`, and what follows it; undefined (with the issue added) when there is none. */
export function dateAndRest(
  words: readonly string[],
  ctx: z.RefinementCtx,
): { date: DateExpression; rest: string[] } | undefined {
  const parsed = parseDateWords(words);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return undefined;
  }
  return { date: parsed.value.expression, rest: parsed.value.rest };
}
