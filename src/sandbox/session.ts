import type { OffsetClock } from '../clock.js';
import { createPermissions } from '../commands/permissions.js';
import { errorMessage, UserInputError } from '../errors.js';
import { runSandboxCommand } from './commands/index.js';
import { renderChanges, renderEphemeral, renderMrkdwn, renderModal, type RenderContext, type Style } from './render.js';
import { buttonsOf, type SlackReply } from './slack-requests.js';
import type { StoredMessage } from './slack-stand-in.js';
import { SANDBOX_APPROVER, SANDBOX_OPERATOR, type Stack } from './stack.js';
import type { Transcript } from './transcript.js';

export interface SessionOptions {
  stack: Stack;
  clock: OffsetClock;
  transcript: Transcript;
  style: Style;
  /** IANA zone dates are shown in; the terminal's own when absent. */
  timeZone?: string;
}

export type LineOutcome = 'continue' | 'quit';

interface ButtonTarget {
  channel: string;
  ts: string;
  actionId: string;
  value: string;
}

/** A modal the bot opened, until it is submitted or closed. */
interface OpenForm {
  view: Record<string, unknown>;
  viewer: string;
}

interface InputBlock {
  type: string;
  block_id?: string;
  element?: { type: string; action_id?: string; initial_date?: string };
}

/** Where the sandbox's user types: private answers with buttons are kept as if they were in this channel. */
const CHANNEL = 'C0OPS';

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * One person at the sandbox terminal: runs their lines against the stack (slash commands, clicks, sandbox
 * commands) and prints what the bot answers and posts, only what changed since the last rendering.
 */
export class SandboxSession {
  user = SANDBOX_OPERATOR;
  private readonly options: SessionOptions;
  private shown = new Map<string, number>();
  private responsesShown = 0;
  private readonly viewers = new Map<string, string>();
  private readonly buttonKeys = new Map<string, number>();
  private readonly buttons: ButtonTarget[] = [];
  /** Private answers with buttons, by a ts of their own, so their buttons can be pressed too. */
  private readonly privateAnswers = new Map<string, StoredMessage>();
  /** The private answer a click on a private answer may replace, by the click's response id. */
  private readonly replaceable = new Map<string, string>();
  private modalsShown = 0;
  private form: OpenForm | undefined;
  private lastClicker = SANDBOX_OPERATOR;
  private busy = 0;
  private scheduled = false;
  private unsubscribe: (() => void) | undefined;

  constructor(options: SessionOptions) {
    this.options = options;
  }

  /** Starts following the Slack stand-in: what the bot posts or edits is printed as it happens. */
  start(): void {
    this.unsubscribe = this.options.stack.slack.onChange(() => this.schedule());
  }

  close(): void {
    this.unsubscribe?.();
  }

  /** Runs one line; errors in it are printed, never thrown. */
  async execute(line: string): Promise<LineOutcome> {
    const trimmed = line.trim();
    if (!trimmed) return 'continue';
    this.busy += 1;
    try {
      return await this.dispatch(trimmed, this.user);
    } catch (error) {
      const text = error instanceof UserInputError ? error.message : `The sandbox failed: ${errorMessage(error)}`;
      this.say(`✗ ${text}`);
      return 'continue';
    } finally {
      this.busy -= 1;
      this.flush();
    }
  }

  /** Prints what the bot posted, edited or answered since the last rendering. */
  flush(): void {
    const { stack, transcript } = this.options;
    const context = this.renderContext();
    const changes = renderChanges(stack.slack.messages, this.shown, context);
    this.shown = changes.shown;
    if (changes.text) transcript.print(changes.text);
    for (const response of stack.slack.responses.slice(this.responsesShown)) {
      const replaced = response.body.replace_original === true ? this.replaceable.get(response.id) : undefined;
      const original = replaced === undefined ? undefined : this.privateAnswers.get(replaced);
      if (original) {
        original.text = typeof response.body.text === 'string' ? response.body.text : '';
        original.blocks = Array.isArray(response.body.blocks) ? response.body.blocks : undefined;
        original.edits += 1;
      }
      this.printPrivately(response.body, this.viewers.get(response.id) ?? 'someone', `response-${response.id}`);
    }
    this.responsesShown = stack.slack.responses.length;
    for (const { view } of stack.slack.modals.slice(this.modalsShown)) {
      this.form = { view, viewer: this.lastClicker };
      transcript.print(renderModal(view, this.lastClicker, context));
      this.say(`_${this.formHint(view)}_`);
    }
    this.modalsShown = stack.slack.modals.length;
  }

