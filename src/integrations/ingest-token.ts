import { readFile } from 'node:fs/promises';
import { ExternalServiceError, IngestAuthError } from '../errors.js';

/** Where the ingest bearer token comes from: a fixed value, or a file that is read again after every refusal. */
export interface IngestTokenSource {
  token(): Promise<string>;
  /** After ingest refused the token: reads it again; true when it changed, so that one more try is worth it. */
  renew(): Promise<boolean>;
  /** What to do when ingest refuses the token, for the operator. */
  readonly advice: string;
}

export function fixedIngestToken(token: string): IngestTokenSource {
  return {
    token: async () => token,
    renew: async () => false,
    advice:
      'An operator copies a fresh token from the ingest UI and gives it to the bot, or sets up a service-account ' +
      'token (see the README).',
  };
}

/**
 * Reads the token from `path` on first use and again after every refusal, so a token can be replaced without a
 * restart. The file holds the token alone (surrounding whitespace is ignored).
 */
export function fileIngestToken(options: {
  path: string;
  /** Told every token read, so that logs never show it. */
  onRead?: (token: string) => void;
  read?: (path: string) => Promise<string>;
}): IngestTokenSource {
  const { path, onRead, read = (p: string) => readFile(p, 'utf8') } = options;
  let cached: string | undefined;

  async function load(): Promise<string> {
    let text: string;
    try {
      text = await read(path);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const why = typeof code === 'string' ? code : 'it could not be read';
      throw new ExternalServiceError(
        'The ingest token file',
        `The ingest token file ${path} cannot be read (${why}).`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    const token = text.trim();
    if (!token || /\s/.test(token)) {
      throw new ExternalServiceError(
        'The ingest token file',
        `The ingest token file ${path} must hold one token and nothing else.`,
        { retryable: true },
      );
    }
    onRead?.(token);
    return token;
  }

  return {
    async token() {
      cached ??= await load();
      return cached;
    },
    async renew() {
      const before = cached;
      cached = await load();
      return cached !== before;
    },
    advice: `Put a fresh token (or a service-account token, see the README) in the bot's token file ${path}; it is read again on the next try.`,
  };
}

/**
 * Makes `call` with the current token. When ingest refuses it, the source reads the token again and, if it changed,
 * the call is made once more; a second refusal rejects with an IngestAuthError that says what to do.
 */
export async function withIngestToken<T>(source: IngestTokenSource, call: (token: string) => Promise<T>): Promise<T> {
  for (let renewed = false; ; renewed = true) {
    try {
      return await call(await source.token());
    } catch (error) {
      if (!(error instanceof IngestAuthError)) throw error;
      if (renewed || !(await source.renew())) throw new IngestAuthError(`${error.message} ${source.advice}`);
    }
  }
}
