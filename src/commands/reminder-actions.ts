import type { App } from '@slack/bolt';
import { buttonValue, type ActionRouter } from './action-router.js';
import { errorMessage } from '../errors.js';
import {
  MOVE_MODAL,
  DATE_ACTION,
  DATE_BLOCK,
  moveModal,
  parseMoveMetadata,
} from '../workflows/reminders/move-modal.js';
import { MOVE_ACTION, RELEASED_ACTION, SNOOZE_ACTION, parseNoticeValue } from '../workflows/reminders/notice.js';
import { plainText } from '../workflows/reminders/text.js';
import { parseDateWords, resolveDate, snoozePlan } from '../workflows/reminders/calendar.js';
import { fromIsoDate } from '../workflows/reminders/zone.js';
import type { AuditLog } from '../store/audit.js';
import { reminderRef, refusalOf } from '../store/reminders.js';
import { askToReplace, confirmCreated, KEEP_ACTION, REPLACE_ACTION, ReplaceRequest } from './reminder-create.js';
import { decideReminder, refuse } from './reminder-decisions.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import { moveReminder } from './reminders-move.js';
import { reply, type CommandOutcome } from './subcommand.js';

type ActionDeps = ReminderCommandDeps & { audit: AuditLog };

interface Click {
  value: string;
  userId: string;
  now: number;
  triggerId: string;
  responseUrl: string;
}

/** What a click leads to; `replace` swaps the ephemeral question it answered for the reply. */
type ClickResult = CommandOutcome & { subject: string; replace?: boolean };

const NOT_OPERATOR = reply('Only operators (`HCA_OPERATORS`) may act on reminders.', 'refused: not an operator');

/** Registers the buttons of reminder notices and of the "replace it?" question, and the "Move date…" modal. */
export function registerReminderActions(app: App, actions: ActionRouter, deps: ActionDeps): void {
  const onClick = (actionId: string, handle: (click: Click) => ClickResult) =>
    actions.on(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const click: Click = {
        value: buttonValue(action),
        userId: body.user.id,
        now: deps.clock.now(),
        triggerId: body.trigger_id,
        responseUrl: body.response_url,
      };
      const result: ClickResult = deps.permissions.isOperator(click.userId)
        ? handle(click)
        : { ...NOT_OPERATOR, subject: click.value.slice(0, 200) };
      deps.audit.record({
        at: click.now,
        userId: click.userId,
        action: `button ${actionId}`,
        arguments: result.subject,
        outcome: result.outcome,
      });
      result
        .afterAck?.()
        .catch((error: unknown) => deps.logger.warn('follow-up failed', { error: errorMessage(error) }));
      if (result.replace || !result.afterAck) {
        await respond({
          response_type: 'ephemeral',
          replace_original: result.replace === true,
          text: result.reply.text,
          ...(result.reply.blocks ? { blocks: result.reply.blocks } : {}),
        });
      }
    });

  const onNotice = (actionId: string, decide: (reminderId: number, fireKey: string, click: Click) => CommandOutcome) =>
    onClick(actionId, (click) => {
      const target = parseNoticeValue(click.value);
      if (!target)
        return { ...reply('This button is not valid any more.', 'refused: bad value'), subject: click.value };
      return { ...decide(target.reminderId, target.fireKey, click), subject: reminderRef(target.reminderId) };
    });

  onNotice(RELEASED_ACTION, (id, fireKey, { userId, now }) =>
    decideReminder(deps, id, { action: 'released', userId, fireKey }, now),
  );
  onNotice(SNOOZE_ACTION, (id, fireKey, { userId, now }) =>
    decideReminder(
      deps,
      id,
      {
        action: 'snoozed',
        userId,
        fireKey,
        reschedule: (current) => snoozePlan(fromIsoDate(current.releaseDate), deps.reminderSettings, now),
      },
      now,
    ),
  );
  onNotice(MOVE_ACTION, (id, fireKey, { now, triggerId }) => {
    const reminder = deps.reminders.get(id);
    if (!reminder) return reply(`There is no reminder ${reminderRef(id)}.`, 'refused: no such reminder');
    const refusal = refusalOf(reminder, fireKey);
    if (refusal) return refuse(refusal, reminder, deps);
    const initial = snoozePlan(fromIsoDate(reminder.releaseDate), deps.reminderSettings, now).releaseDate;
    const view = moveModal(reminder, { reminderId: id, fireKey }, initial, deps.reminderSettings);
    return reply('', 'date picker opened', {
      afterAck: () =>
        deps.reminderPresenter.openModal(triggerId, view).catch((error: unknown) => {
          deps.logger.warn('could not open the move modal', { reminder: reminder.ref, error: errorMessage(error) });
        }),
    });
  });

  onClick(REPLACE_ACTION, (click) => {
    let request: ReplaceRequest;
    try {
      request = ReplaceRequest.parse(JSON.parse(click.value));
    } catch {
      return { ...reply('This button is not valid any more.', 'refused: bad value'), subject: '' };
    }
    const subject = reminderRef(request.existingId);
    const plan = resolveDate(
      { kind: 'absolute', date: fromIsoDate(request.releaseDate) },
      deps.reminderSettings,
      click.now,
    );
    if (!plan.ok) return { ...reply(plan.message, 'refused: date'), subject, replace: true };
    const input = { ...request, creator: click.userId, ...plan.value };
    const created = deps.reminders.replace(request.existingId, input, click.userId, click.now);
    const result = created.ok
      ? confirmCreated(deps, created.reminder, click, `replaced ${subject} with ${created.reminder.ref}`)
      : askToReplace(deps, created.existing, { ...request, plan: plan.value });
    return { ...result, subject, replace: true };
  });

  onClick(KEEP_ACTION, (click) => {
    const subject = reminderRef(Number(click.value));
    return { ...reply(`Kept ${subject}; nothing changed.`, `kept ${subject}`), subject, replace: true };
  });

  app.view(MOVE_MODAL, async ({ ack, body, view }) => {
    const userId = body.user.id;
    const now = deps.clock.now();
    const metadata = parseMoveMetadata(view.private_metadata);
    const picked = view.state.values[DATE_BLOCK]?.[DATE_ACTION]?.selected_date ?? '';
    const parsed = parseDateWords([picked]);
    let result: CommandOutcome;
    if (!deps.permissions.isOperator(userId)) result = NOT_OPERATOR;
    else if (!metadata) result = reply('This form is not valid any more.', 'refused: bad metadata');
    else if (!parsed.ok) result = reply('Pick a date.', 'usage error');
    else
      result = moveReminder(deps, metadata.reminderId, parsed.value.expression, {
        userId,
        now,
        fireKey: metadata.fireKey,
      });
    deps.audit.record({
      at: now,
      userId,
      action: 'modal reminder move',
      arguments: `${metadata ? reminderRef(metadata.reminderId) : ''} ${picked}`.trim(),
      outcome: result.outcome,
    });
    if (!result.afterAck) {
      await ack({ response_action: 'errors', errors: { [DATE_BLOCK]: plainText(result.reply.text) } });
      return;
    }
    await ack();
    result.afterAck().catch((error: unknown) => deps.logger.warn('follow-up failed', { error: errorMessage(error) }));
  });
}
