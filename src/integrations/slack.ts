import { webApi } from '@slack/bolt';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { ChannelAccessError, ExternalServiceError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redactor.js';

/** A Slack message as the gateway sends it: fallback text plus optional Block Kit blocks. */
export interface ThreadMessage {
  text: string;
  blocks?: Block[];
}

export type Block = Record<string, unknown>;

/** A text file for a channel or thread: long lists, generated scripts. */
export interface FileContent {
  filename: string;
  title: string;
  content: string;
}

/** A text file for a thread, with the message text above it and any files that go in the same message. */
export interface ThreadFile extends FileContent {
  comment?: string;
  alongside?: FileContent[];
}

export interface SlackGatewayOptions {
  client: webApi.WebClient;
  logger: Logger;
  /** Least time between two posts in one channel (Slack allows about one a second). */
  postIntervalMs: number;
  /** How many times a rate-limited call is repeated after waiting its Retry-After. */
  rateLimitRetries: number;
  /** How long a response_url post may go unanswered. */
  timeoutMs: number;
  /**
   * Applied to every text the bot sends to Slack (messages, blocks, files, views): names, titles and values that come
   * from people or remote services may hold a pasted secret.
   */
  redactor?: Pick<Redactor, 'redactEvery'>;
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

/**
 * The Web API calls the bot makes, with Slack's rate limits honoured here: the client is built with
 * `rejectRateLimitedCalls`, so a 429 comes back at once and this gateway waits its Retry-After itself.
 */
export class SlackGateway {
  private readonly options: SlackGatewayOptions;
  private readonly channelTurns = new Map<string, Promise<void>>();
  private readonly joined = new Set<string>();

  constructor(options: SlackGatewayOptions) {
    this.options = options;
  }

  private redacted<T>(value: T): T {
    return this.options.redactor ? this.options.redactor.redactEvery(value) : value;
  }

  /**
   * Posts a message, joining a public channel first if the bot is not in it yet; a message whose blocks Slack refuses
   * goes out as plain text.
   */
  async postMessage(channel: string, unredacted: ThreadMessage, threadTs?: string): Promise<PostedMessage> {
    const message = this.redacted(unredacted);
    const post = async () => {
      const result = await this.asBuiltOrPlain('chat.postMessage', message, (sent) =>
        this.paced(channel, () =>
          this.call('chat.postMessage', () =>
            this.options.client.chat.postMessage({
              channel,
              text: sent.text,
              ...(sent.blocks ? { blocks: sent.blocks } : {}),
              ...(threadTs ? { thread_ts: threadTs } : {}),
              unfurl_links: false,
              unfurl_media: false,
            }),
          ),
        ),
      );
      return { channel: result.channel ?? channel, ts: result.ts as string };
    };
    try {
      return await post();
    } catch (error) {
      if (!isPlatformError(error, 'not_in_channel', 'channel_not_found') || this.joined.has(channel)) throw error;
      await this.join(channel);
      return await post();
    }
  }

  async update(channel: string, ts: string, message: ThreadMessage): Promise<void> {
    await this.asBuiltOrPlain('chat.update', this.redacted(message), (sent) =>
      this.call('chat.update', () =>
        this.options.client.chat.update({
          channel,
          ts,
          text: sent.text,
          ...(sent.blocks ? { blocks: sent.blocks } : {}),
        }),
      ),
    );
  }

  /**
   * Sends a message as built; when Slack refuses its blocks or its size, logs which block and sends it again flattened
   * to text: first one section keeping the buttons, then text alone. Nothing of it is lost from the log's point of view.
   */
  private async asBuiltOrPlain<T>(
    method: string,
    message: ThreadMessage,
    send: (message: ThreadMessage) => Promise<T>,
  ): Promise<T> {
    try {
      return await send(message);
    } catch (error) {
      const code = platformErrorCode(error);
      if (!code || !REFUSED_AS_BUILT.has(code)) throw error;
      this.options.logger.warn('slack refused a message as built; sending it as plain text', {
        method,
        error: code,
        blocks: refusedBlocks(error, message),
      });
      let last: unknown = error;
      for (const fallback of plainFallbacks(message)) {
        try {
          return await send(fallback);
        } catch (refused) {
          const again = platformErrorCode(refused);
          if (!again || !REFUSED_AS_BUILT.has(again)) throw refused;
          last = refused;
        }
      }
      throw last;
    }
  }

  /** Uploads a text file into a channel or thread (long lists, generated scripts). */
  async uploadFile(unredacted: ThreadFile & { channel: string; threadTs?: string }): Promise<void> {
    const upload = this.redacted(unredacted);
    await this.paced(upload.channel, () =>
      this.call('files.uploadV2', () =>
        this.options.client.filesUploadV2({
          channel_id: upload.channel,
          thread_ts: upload.threadTs as string,
          file_uploads: [upload, ...(upload.alongside ?? [])].map(({ filename, title, content }) => ({
            filename,
            title,
            content,
          })),
          ...(upload.comment ? { initial_comment: upload.comment } : {}),
        }),
      ),
    );
  }

  /** `files.info`: what Slack says of a shared file (the caller reads it with its own schema). */
  async fileInfo(fileId: string): Promise<unknown> {
    return this.call('files.info', () => this.options.client.files.info({ file: fileId }));
  }

  /** `files.list`: the files `user` shared in `channel` since `sinceSeconds`, newest first. */
  async filesShared(channel: string, user: string, sinceSeconds: number): Promise<unknown> {
    return this.call('files.list', () =>
      this.options.client.files.list({ channel, user, ts_from: String(sinceSeconds), count: 20 }),
    );
  }

  /** The id of the bot's direct-message channel with a user. */
  async openDm(userId: string): Promise<string> {
    const result = await this.call('conversations.open', () =>
      this.options.client.conversations.open({ users: userId }),
    );
    return (result.channel as { id: string }).id;
  }

  /** A user's IANA time zone as their Slack profile says. */
  async userTimeZone(userId: string): Promise<string | undefined> {
    const result = await this.call('users.info', () => this.options.client.users.info({ user: userId }));
    return (result.user as { tz?: string } | undefined)?.tz;
  }

  async publishHome(userId: string, view: { type: 'home'; blocks: Block[] }): Promise<void> {
    await this.call('views.publish', () =>
      this.options.client.views.publish({ user_id: userId, view: this.redacted(view) as never }),
    );
  }

  async openModal(triggerId: string, view: Record<string, unknown>): Promise<void> {
    await this.call('views.open', () =>
      this.options.client.views.open({ trigger_id: triggerId, view: this.redacted(view) as never }),
    );
  }

  /** Posts to a slash command's or button's response_url (valid 30 minutes, 5 uses). */
  async respond(
    responseUrl: string,
    body: ThreadMessage & { replace_original?: boolean; response_type?: 'ephemeral' | 'in_channel' },
  ): Promise<void> {
    const response = await request(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', ...this.redacted(body) }),
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
    });
    await response.body.dump();
    if (response.statusCode >= 300) {
      throw new ExternalServiceError('Slack', `Slack refused the response_url post (HTTP ${response.statusCode}).`);
    }
  }

  private async join(channel: string): Promise<void> {
    try {
      await this.call('conversations.join', () => this.options.client.conversations.join({ channel }));
      this.joined.add(channel);
    } catch (error) {
      if (isPlatformError(error, 'method_not_supported_for_channel_type', 'channel_not_found', 'is_archived')) {
        throw new ChannelAccessError(
          'I cannot post in this channel: it is private or archived and I am not a member. Invite @hca-ops-bot first (`/invite @hca-ops-bot`); a run waiting to post goes on by itself once I am in.',
        );
      }
      throw error;
    }
  }

  /**
   * Runs one post in a channel after the previous one there has been answered and `postIntervalMs` has passed since,
   * so Slack never sees two posts in a channel closer together than that, whatever the event loop's delays.
   */
  private async paced<T>(channel: string, post: () => Promise<T>): Promise<T> {
    const previous = this.channelTurns.get(channel) ?? Promise.resolve();
    let release!: () => void;
    const turn = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    this.channelTurns.set(channel, turn);
    await previous;
    try {
      return await post();
    } finally {
      setTimeout(release, this.options.postIntervalMs);
      void turn.then(() => {
        if (this.channelTurns.get(channel) === turn) this.channelTurns.delete(channel);
      });
    }
  }

  private async call<T>(method: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        const retryAfter = rateLimitedFor(error);
        if (retryAfter === undefined) throw asServiceError(method, error);
        if (attempt >= this.options.rateLimitRetries) {
          throw new ExternalServiceError('Slack', `Slack kept rate-limiting ${method}.`, { cause: error });
        }
        this.options.logger.info('slack rate limited', { method, retryAfterSeconds: retryAfter });
        await sleep(retryAfter * 1000);
      }
    }
  }
}