  /** What the terminal shows before a line: who is typing. */
  prompt(): string {
    return `${this.user}> `;
  }

  /** The terminal's help text. */
  help(): string {
    return [
      `*Sandbox* — you are \`${this.user}\` (${this.role(this.user)}).`,
      '• `/hca …`, `/htan …` — send a signed slash command as the current user (try `/hca help`, `/htan help`)',
      '• `click N` — press button [N] of a message; `click <label>` presses the newest button with that label',
      '• `submit [YYYY-MM-DD]` — submit the form the bot opened (a date picker takes the date; without one it keeps the date shown); `close` dismisses it',
      '• `as U123 /hca …`, `as U123 click N` — act as another user for one line',
      `• \`user U123\` — switch the current user (\`${SANDBOX_OPERATOR}\` is an operator, \`${SANDBOX_APPROVER}\` an approver, anyone else neither)`,
      '• `/sandbox help` — control the stand-ins: archiver health, the clock, …',
      '• `help`, `quit` (or Ctrl-D)',
    ].join('\n');
  }

  private async dispatch(line: string, user: string): Promise<LineOutcome> {
    const [word = '', ...words] = line.split(/\s+/);
    const rest = line.slice(word.length).trim();
    switch (word.toLowerCase()) {
      case 'help':
        this.say(this.help());
        return 'continue';
      case 'quit':
      case 'exit':
        return 'quit';
      case 'user':
        this.user = userArg(words[0]);
        this.say(`You are now \`${this.user}\` (${this.role(this.user)}).`);
        return 'continue';
      case 'as': {
        const other = userArg(words[0]);
        const command = rest.slice(words[0]!.length).trim();
        if (!/^(\/hca|\/htan|\/sandbox share|click|submit)(\s|$)/i.test(command)) {
          throw new UserInputError(
            '`as U123` takes `/hca …`, `/htan …`, `/sandbox share …`, `click N` or `submit …` after the user id.',
          );
        }
        return this.dispatch(command, other);
      }
      case 'click':
        await this.click(rest, user);
        return 'continue';
      case 'submit':
        await this.submit(rest, user);
        return 'continue';
      case 'close':
        if (!this.form) throw new UserInputError('No form is open.');
        this.form = undefined;
        this.say('_Form closed; nothing was sent._');
        return 'continue';
      case '/hca':
      case '/htan':
        this.showReply(await this.options.stack.requester.command(rest, { user, command: word.toLowerCase() }), user);
        return 'continue';
      case '/sandbox': {
        const { stack, clock } = this.options;
        this.say(await runSandboxCommand(words, { stack, clock, user }));
        return 'continue';
      }
      default:
        throw new UserInputError(`Unknown command \`${word}\`. Type \`help\`.`);
    }
  }

  private async click(which: string, user: string): Promise<void> {
    if (!which) throw new UserInputError('Say which button: `click N` or `click <label>`.');
    const target = /^\d+$/.test(which) ? this.buttons[Number(which) - 1] : this.buttonLabelled(which);
    if (!target) throw new UserInputError(`There is no button \`${which}\` on the messages shown.`);
    const message =
      this.options.stack.slack.messages.find((m) => m.channel === target.channel && m.ts === target.ts) ??
      this.privateAnswers.get(target.ts);
    const button =
      message &&
      buttonsOf(message).find(
        (b) => b.element.action_id === target.actionId && (b.element.value ?? '') === target.value,
      );
    if (!message || !button) throw new UserInputError(`Button \`${which}\` is no longer on its message.`);
    const confirm = (button.element as { confirm?: { title?: { text?: string } } }).confirm;
    if (confirm) this.say(`_Slack asks "${confirm.title?.text ?? 'Are you sure?'}" — confirmed._`);
    this.lastClicker = user;
    const reply = await this.options.stack.requester.click(message, target.actionId, { user });
    if (this.privateAnswers.has(message.ts)) this.replaceable.set(responseId(reply.responseUrl), message.ts);
    this.showReply(reply, user);
  }

