import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackStandIn } from './loopback.js';
import { SlackFileShelf } from './slack-file-shelf.js';

/** One Web API call as the stand-in received it. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  status: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  edits: number;
  /** Edits that left the text and blocks as they were (Slack marks the message edited all the same). */
  unchangedEdits?: number;
  files?: StoredFile[];
}

export interface StoredFile {
  id: string;
  filename: string;
  title?: string;
  content: string;
}

/** A post to a response_url: an ephemeral answer to one user, or a replacement of the message clicked. */
export interface StoredResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface ChannelSetup {
  isPrivate: boolean;
  isMember: boolean;
  isArchived?: boolean;
}

/**
 * How the next call of a method fails: a 429, an HTTP error page, or an `ok: false` answer. An injected
 * `invalid_blocks` names the first block of the call in `response_metadata`, as Slack names the block it refused.
 */
export type Failure = { status: 429; retryAfter: number } | { error: string } | { status: number; body: string };

export interface SlackStandInOptions {
  botToken: string;
  botUserId?: string;
  /** Enforce Slack's chat.postMessage limit per channel (about 1 a second with short bursts); 429 when exceeded. */
  postRateLimit?: { perSecond: number; burst: number };
}

/**
 * A loopback stand-in for Slack's Web API (`SLACK_API_URL`) and for response_url posts. It keeps channels,
 * messages and threads, enforces the bot token, and can be told to fail or rate-limit a method.
 */
export class SlackStandIn extends LoopbackStandIn {
  readonly calls: RecordedCall[] = [];
  readonly messages: StoredMessage[] = [];
  readonly responses: StoredResponse[] = [];
  readonly channels = new Map<string, ChannelSetup>();
  readonly users = new Map<string, { tz: string; name: string }>();
  /** Home tab views by user, as last published. */
  readonly homeViews = new Map<string, Record<string, unknown>>();
  readonly modals: { triggerId: string; view: Record<string, unknown> }[] = [];
  /** Files people shared: `files.info`, `files.list` and their downloads. */
  readonly files: SlackFileShelf;
  private readonly uploads = new Map<string, StoredFile>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly listeners = new Set<() => void>();
  private readonly options: SlackStandInOptions;
  private tsCounter = 0;
  private responseCounter = 0;

  constructor(options: SlackStandInOptions) {
    super();
    this.options = options;
    this.files = new SlackFileShelf(() => this.server.url, options.botToken);
  }

  /** The Web API base for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.server.url}/api/`;
  }

  /** A fresh response_url, as Slack puts in each slash command and interaction. */
  newResponseUrl(): string {
    return `${this.server.url}/response/${++this.responseCounter}`;
  }

  /** Someone shares a file in a channel: the file is on the shelf and a message says so. */
  shareFile(file: { name: string; user: string; channel: string; created: number; bytes: Uint8Array }) {
    const shared = this.files.share(file);
    const kb = (file.bytes.length / 1024).toFixed(1);
    this.messages.push({
      channel: file.channel,
      ts: this.nextTs(),
      text: `<@${file.user}> shared *${file.name}* (${kb} KB, file ${shared.id})`,
      edits: 0,
    });
    this.changed();
    return shared;
  }