function rateLimitedFor(error: unknown): number | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === webApi.ErrorCode.RateLimitedError
  ) {
    return (error as unknown as { retryAfter: number }).retryAfter;
  }
  return undefined;
}

/** What Slack answers when it will not show a message as it was built. */
const REFUSED_AS_BUILT = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'too_many_blocks',
  'msg_too_long',
  'msg_blocks_too_long',
]);
const SECTION_LIMIT = 3000;
const TEXT_LIMIT = 39_000;

function clipped(text: string, limit: number): string {
  const marker = '… (cut: the whole message did not fit)';
  return text.length <= limit ? text : `${text.slice(0, limit - marker.length)}${marker}`;
}

/** The words of a message's blocks, one line per section, field, context element or header. */
function flattened(message: ThreadMessage): string {
  const texts: string[] = [];
  const take = (value: unknown) => {
    const text = (value as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string' && text) texts.push(text);
  };
  for (const block of message.blocks ?? []) {
    take(block.text);
    for (const part of [block.fields, block.elements].filter(Array.isArray) as unknown[][]) part.forEach(take);
  }
  return texts.join('\n') || message.text;
}

/** The message as one section with its buttons (when it has any), then as text alone. */
function plainFallbacks(message: ThreadMessage): ThreadMessage[] {
  const text = flattened(message);
  const buttons = (message.blocks ?? []).filter((block) => block.type === 'actions');
  const section = { type: 'section', text: { type: 'mrkdwn', text: clipped(text, SECTION_LIMIT) } };
  return [
    ...(buttons.length > 0 ? [{ text: clipped(message.text, TEXT_LIMIT), blocks: [section, ...buttons] }] : []),
    { text: clipped(text, TEXT_LIMIT) },
  ];
}

/** The blocks Slack named in its refusal (`[json-pointer:/blocks/3/text]`), with their types, for the log. */
function refusedBlocks(error: unknown, message: ThreadMessage): string[] {
  const said = platformErrorData(error)?.response_metadata?.messages ?? [];
  const named = said.flatMap((line) => [...line.matchAll(/json-pointer:(\/blocks\/(\d+)[^\]\s]*)/g)]);
  if (named.length === 0) return [`${message.blocks?.length ?? 0} blocks, ${message.text.length} characters of text`];
  return named.map(([, pointer, index]) => `${pointer} (${String(message.blocks?.[Number(index)]?.type ?? '?')})`);
}

interface PlatformErrorData {
  error?: string;
  response_metadata?: { messages?: string[] };
}

function platformErrorData(error: unknown): PlatformErrorData | undefined {
  const cause = error instanceof ExternalServiceError ? error.cause : error;
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return undefined;
  if (cause.code !== webApi.ErrorCode.PlatformError) return undefined;
  return (cause as { data?: PlatformErrorData }).data ?? {};
}

function platformErrorCode(error: unknown): string | undefined {
  return platformErrorData(error)?.error;
}

export function isPlatformError(error: unknown, ...codes: string[]): boolean {
  const data = platformErrorData(error);
  return data !== undefined && (codes.length === 0 || codes.includes(data.error ?? ''));
}

function asServiceError(method: string, error: unknown): ExternalServiceError {
  if (isPlatformError(error)) {
    const code = platformErrorCode(error) ?? 'unknown_error';
    const retryable = ['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'].includes(code);
    return new ExternalServiceError('Slack', `Slack answered ${method} with "${code}".`, { cause: error, retryable });
  }
  return new ExternalServiceError('Slack', `Slack could not be reached for ${method}: ${errorMessage(error)}`, {
    cause: error,
  });
}
