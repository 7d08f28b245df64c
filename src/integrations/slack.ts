import { webApi } from '@slack/bolt';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { ChannelAccessError, ExternalServiceError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';

/** A Slack message as the gateway sends it: fallback text plus optional Block Kit blocks. */
export interface ThreadMessage {
  text: string;
  blocks?: Block[];
}

export type Block = Record<string, unknown>;

/** A text file for a channel or thread: long lists, generated scripts. */
export interface ThreadFile {
  filename: string;
  title: string;
  content: string;
  comment?: string;
}

export interface SlackGatewayOptions {
  client: webApi.WebClient;
  logger: Logger;
  /** Least time between two posts in one channel (Slack allows about one a second). */
  postIntervalMs: number;
  /** How many times a rate-limited call is repeated after waiting its Retry-After. */
  rateLimitRetries: number;
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

  /** Posts a message, joining a public channel first if the bot is not in it yet. */
  async postMessage(channel: string, message: ThreadMessage, threadTs?: string): Promise<PostedMessage> {
    const post = async () => {
      const result = await this.paced(channel, () =>
        this.call('chat.postMessage', () =>
          this.options.client.chat.postMessage({
            channel,
            text: message.text,
            ...(message.blocks ? { blocks: message.blocks } : {}),
            ...(threadTs ? { thread_ts: threadTs } : {}),
            unfurl_links: false,
            unfurl_media: false,
          }),
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
    await this.call('chat.update', () =>
      this.options.client.chat.update({
        channel,
        ts,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      }),
    );
  }

  /** Uploads a text file into a channel or thread (long lists, generated scripts). */
  async uploadFile(upload: ThreadFile & { channel: string; threadTs?: string }): Promise<void> {
    await this.paced(upload.channel, () =>
      this.call('files.uploadV2', () =>
        this.options.client.filesUploadV2({
          channel_id: upload.channel,
          thread_ts: upload.threadTs as string,
          filename: upload.filename,
          title: upload.title,
          content: upload.content,
          ...(upload.comment ? { initial_comment: upload.comment } : {}),
        }),
      ),
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
    await this.call('views.publish', () => this.options.client.views.publish({ user_id: userId, view: view as never }));
  }

  async openModal(triggerId: string, view: Record<string, unknown>): Promise<void> {
    await this.call('views.open', () => this.options.client.views.open({ trigger_id: triggerId, view: view as never }));
  }

  /** Posts to a slash command's or button's response_url (valid 30 minutes, 5 uses). */
  async respond(
    responseUrl: string,
    body: ThreadMessage & { replace_original?: boolean; response_type?: 'ephemeral' | 'in_channel' },
  ): Promise<void> {
    const response = await request(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', ...body }),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
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
          'I cannot post in this channel: it is private or archived and I am not a member. Invite @hca-ops-bot first (`/invite @hca-ops-bot`), then run the command again.',
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

export function isPlatformError(error: unknown, ...codes: string[]): boolean {
  const cause = error instanceof ExternalServiceError ? error.cause : error;
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return false;
  if (cause.code !== webApi.ErrorCode.PlatformError) return false;
  const data = (cause as { data?: { error?: string } }).data;
  return codes.length === 0 || codes.includes(data?.error ?? '');
}

function asServiceError(method: string, error: unknown): ExternalServiceError {
  if (isPlatformError(error)) {
    const code = (error as { data?: { error?: string } }).data?.error ?? 'unknown_error';
    const retryable = ['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'].includes(code);
    return new ExternalServiceError('Slack', `Slack answered ${method} with "${code}".`, { cause: error, retryable });
  }
  return new ExternalServiceError('Slack', `Slack could not be reached for ${method}: ${errorMessage(error)}`, {
    cause: error,
  });
}
