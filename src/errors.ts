export type ErrorCode =
  'user_input' | 'external_service' | 'secret_lookup' | 'unknown_outcome' | 'channel_access' | 'store_unavailable';

/** Base of the bot's errors: `message` is written for the operator and never holds a secret. */
export class BotError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** Bad input from a person: answer them, never retry. */
export class UserInputError extends BotError {
  constructor(message: string) {
    super('user_input', message);
  }
}

/** A remote service failed in a way that may pass (5xx, timeout, HTML page, malformed reply): retry with backoff. */
export class ExternalServiceError extends BotError {
  readonly service: string;

  constructor(service: string, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super('external_service', message, { cause: options.cause, retryable: options.retryable ?? true });
    this.service = service;
  }
}

/** A secret could not be read; names the secret id and field, never the value. */
export class SecretLookupError extends BotError {
  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super('secret_lookup', message, options);
  }
}

/** The bot cannot post in the channel the command came from. */
export class ChannelAccessError extends BotError {
  constructor(message: string) {
    super('channel_access', message);
  }
}

/**
 * The store cannot save (disk full, database damaged, its file gone or read-only): the write was refused or failed and
 * changed nothing. The message is what the person whose command it was reads.
 */
export class StoreUnavailableError extends BotError {
  /** Why, in a few words: `disk full`. */
  readonly reason: string;

  constructor(reason: string, options: { cause?: unknown } = {}) {
    super('store_unavailable', `The bot cannot save right now (${reason}); nothing was changed.`, {
      cause: options.cause,
      retryable: true,
    });
    this.reason = reason;
  }
}

/** A guarded call was started before a crash and its outcome was never recorded. */
export class UnknownOutcomeError extends BotError {
  readonly effectKey: string;

  constructor(effectKey: string) {
    super(
      'unknown_outcome',
      `The outcome of "${effectKey}" is unknown: it was started before a restart and never confirmed.`,
    );
    this.effectKey = effectKey;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The archiver refused the API key (401): the caller drops the cached key, fetches it again and retries once. */
export class ArchiverAuthError extends BotError {
  constructor(message: string) {
    super('external_service', message);
  }
}

/** Ingest refused the token (401 or 403): it has expired or lacks authority. Not retried with the same token. */
export class IngestAuthError extends ExternalServiceError {
  constructor(message: string) {
    super('The ingest API', message, { retryable: false });
  }
}
