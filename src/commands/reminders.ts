import { z } from 'zod';
import type { DateExpression } from '../workflows/reminders/calendar.js';
import { dateAndRest, reminderIdArg } from './reminder-args.js';
import { decideReminder } from './reminder-decisions.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import { listReminders } from './reminders-list.js';
import { moveReminder } from './reminders-move.js';
import { onlyOperators } from '../workflows/kit/approval.js';
import { quote } from '../workflows/kit/blocks.js';
import { defineSubcommand, reply, type SubcommandSpec } from './subcommand.js';

export const REMINDERS: SubcommandSpec = {
  name: 'reminders',
  usage: '[all|cancel <id>|move <id> <date>]',
  summary:
    'List upcoming reminders (`all`: also sent, released and cancelled ones). Operators cancel or move one by its id (M7).',
  access: 'anyone',
};

export type RemindersArgs =
  | { action: 'list'; all: boolean }
  | { action: 'cancel'; reminderId: number }
  | { action: 'move'; reminderId: number; date: DateExpression };

export const RemindersArgs = z.array(z.string()).transform((words, ctx): RemindersArgs => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const [verb, id, ...rest] = words;
  const word = verb?.toLowerCase();
  if (word === undefined) return { action: 'list', all: false };
  if (word === 'all') return words.length === 1 ? { action: 'list', all: true } : fail('Too many arguments.');
  if (word !== 'cancel' && word !== 'move')
    return fail(`${quote(verb)} is not something reminders do: use all, cancel or move.`);
  if (id === undefined) return fail('A reminder id (like M7) is missing.');
  const reminderId = reminderIdArg.safeParse(id);
  if (!reminderId.success) return fail(reminderId.error.issues[0]?.message ?? 'That is not a reminder id.');
  if (word === 'cancel') {
    return rest.length === 0 ? { action: 'cancel', reminderId: reminderId.data } : fail('Too many arguments.');
  }
  const date = dateAndRest(rest, ctx);
  if (!date) return z.NEVER;
  return date.rest.length === 0
    ? { action: 'move', reminderId: reminderId.data, date: date.date }
    : fail(`Too many arguments: ${quote(date.rest.join(' '))} follows the date.`);
});

/** `/hca reminders [all|cancel <id>|move <id> <date>]`: anyone lists; operators change. */
export function createRemindersCommand(deps: ReminderCommandDeps) {
  return defineSubcommand<RemindersArgs>({
    ...REMINDERS,
    args: RemindersArgs,
    execute(args, invocation) {
      if (args.action === 'list') return listReminders(deps, args.all, invocation);
      if (!deps.permissions.isOperator(invocation.userId)) {
        return reply(onlyOperators(`${args.action} reminders`), 'refused: not an operator');
      }
      const { userId, now } = invocation;
      if (args.action === 'cancel') return decideReminder(deps, args.reminderId, { action: 'cancelled', userId }, now);
      return moveReminder(deps, args.reminderId, args.date, { userId, now });
    },
  });
}