  /** Makes the next call(s) of a method fail, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  rootMessages(channel?: string): StoredMessage[] {
    return this.messages.filter((m) => !m.threadTs && (!channel || m.channel === channel));
  }

  thread(root: StoredMessage): StoredMessage[] {
    return this.messages.filter((m) => m.channel === root.channel && m.threadTs === root.ts);
  }

  private channel(id: string): ChannelSetup {
    let setup = this.channels.get(id);
    if (!setup) {
      setup = { isPrivate: id.startsWith('G'), isMember: false };
      this.channels.set(id, setup);
    }
    return setup;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.server.url).pathname;
    if (path.startsWith('/response/')) {
      this.responses.push({ id: path.slice('/response/'.length), body: JSON.parse(raw || '{}'), at: Date.now() });
      this.changed();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (path.startsWith('/upload/')) {
      const upload = this.uploads.get(path.slice('/upload/'.length));
      if (upload) upload.content = await uploadedText(Buffer.concat(chunks), req.headers['content-type'] ?? '');
      res.writeHead(upload ? 200 : 404, { 'content-type': 'text/plain' }).end(upload ? 'OK' : 'unknown upload');
      return;
    }
    if (this.files.serve(path, req.headers.authorization, res)) return;
    if (!path.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = path.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const record = (status: number) => this.calls.push({ method, args, at: Date.now(), status });

    const failure = this.failures.get(method)?.shift();
    if (failure) {
      if ('retryAfter' in failure) {
        record(429);
        res.writeHead(429, { 'retry-after': String(failure.retryAfter), 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      } else if ('error' in failure) {
        record(200);
        sendJson(res, { ok: false, error: failure.error, ...refusalDetail(failure.error, args) });
      } else {
        record(failure.status);
        res.writeHead(failure.status, { 'content-type': 'text/html' }).end(failure.body);
      }
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.options.botToken}`) {
      record(200);
      sendJson(res, { ok: false, error: 'invalid_auth' });
      return;
    }
    if (method === 'chat.postMessage' && this.options.postRateLimit && !this.takeToken(String(args.channel))) {
      record(429);
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    record(200);
    sendJson(res, this.answer(method, args));
    this.changed();
  }

  private takeToken(channel: string): boolean {
    const { perSecond, burst } = this.options.postRateLimit!;
    const now = Date.now();
    const bucket = this.buckets.get(channel) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: this.options.botUserId ?? 'UBOT',
          bot_id: 'BBOT',
          team_id: 'T0SANDBOX',
          team: 'sandbox',
        };
      case 'chat.postMessage': {
        const channel = String(args.channel);
        const setup = this.channel(channel);
        if (!setup.isMember) return { ok: false, error: setup.isPrivate ? 'channel_not_found' : 'not_in_channel' };
        const message: StoredMessage = {
          channel,
          ts: this.nextTs(),
          text: String(args.text ?? ''),
          blocks: args.blocks as unknown[] | undefined,
          edits: 0,
          ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
        };
        this.messages.push(message);
        return { ok: true, channel, ts: message.ts, message: { text: message.text, ts: message.ts } };
      }
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        const before = JSON.stringify([message.text, message.blocks]);
        message.text = String(args.text ?? message.text);
        message.blocks = (args.blocks as unknown[] | undefined) ?? message.blocks;
        message.edits += 1;
        if (JSON.stringify([message.text, message.blocks]) === before) {
          message.unchangedEdits = (message.unchangedEdits ?? 0) + 1;
        }
        return { ok: true, channel: message.channel, ts: message.ts };
      }
      case 'conversations.join': {
        const setup = this.channel(String(args.channel));
        if (setup.isArchived) return { ok: false, error: 'is_archived' };
        if (setup.isPrivate) return { ok: false, error: 'method_not_supported_for_channel_type' };
        setup.isMember = true;
        return { ok: true, channel: { id: args.channel } };
      }
      case 'conversations.open': {
        const id = `D${String(args.users).replace(/^U/, '')}`;
        this.channels.set(id, { isPrivate: true, isMember: true });
        return { ok: true, channel: { id } };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.tsCounter).padStart(8, '0')}`;
        this.uploads.set(id, { id, filename: String(args.filename), content: '' });
        return { ok: true, upload_url: `${this.server.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const channel = String(args.channel_id ?? '');
        const listed = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as {
          id: string;
          title?: string;
        }[];
        const files = listed.map((f) => ({ ...this.uploads.get(f.id)!, title: f.title }));
        if (channel) {
          const setup = this.channel(channel);
          if (!setup.isMember) return { ok: false, error: 'not_in_channel' };
          this.messages.push({
            channel,
            ts: this.nextTs(),
            text: String(args.initial_comment ?? ''),
            edits: 0,
            files,
            ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
          });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title, name: f.filename })) };
      }
      case 'views.publish': {
        this.homeViews.set(String(args.user_id), parseView(args.view));
        return { ok: true, view: { id: 'V0HOME' } };
      }
      case 'views.open': {
        this.modals.push({ triggerId: String(args.trigger_id), view: parseView(args.view) });
        this.changed();
        return { ok: true, view: { id: `V0MODAL${this.modals.length}` } };
      }
      case 'users.info': {
        const user = this.users.get(String(args.user)) ?? { tz: 'Europe/London', name: String(args.user) };
        return { ok: true, user: { id: args.user, name: user.name, tz: user.tz } };
      }
      default:
        return this.files.answer(method, args) ?? { ok: false, error: 'unknown_method' };
    }
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${1_700_000_000 + this.tsCounter}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function refusalDetail(error: string, args: Record<string, unknown>): Record<string, unknown> {
  if (error !== 'invalid_blocks' || !Array.isArray(args.blocks)) return {};
  return {
    response_metadata: { messages: ['[ERROR] failed to match all allowed schemas [json-pointer:/blocks/0/text]'] },
  };
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.startsWith('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = key === 'blocks' || key === 'attachments' ? JSON.parse(value) : value;
  }
  return args;
}

async function uploadedText(body: Buffer, contentType: string): Promise<string> {
  if (!contentType.startsWith('multipart/form-data')) return body.toString('utf8');
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const part = form.get('body') ?? form.get('file');
  return typeof part === 'string' ? part : ((await part?.text()) ?? '');
}

function parseView(view: unknown): Record<string, unknown> {
  return (typeof view === 'string' ? JSON.parse(view) : view) as Record<string, unknown>;
}

function sendJson(res: ServerResponse, body: Record<string, unknown>): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
