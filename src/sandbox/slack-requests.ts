import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'undici';
import type { SlackStandIn, StoredMessage } from './slack-stand-in.js';

/** Slack's v0 request signature over `v0:{timestamp}:{body}`. */
export function signature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface DeliveryOptions {
  /** Seconds since the epoch written in X-Slack-Request-Timestamp; defaults to now. */
  timestamp?: number;
  retryNum?: number;
  /** Replace the signature (tampering) or send none (`null`). */
  signature?: string | null;
  /** Change the body after signing. */
  tamperBody?: (body: string) => string;
}

export interface CommandOptions extends DeliveryOptions {
  user?: string;
  channel?: string;
  triggerId?: string;
  command?: string;
}

export interface SlackReply {
  status: number;
  /** The ack body: JSON when the bot acked with a message, otherwise text. */
  body: { text?: string; response_type?: string } & Record<string, unknown>;
  responseUrl: string;
}

/** Sends signed slash commands and button clicks to the bot as Slack does (form-encoded, HMAC-signed). */
export class SlackRequester {
  private readonly eventsUrl: string;
  private readonly signingSecret: string;
  private readonly slack: SlackStandIn;

  constructor(options: { eventsUrl: string; signingSecret: string; slack: SlackStandIn }) {
    this.eventsUrl = options.eventsUrl;
    this.signingSecret = options.signingSecret;
    this.slack = options.slack;
  }

  async command(text: string, options: CommandOptions = {}): Promise<SlackReply> {
    const responseUrl = this.slack.newResponseUrl();
    const body = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: 'T0SANDBOX',
      team_domain: 'sandbox',
      channel_id: options.channel ?? 'C0OPS',
      channel_name: 'hca-operations',
      user_id: options.user ?? 'U0OPERATOR',
      user_name: 'wrangler',
      command: options.command ?? '/hca',
      text,
      api_app_id: 'A0HCAOPS',
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: options.triggerId ?? `${Date.now()}.${randomUUID()}`,
    }).toString();
    return { ...(await this.deliver(body, options)), responseUrl };
  }

  /** Clicks a button of a message the bot posted. */
  async click(
    message: StoredMessage,
    actionId: string,
    options: DeliveryOptions & { user?: string } = {},
  ): Promise<SlackReply> {
    const button = findButton(message, actionId);
    if (!button) throw new Error(`message ${message.ts} has no button ${actionId}`);
    const responseUrl = this.slack.newResponseUrl();
    const payload = {
      type: 'block_actions',
      user: { id: options.user ?? 'U0OPERATOR', username: 'wrangler', team_id: 'T0SANDBOX' },
      api_app_id: 'A0HCAOPS',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      trigger_id: `${Date.now()}.${randomUUID()}`,
      team: { id: 'T0SANDBOX', domain: 'sandbox' },
      channel: { id: message.channel, name: 'hca-operations' },
      message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
      response_url: responseUrl,
      actions: [{ ...button.element, block_id: button.blockId, action_ts: String(Date.now() / 1000) }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return { ...(await this.deliver(body, options)), responseUrl };
  }

  /** Uses a message shortcut on a message that carries `files` (the `message_action` payload). */
  async messageShortcut(
    callbackId: string,
    message: { channel: string; ts: string; text?: string; files?: { id: string; name: string }[] },
    options: DeliveryOptions & { user?: string } = {},
  ): Promise<SlackReply> {
    const responseUrl = this.slack.newResponseUrl();
    const payload = {
      type: 'message_action',
      callback_id: callbackId,
      trigger_id: `${Date.now()}.${randomUUID()}`,
      message_ts: message.ts,
      response_url: responseUrl,
      team: { id: 'T0SANDBOX', domain: 'sandbox' },
      channel: { id: message.channel, name: 'htan-submissions' },
      user: { id: options.user ?? 'U0OPERATOR', name: 'wrangler', team_id: 'T0SANDBOX' },
      message: {
        type: 'message',
        ts: message.ts,
        text: message.text ?? '',
        ...(message.files ? { files: message.files.map((f) => ({ id: f.id, name: f.name })) } : {}),
      },
      token: 'legacy-verification-token',
      action_ts: String(Date.now() / 1000),
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return { ...(await this.deliver(body, options)), responseUrl };
  }

  /** A user opens the bot's App Home tab (the `app_home_opened` event). */
  async openHome(user: string, options: DeliveryOptions = {}): Promise<Omit<SlackReply, 'responseUrl'>> {
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: 'T0SANDBOX',
      api_app_id: 'A0HCAOPS',
      type: 'event_callback',
      event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'app_home_opened',
        user,
        channel: `D${user.replace(/^U/, '')}`,
        tab: 'home',
        event_ts: String(Date.now() / 1000),
      },
    });
    return this.deliver(body, options, 'application/json');
  }

  /**
   * Submits a modal the bot opened, with input values by block id and action id (a date picker's value is its
   * `YYYY-MM-DD`). The reply body holds the bot's `response_action` (validation errors) if it sent one.
   */
  async submitView(
    view: Record<string, unknown>,
    values: Record<string, Record<string, string | null>>,
    options: DeliveryOptions & { user?: string } = {},
  ): Promise<Omit<SlackReply, 'responseUrl'>> {
    const state = Object.fromEntries(
      Object.entries(values).map(([blockId, actions]) => [
        blockId,
        Object.fromEntries(
          Object.entries(actions).map(([actionId, value]) => [actionId, { type: 'datepicker', selected_date: value }]),
        ),
      ]),
    );
    const payload = {
      type: 'view_submission',
      team: { id: 'T0SANDBOX', domain: 'sandbox' },
      user: { id: options.user ?? 'U0OPERATOR', name: 'wrangler', team_id: 'T0SANDBOX' },
      api_app_id: 'A0HCAOPS',
      token: 'legacy-verification-token',
      trigger_id: `${Date.now()}.${randomUUID()}`,
      view: { ...view, id: 'V0MODAL', team_id: 'T0SANDBOX', state: { values: state } },
    };
    return this.deliver(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options);
  }

  private async deliver(
    body: string,
    options: DeliveryOptions,
    contentType = 'application/x-www-form-urlencoded',
  ): Promise<Omit<SlackReply, 'responseUrl'>> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
    };
    const signed = options.signature === undefined ? signature(this.signingSecret, timestamp, body) : options.signature;
    if (signed !== null) headers['x-slack-signature'] = signed;
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const sent = options.tamperBody ? options.tamperBody(body) : body;
    const response = await request(this.eventsUrl, { method: 'POST', headers, body: sent });
    const text = await response.body.text();
    let parsed: SlackReply['body'];
    try {
      parsed = text ? (JSON.parse(text) as SlackReply['body']) : {};
    } catch {
      parsed = { text };
    }
    return { status: response.statusCode, body: parsed };
  }
}

interface ButtonElement {
  type: string;
  action_id: string;
  value?: string;
}

/** Buttons of a Block Kit message, in order, with their block ids. */
export function buttonsOf(message: StoredMessage): { blockId: string; element: ButtonElement }[] {
  const found: { blockId: string; element: ButtonElement }[] = [];
  for (const block of (message.blocks ?? []) as { type: string; block_id?: string; elements?: ButtonElement[] }[]) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) {
      if (element.type === 'button') found.push({ blockId: block.block_id ?? '', element });
    }
  }
  return found;
}

function findButton(message: StoredMessage, actionId: string) {
  return buttonsOf(message).find((b) => b.element.action_id === actionId);
}