  private async submit(date: string, user: string): Promise<void> {
    const form = this.form;
    if (!form) throw new UserInputError('No form is open: *Move date…* on a reminder notice opens one.');
    if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new UserInputError(
        `\`${date}\` is not a date for a date picker: write YYYY-MM-DD, e.g. \`submit 2027-04-15\`.`,
      );
    }
    const values: Record<string, Record<string, string | null>> = {};
    for (const block of (form.view.blocks ?? []) as InputBlock[]) {
      const element = block.element;
      if (block.type !== 'input' || element?.type !== 'datepicker' || !block.block_id || !element.action_id) continue;
      values[block.block_id] = { [element.action_id]: date || (element.initial_date ?? null) };
    }
    const answer = await this.options.stack.requester.submitView(form.view, values, { user });
    if (answer.status !== 200) {
      this.say(`✗ The bot answered HTTP ${answer.status}.`);
      return;
    }
    const errors = answer.body.response_action === 'errors' ? (answer.body.errors as Record<string, string>) : {};
    if (Object.keys(errors).length > 0) {
      this.say(`✗ The form shows: ${Object.values(errors).join(' ')}`);
      this.say(`_The form stays open. ${this.formHint(form.view)}_`);
      return;
    }
    this.form = undefined;
    this.say('_Form submitted and closed._');
  }

  private formHint(view: Record<string, unknown>): string {
    const picker = ((view.blocks ?? []) as InputBlock[]).find((b) => b.element?.type === 'datepicker')?.element;
    const keep = picker?.initial_date ? ` (plain \`submit\` keeps ${picker.initial_date})` : '';
    return `Type \`submit YYYY-MM-DD\` to send the form${keep}, or \`close\`.`;
  }

  private buttonLabelled(label: string): ButtonTarget | undefined {
    const wanted = label.toLowerCase();
    const messages = [...this.options.stack.slack.messages]
      .reverse()
      .concat([...this.privateAnswers.values()].reverse());
    for (const message of messages) {
      const button = buttonsOf(message).find((b) =>
        ((b.element as { text?: { text?: string } }).text?.text ?? '').toLowerCase().includes(wanted),
      );
      if (button) {
        return {
          channel: message.channel,
          ts: message.ts,
          actionId: button.element.action_id,
          value: button.element.value ?? '',
        };
      }
    }
    return undefined;
  }

  private showReply(reply: SlackReply, user: string): void {
    const id = responseId(reply.responseUrl);
    this.viewers.set(id, user);
    if (reply.status !== 200) {
      this.say(`✗ The bot answered HTTP ${reply.status}.`);
      return;
    }
    if (reply.body.text || reply.body.blocks) this.printPrivately(reply.body, user, `reply-${id}`);
  }

  /** Prints a private answer; one with buttons is kept (as `ts`) so that `click` can press them. */
  private printPrivately(body: Record<string, unknown>, viewer: string, ts: string): void {
    const answer: StoredMessage = {
      channel: CHANNEL,
      ts,
      text: typeof body.text === 'string' ? body.text : '',
      blocks: Array.isArray(body.blocks) ? body.blocks : undefined,
      edits: 0,
    };
    if (buttonsOf(answer).length > 0) this.privateAnswers.set(ts, answer);
    const numberOf = (actionId: string, value: string) => this.buttonNumber(answer, actionId, value);
    this.options.transcript.print(renderEphemeral(body, viewer, this.renderContext(), numberOf));
  }

  /** Prints a line of mrkdwn of the sandbox's own. */
  say(mrkdwn: string): void {
    this.options.transcript.print(renderMrkdwn(mrkdwn, this.renderContext()));
  }

  private schedule(): void {
    if (this.scheduled || this.busy > 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.busy === 0) this.flush();
    });
  }

  private renderContext(): RenderContext {
    return {
      style: this.options.style,
      now: this.options.clock.now(),
      timeZone: this.options.timeZone,
      buttonNumber: (message, actionId, value) => this.buttonNumber(message, actionId, value),
    };
  }

  /** Buttons keep their number while their message is edited, so `click N` stays valid. */
  private buttonNumber(message: StoredMessage, actionId: string, value: string): number {
    const key = `${message.channel}/${message.ts}/${actionId}/${value}`;
    let number = this.buttonKeys.get(key);
    if (number === undefined) {
      this.buttons.push({ channel: message.channel, ts: message.ts, actionId, value });
      number = this.buttons.length;
      this.buttonKeys.set(key, number);
    }
    return number;
  }

  private role(user: string): string {
    const { operators, approvers } = this.options.stack.config;
    const permissions = createPermissions(operators, approvers);
    const roles = [
      ...(permissions.isOperator(user) ? ['an operator'] : []),
      ...(permissions.isApprover(user) ? ['an approver'] : []),
    ];
    return roles.length > 0 ? roles.join(' and ') : 'neither operator nor approver';
  }
}

function responseId(responseUrl: string): string {
  return responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
}

function userArg(word: string | undefined): string {
  if (!word || !USER_ID.test(word)) {
    throw new UserInputError(`\`${word ?? ''}\` is not a Slack user id: they look like U0OTHER (capitals and digits).`);
  }
  return word;
}
