import { z } from 'zod';
import { firstAvailableRelease } from '../workflows/portal/releases.js';
import { resolveDate, type DateExpression } from '../workflows/reminders/calendar.js';
import { uuidArg } from './args.js';
import { dateAndRest, NOTE_LIMIT } from './reminder-args.js';
import { askToReplace, confirmCreated } from './reminder-create.js';
import type { CommandDeps } from './command-deps.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import { defineSubcommand, reply, type SubcommandSpec } from './subcommand.js';

export const REMIND: SubcommandSpec = {
  name: 'remind',
  usage: '<project-uuid> <date> [note…]',
  summary:
    'Remind the channel (and you, by DM) on a project’s release date, with an advance notice. Dates: YYYY-MM-DD, 30/12/2026, today, tomorrow, friday, next friday, in N days|weeks|months, next-release (the estimated first available portal release).',
  access: 'operator',
};

export const RemindArgs = z
  .tuple([uuidArg('project', 'copy it from the project’s page in the ingest UI or its portal URL')], z.string())
  .transform(([projectUuid, ...words], ctx): { projectUuid: string; date: DateExpression; note: string } => {
    const parsed = dateAndRest(words, ctx);
    if (!parsed) return z.NEVER;
    const note = parsed.rest.join(' ');
    if (note.length > NOTE_LIMIT) {
      ctx.addIssue({
        code: 'custom',
        message: `The note is ${note.length} characters long; keep it within ${NOTE_LIMIT}.`,
      });
      return z.NEVER;
    }
    return { projectUuid, date: parsed.date, note };
  });
export type RemindArgs = z.infer<typeof RemindArgs>;

/** `/hca remind <project-uuid> <date> [note…]`: a durable release-date reminder for the channel and its creator. */
export function createRemindCommand(deps: ReminderCommandDeps & Pick<CommandDeps, 'stores'>) {
  return defineSubcommand<RemindArgs>({
    ...REMIND,
    args: RemindArgs,
    execute({ projectUuid, date, note: written }, invocation) {
      const plan = resolveDate(date, deps.reminderSettings, invocation.now);
      if (!plan.ok) return reply(plan.message, 'refused: date');
      const note =
        date.kind === 'next-release'
          ? withRelease(written, deps.stores.projects.releases()?.releases, invocation.now, deps)
          : written;
      const request = { projectUuid, note, channelId: invocation.channelId, plan: plan.value };
      const created = deps.reminders.create(
        { projectUuid, note, channelId: invocation.channelId, creator: invocation.userId, ...plan.value },
        invocation.now,
      );
      if (!created.ok) return askToReplace(deps, created.existing, request);
      return confirmCreated(deps, created.reminder, invocation, `set ${created.reminder.ref}`);
    },
  });
}

/** A `next-release` reminder's note names the release it expects, when the bot knows Azul's latest. */
function withRelease(note: string, releases: readonly string[] | undefined, now: number, deps: ReminderCommandDeps) {
  const release = firstAvailableRelease(releases ?? [], now, {
    cadenceDays: deps.reminderSettings.releaseCadenceDays,
    timeZone: deps.reminderSettings.timeZone,
  })?.release;
  if (!release) return note;
  return note ? `expected in ${release} — ${note}` : `expected in ${release}`;
}
