import type { App, ViewSubmitAction } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { ThreadMessage } from '../integrations/slack.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redactor.js';
import type { AuditLog } from '../store/audit.js';
import type { StoreFailures } from '../store/health.js';
import { plainText } from '../workflows/kit/blocks.js';
import { ActionRouter, buttonValue } from './action-router.js';
import { failureAnswer, followUp } from './failures.js';
import type { CommandOutcome } from './subcommand.js';

/** A click on a button, or the submission of a modal: who, what it carries, when. */
export interface Click {
  userId: string;
  /** The button's value, or the modal's private metadata. */
  value: string;
  now: number;
  triggerId?: string;
  responseUrl?: string;
  /** The channel of the message the button was on (none for modals). */
  channelId?: string;
  /** The message the button was on; `{ text: '' }` when Slack sends none (ephemeral messages). */
  message: ThreadMessage;
  /** A modal's input values by block and action id. */
  form: Record<string, Record<string, { selected_date?: string | null }>>;
}

/** How Slack shows the clicker an answer: privately, or in place of the message they clicked. */
export type Response = ThreadMessage & { response_type?: 'ephemeral'; replace_original: boolean };

/** What a click led to: its audit row, what the clicker is told (nothing when absent), and work for after the ack. */
export interface ClickOutcome {
  outcome: string;
  /** The audit row's arguments. */
  subject: string;
  runId?: number;
  response?: Response;
  afterAck?: () => Promise<void>;
}

/** A button or modal of the bot: every one is acked, authorised, audited and answered the same way. */
export interface ClickHandler {
  /** The button's action id, or the modal's callback id. */
  id: string;
  /** A modal answers in its form: refusals show as this input block's error. */
  modalErrorBlock?: string;
  /** The audit row's action, e.g. `button cancel`. */
  audit: string;
  /** The refusal when the clicker may not do this; undefined when they may. */
  authorise(click: Click): ClickOutcome | undefined;
  handle(click: Click): ClickOutcome;
}

export function privately(message: ThreadMessage, replace = false): Response {
  return {
    response_type: 'ephemeral',
    replace_original: replace,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
  };
}

/** An `authorise` that lets operators through and tells anyone else, privately, that only operators may `what`. */
export function operatorsOnly(permissions: { isOperator(userId: string): boolean }, refusal: string) {
  return (click: Click): ClickOutcome | undefined =>
    permissions.isOperator(click.userId)
      ? undefined
      : refused(refusal, 'refused: not an operator', { subject: click.value.slice(0, 200) });
}

/** A refusal or answer of a click: private text, audited with `outcome`. */
export function refused(text: string, outcome: string, about: { subject: string; runId?: number }): ClickOutcome {
  return { outcome, ...about, response: privately({ text }) };
}

/** A command's outcome as a click's: the reply goes privately to the clicker unless work follows the ack. */
export function fromCommand(result: CommandOutcome, about: { subject: string; runId?: number }): ClickOutcome {
  return {
    outcome: result.outcome,
    ...about,
    afterAck: result.afterAck,
    response: result.afterAck ? undefined : privately(result.reply),
  };
}

export interface ClickDeps {
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  health: StoreFailures;
  redactor: Redactor;
}

/** Registers the handlers: buttons behind one Bolt listener (acks stay fast however many), modals one each. */
export function registerClicks(app: App, handlers: readonly ClickHandler[], deps: ClickDeps): void {
  const attempt = (handler: ClickHandler, click: Click): ClickOutcome => {
    deps.health.check();
    try {
      return handler.authorise(click) ?? handler.handle(click);
    } catch (error) {
      const failure = failureAnswer(error, handler.audit, deps);
      return refused(failure.text, failure.outcome, { subject: click.value });
    }
  };
  const decide = (handler: ClickHandler, click: Click): ClickOutcome => {
    const outcome = attempt(handler, click);
    deps.audit.record({
      at: click.now,
      userId: click.userId,
      action: handler.audit,
      arguments: outcome.subject,
      outcome: outcome.outcome,
      runId: outcome.runId,
    });
    return outcome;
  };
  const follow = (outcome: ClickOutcome) => followUp(outcome.afterAck, deps);

  const buttons = new ActionRouter();
  for (const handler of handlers) {
    if (handler.modalErrorBlock === undefined) {
      buttons.on(handler.id, async ({ ack, body, action, respond }) => {
        await ack();
        const message =
          body.type === 'block_actions' && body.message ? (body.message as unknown as ThreadMessage) : undefined;
        const outcome = decide(handler, {
          userId: body.user.id,
          value: buttonValue(action),
          now: deps.clock.now(),
          triggerId: body.trigger_id,
          responseUrl: body.response_url,
          channelId: body.type === 'block_actions' ? body.channel?.id : undefined,
          message: message ?? { text: '' },
          form: {},
        });
        if (outcome.response) await respond(outcome.response);
        follow(outcome);
      });
      continue;
    }
    const errorBlock = handler.modalErrorBlock;
    app.view<ViewSubmitAction>(handler.id, async ({ ack, body, view }) => {
      const outcome = decide(handler, {
        userId: body.user.id,
        value: view.private_metadata,
        now: deps.clock.now(),
        triggerId: body.trigger_id,
        message: { text: '' },
        form: deps.redactor.redactEvery(view.state.values),
      });
      if (outcome.response) {
        await ack({ response_action: 'errors', errors: { [errorBlock]: plainText(outcome.response.text) } });
        return;
      }
      await ack();
      follow(outcome);
    });
  }
  buttons.register(app);
}
