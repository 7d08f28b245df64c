import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { BotError, ExternalServiceError } from '../errors.js';
import { open, statusError } from './http.js';
import { isPlatformError, type SlackGateway } from './slack.js';

/** A file shared in Slack, as `files.info` and `files.list` describe it (only the fields read). */
export interface SlackFile {
  id: string;
  name: string;
  /** Slack's short type: `csv`, `tsv`, `xlsx`, `text`… */
  filetype: string;
  mimetype: string;
  size: number;
  /** Epoch seconds. */
  created: number;
  user?: string;
  urlPrivateDownload?: string;
}

export type SlackFileProblem = 'missing-scope' | 'not-found' | 'no-access' | 'too-large';

/** A file the bot cannot read; `message` says what to do. Not retryable: retrying would meet the same answer. */
export class SlackFileError extends BotError {
  readonly problem: SlackFileProblem;

  constructor(problem: SlackFileProblem, message: string) {
    super(problem === 'too-large' || problem === 'not-found' ? 'user_input' : 'external_service', message);
    this.problem = problem;
  }
}

const FileBody = z
  .object({
    id: z.string(),
    name: z.string().nullish(),
    title: z.string().nullish(),
    filetype: z.string().nullish(),
    mimetype: z.string().nullish(),
    size: z.number().int().nonnegative(),
    created: z.number().int(),
    user: z.string().nullish(),
    url_private_download: z.string().nullish(),
  })
  .transform((file): SlackFile => ({
    id: file.id,
    name: file.name ?? file.title ?? file.id,
    filetype: file.filetype ?? '',
    mimetype: file.mimetype ?? '',
    size: file.size,
    created: file.created,
    ...(file.user ? { user: file.user } : {}),
    ...(file.url_private_download ? { urlPrivateDownload: file.url_private_download } : {}),
  }));
const FileInfoResponse = z.object({ file: FileBody });
const FileListResponse = z.object({ files: z.array(FileBody) });

/**
 * Reads files shared in Slack with the bot token (scope `files:read`): `files.info`, `files.list`, and the bytes of
 * `url_private_download` into memory, never more than the cap and never to disk.
 */
export interface SlackFiles {
  info(fileId: string): Promise<SlackFile>;
  /** The newest file `user` shared in `channel` at or after `sinceSeconds`, if any. */
  latestShared(channel: string, user: string, sinceSeconds: number): Promise<SlackFile | undefined>;
  /** The file's bytes; rejects with SlackFileError `too-large` as soon as it is known to exceed `maxBytes`. */
  download(file: SlackFile, maxBytes: number): Promise<Uint8Array>;
}

export interface SlackFilesOptions {
  /** The Web API calls go through the gateway (rate limits honoured there); the download is a plain GET. */
  slack: Pick<SlackGateway, 'fileInfo' | 'filesShared'>;
  botToken: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

const SERVICE = 'Slack';
const SCOPE_MESSAGE =
  'I cannot read files shared in Slack: my app lacks the files:read scope. Ask a workspace admin to reinstall it from manifest.yml.';
const GONE_MESSAGE =
  'That file is gone: it was deleted, or it is not shared anywhere I can see. Share it again in this channel.';

export function createSlackFiles(options: SlackFilesOptions): SlackFiles {
  const { slack, botToken, timeoutMs, dispatcher } = options;

  async function read<T>(method: string, call: () => Promise<unknown>, schema: z.ZodType<T>): Promise<T> {
    let result: unknown;
    try {
      result = await call();
    } catch (error) {
      if (isPlatformError(error, 'missing_scope')) throw new SlackFileError('missing-scope', SCOPE_MESSAGE);
      if (isPlatformError(error, 'file_not_found', 'file_deleted')) throw new SlackFileError('not-found', GONE_MESSAGE);
      throw error;
    }
    const parsed = schema.safeParse(result);
    if (!parsed.success) throw new ExternalServiceError('Slack', `Slack answered ${method} in an unexpected shape.`);
    return parsed.data;
  }

  return {
    async info(fileId) {
      return (await read('files.info', () => slack.fileInfo(fileId), FileInfoResponse)).file;
    },
    async latestShared(channel, user, sinceSeconds) {
      const { files } = await read(
        'files.list',
        () => slack.filesShared(channel, user, sinceSeconds),
        FileListResponse,
      );
      return files
        .filter((f) => f.created >= sinceSeconds)
        .reduce<SlackFile | undefined>((newest, f) => (!newest || f.created > newest.created ? f : newest), undefined);
    },
    async download(file, maxBytes) {
      if (file.size > maxBytes) throw tooLarge(file.name, maxBytes);
      if (!file.urlPrivateDownload)
        throw new SlackFileError('no-access', `Slack gives no download link for ${file.name}.`);
      return fetchCapped(file, file.urlPrivateDownload, maxBytes, { botToken, timeoutMs, dispatcher });
    },
  };
}

async function fetchCapped(
  file: SlackFile,
  url: string,
  maxBytes: number,
  options: { botToken: string; timeoutMs: number; dispatcher?: Dispatcher },
): Promise<Uint8Array> {
  const answer = await open(SERVICE, {
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${options.botToken}` },
    timeoutMs: options.timeoutMs,
    dispatcher: options.dispatcher,
  });
  const { status } = answer;
  if (status !== 200) {
    const text = await answer.text();
    if (status === 404) throw new SlackFileError('not-found', GONE_MESSAGE);
    if ((status >= 300 && status < 400) || status === 401 || status === 403) throw signInPage(file);
    throw statusError(SERVICE, url, status, text);
  }
  if (answer.contentType.startsWith('text/html') && !file.mimetype.includes('html')) {
    answer.discard();
    throw signInPage(file);
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of answer.chunks) {
      total += chunk.length;
      if (total > maxBytes) break;
      parts.push(chunk);
    }
  } catch (error) {
    throw answer.brokeOff(error);
  }
  if (total > maxBytes) {
    answer.discard();
    throw tooLarge(file.name, maxBytes);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function signInPage(file: SlackFile): SlackFileError {
  return new SlackFileError(
    'no-access',
    `Slack sent a sign-in page instead of ${file.name}: my app lacks the files:read scope, or the file is not shared where I can see it.`,
  );
}

function tooLarge(name: string, maxBytes: number): SlackFileError {
  const megabytes = Math.round(maxBytes / 1024 / 1024);
  return new SlackFileError(
    'too-large',
    `${name} is over ${megabytes} MB, the most I read from Slack. Put it in S3 and check it with an s3:// URL (streamed, whatever its size), or split it.`,
  );
}
