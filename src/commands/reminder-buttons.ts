import { errorMessage } from '../errors.js';
import { onlyOperators } from '../workflows/kit/approval.js';
import { parseDateWords, resolveDate, snoozePlan, suggestedMoveDate } from '../workflows/reminders/calendar.js';
import {
  DATE_ACTION,
  DATE_BLOCK,
  MOVE_MODAL,
  moveModal,
  parseMoveMetadata,
} from '../workflows/reminders/move-modal.js';
import { MOVE_ACTION, RELEASED_ACTION, SNOOZE_ACTION, parseNoticeValue } from '../workflows/reminders/notice.js';
import { fromIsoDate } from '../workflows/reminders/zone.js';
import { parseFireKey, reminderRef, refusalOf } from '../store/reminders.js';
import {
  fromCommand,
  operatorsOnly,
  privately,
  refused,
  type Click,
  type ClickHandler,
  type ClickOutcome,
} from './clicks.js';
import { askToReplace, confirmCreated, KEEP_ACTION, REPLACE_ACTION, ReplaceRequest } from './reminder-create.js';
import { decideReminder, refuse } from './reminder-decisions.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import { moveReminder } from './reminders-move.js';
import { reply, type CommandOutcome } from './subcommand.js';

const NOT_OPERATOR = onlyOperators('act on reminders');

/** A reminder click's outcome; `replace` swaps the ephemeral question it answered for the reply. */
function answer(result: CommandOutcome, subject: string, replace = false): ClickOutcome {
  if (!replace) return fromCommand(result, { subject });
  return { outcome: result.outcome, subject, afterAck: result.afterAck, response: privately(result.reply, true) };
}

/** The buttons of reminder notices and of the "replace it?" question, and the "Move date…" modal. */
export function reminderButtons(deps: ReminderCommandDeps): ClickHandler[] {
  const authorise = operatorsOnly(deps.permissions, NOT_OPERATOR);
  const button = (id: string, handle: (click: Click) => ClickOutcome): ClickHandler => ({
    id,
    audit: `button ${id}`,
    authorise,
    handle,
  });
  const onNotice = (id: string, decide: (reminderId: number, fireKey: string, click: Click) => CommandOutcome) =>
    button(id, (click) => {
      const target = parseNoticeValue(click.value);
      if (!target) return answer(reply('This button is not valid any more.', 'refused: bad value'), click.value);
      return answer(decide(target.reminderId, target.fireKey, click), reminderRef(target.reminderId));
    });

  return [
    onNotice(RELEASED_ACTION, (id, fireKey, { userId, now }) =>
      decideReminder(deps, id, { action: 'released', userId, fireKey }, now),
    ),
    onNotice(SNOOZE_ACTION, (id, fireKey, { userId, now }) =>
      decideReminder(
        deps,
        id,
        {
          action: 'snoozed',
          userId,
          fireKey,
          reschedule: (current) => snoozePlan(current, parseFireKey(fireKey).kind, deps.reminderSettings, now),
        },
        now,
      ),
    ),
    onNotice(MOVE_ACTION, (id, fireKey, { now, triggerId }) => {
      const reminder = deps.reminders.get(id);
      if (!reminder) return reply(`There is no reminder ${reminderRef(id)}.`, 'refused: no such reminder');
      const refusal = refusalOf(reminder, fireKey);
      if (refusal) return refuse(refusal, reminder, deps);
      const initial = suggestedMoveDate(reminder.releaseDate, deps.reminderSettings, now);
      const view = moveModal(reminder, { reminderId: id, fireKey }, initial, deps.reminderSettings);
      return reply('', 'date picker opened', {
        afterAck: () =>
          deps.reminderPresenter.openModal(triggerId ?? '', view).catch((error: unknown) => {
            deps.logger.warn('could not open the move modal', { reminder: reminder.ref, error: errorMessage(error) });
          }),
      });
    }),
    button(REPLACE_ACTION, (click) => {
      let request: ReplaceRequest;
      try {
        request = ReplaceRequest.parse(JSON.parse(click.value));
      } catch {
        return answer(reply('This button is not valid any more.', 'refused: bad value'), '');
      }
      const subject = reminderRef(request.existingId);
      const plan = resolveDate(
        { kind: 'absolute', date: fromIsoDate(request.releaseDate) },
        deps.reminderSettings,
        click.now,
      );
      if (!plan.ok) return answer(reply(plan.message, 'refused: date'), subject, true);
      const input = { ...request, creator: click.userId, ...plan.value };
      const existing = deps.reminders.get(request.existingId);
      const created = deps.reminders.replace(request.existingId, input, click.userId, click.now);
      const result = created.ok
        ? confirmCreated(deps, created.reminder, click, `replaced ${subject} with ${created.reminder.ref}`, existing)
        : askToReplace(deps, created.existing, { ...request, plan: plan.value });
      return answer(result, subject, true);
    }),
    button(KEEP_ACTION, (click) => {
      const subject = reminderRef(Number(click.value));
      return answer(reply(`Kept ${subject}; nothing changed.`, `kept ${subject}`), subject, true);
    }),
    {
      id: MOVE_MODAL,
      modalErrorBlock: DATE_BLOCK,
      audit: 'modal reminder move',
      authorise: (click) =>
        deps.permissions.isOperator(click.userId)
          ? undefined
          : refused(NOT_OPERATOR, 'refused: not an operator', { subject: moveSubject(click) }),
      handle(click) {
        const metadata = parseMoveMetadata(click.value);
        const parsed = parseDateWords([pickedDate(click)]);
        const result = !metadata
          ? reply('This form is not valid any more.', 'refused: bad metadata')
          : !parsed.ok
            ? reply('Pick a date.', 'usage error')
            : moveReminder(deps, metadata.reminderId, parsed.value.expression, {
                userId: click.userId,
                now: click.now,
                fireKey: metadata.fireKey,
              });
        return fromCommand(result, { subject: moveSubject(click) });
      },
    },
  ];
}

function pickedDate(click: Click): string {
  return click.form[DATE_BLOCK]?.[DATE_ACTION]?.selected_date ?? '';
}

function moveSubject(click: Click): string {
  const metadata = parseMoveMetadata(click.value);
  return `${metadata ? reminderRef(metadata.reminderId) : ''} ${pickedDate(click)}`.trim();
}
