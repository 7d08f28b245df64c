import type { ServerResponse } from 'node:http';

/** A file shared in the stand-in's Slack: who shared it where and when, and its bytes. */
export interface ShelvedFile {
  id: string;
  name: string;
  filetype: string;
  mimetype: string;
  user: string;
  channel: string;
  /** Epoch seconds. */
  created: number;
  bytes: Uint8Array;
  deleted?: boolean;
}

const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Slack</title></head><body><h1>Sign in to your workspace</h1></body></html>';

const TYPES: Record<string, { filetype: string; mimetype: string }> = {
  csv: { filetype: 'csv', mimetype: 'text/csv' },
  tsv: { filetype: 'tsv', mimetype: 'text/tab-separated-values' },
  xlsx: { filetype: 'xlsx', mimetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
};

/**
 * The files part of the Slack stand-in: `files.info` and `files.list` as Slack answers them (deleted files,
 * `missing_scope` without `files:read`), and `url_private_download`, which needs the bot token and otherwise serves
 * Slack's sign-in page.
 */
export class SlackFileShelf {
  readonly files: ShelvedFile[] = [];
  /** Whether the installed app has the `files:read` scope. */
  canReadFiles = true;
  private readonly baseUrl: () => string;
  private readonly botToken: string;
  private counter = 0;

  constructor(baseUrl: () => string, botToken: string) {
    this.baseUrl = baseUrl;
    this.botToken = botToken;
  }

  /** Shares a file; its type comes from the name's extension (csv, tsv, xlsx, else plain text). */
  share(file: { name: string; user: string; channel: string; created: number; bytes: Uint8Array }): ShelvedFile {
    const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
    const type = TYPES[extension] ?? { filetype: 'text', mimetype: 'text/plain' };
    const shelved = { id: `F0HTAN${String(++this.counter).padStart(5, '0')}`, ...type, ...file };
    this.files.push(shelved);
    return shelved;
  }

  /** The answer to a `files.*` Web API method, or undefined for other methods. */
  answer(method: string, args: Record<string, unknown>): Record<string, unknown> | undefined {
    if (method !== 'files.info' && method !== 'files.list') return undefined;
    if (!this.canReadFiles) return { ok: false, error: 'missing_scope', needed: 'files:read', provided: 'chat:write' };
    if (method === 'files.info') {
      const file = this.files.find((f) => f.id === args.file);
      if (!file) return { ok: false, error: 'file_not_found' };
      if (file.deleted) return { ok: false, error: 'file_deleted' };
      return { ok: true, file: this.describe(file) };
    }
    const from = Number(args.ts_from ?? 0);
    const files = this.files
      .filter((f) => !f.deleted && f.created >= from)
      .filter((f) => (!args.channel || f.channel === args.channel) && (!args.user || f.user === args.user))
      .map((file, index) => ({ file, index }))
      .sort((a, b) => b.file.created - a.file.created || b.index - a.index)
      .map(({ file }) => file)
      .slice(0, Number(args.count ?? 100));
    return {
      ok: true,
      files: files.map((f) => this.describe(f)),
      paging: { count: files.length, total: files.length },
    };
  }

  /** Serves `/files-pri/<id>/<name>`; false when the path is not a file download. */
  serve(path: string, authorization: string | undefined, res: ServerResponse): boolean {
    const match = /^\/files-pri\/[A-Z0-9]+-([A-Z0-9]+)\//.exec(path);
    if (!match) return false;
    const file = this.files.find((f) => f.id === match[1]);
    if (authorization !== `Bearer ${this.botToken}` || !this.canReadFiles) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SIGN_IN_PAGE);
    } else if (!file || file.deleted) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('file not found');
    } else {
      res
        .writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) })
        .end(file.bytes);
    }
    return true;
  }

  private describe(file: ShelvedFile): Record<string, unknown> {
    const download = `${this.baseUrl()}/files-pri/T0SANDBOX-${file.id}/download/${encodeURIComponent(file.name)}`;
    return {
      id: file.id,
      created: file.created,
      timestamp: file.created,
      name: file.name,
      title: file.name,
      mimetype: file.mimetype,
      filetype: file.filetype,
      user: file.user,
      size: file.bytes.length,
      url_private: download.replace('/download/', '/'),
      url_private_download: download,
      channels: [file.channel],
    };
  }
}
