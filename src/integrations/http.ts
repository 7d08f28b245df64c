import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { ExternalServiceError } from '../errors.js';

const NETWORK_CAUSES: Record<string, string> = {
  ENOTFOUND: 'its host name does not resolve (DNS)',
  EAI_AGAIN: 'its host name could not be resolved just now (DNS)',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection broke',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
};

/** Waits that HTTP_TIMEOUT_MS ended, as the sentence that says so follows "The archiver at <host>". */
const TIMEOUTS: Record<string, (waited: string) => string> = {
  UND_ERR_HEADERS_TIMEOUT: (waited) => `has not answered for ${waited}`,
  UND_ERR_BODY_TIMEOUT: (waited) => `stopped in the middle of its answer for ${waited}`,
};

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e === 'object' && 'code' in e && typeof e.code === 'string') {
      if (e.code in NETWORK_CAUSES || e.code in TIMEOUTS) return e.code;
    }
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

function seconds(ms: number): string {
  return `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}

/**
 * Turns a transport failure (DNS, refused, TLS, or no answer within `timeoutMs`) into one plain sentence naming the
 * service and host.
 */
export function transportError(service: string, url: string, error: unknown, timeoutMs: number): ExternalServiceError {
  const code = errorCode(error);
  const host = new URL(url).host;
  const timeout = code ? TIMEOUTS[code] : undefined;
  if (timeout)
    return new ExternalServiceError(service, `${service} at ${host} ${timeout(seconds(timeoutMs))}.`, { cause: error });
  const cause = code ? NETWORK_CAUSES[code] : 'the request failed';
  return new ExternalServiceError(service, `${service} at ${host} could not be reached: ${cause}.`, { cause: error });
}

/** Describes an HTTP error answer without echoing a whole HTML page. */
export function statusError(service: string, url: string, status: number, body: string): ExternalServiceError {
  const host = new URL(url).host;
  const snippet = looksLikeHtml(body) ? 'an HTML error page' : body.trim().slice(0, 200) || 'an empty body';
  return new ExternalServiceError(service, `${service} at ${host} answered HTTP ${status} with ${snippet}.`, {
    retryable: status >= 500 || status === 429 || status === 408,
  });
}

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

export interface HttpAnswer {
  url: string;
  status: number;
  body: string;
}

/** An answer whose body has not been read yet: read it whole with `text()` or chunk by chunk from `chunks`. */
export interface OpenAnswer {
  url: string;
  status: number;
  /** The `content-type` header, empty when there is none. */
  contentType: string;
  chunks: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /** Drops the rest of the body (an answer abandoned half-read). */
  discard(): void;
  /** The error for a body that broke off while being read. */
  brokeOff(error: unknown): ExternalServiceError;
}

/** Sends one request and waits for its status; a failure on the way (timeouts included) becomes a transportError. */
export async function open(service: string, call: HttpCall): Promise<OpenAnswer> {
  const { method, url, headers, body, timeoutMs, dispatcher } = call;
  try {
    const response = await request(url, {
      method,
      headers,
      body,
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    return {
      url,
      status: response.statusCode,
      contentType: String(response.headers['content-type'] ?? ''),
      chunks: response.body,
      text: async () => {
        try {
          return await response.body.text();
        } catch (error) {
          throw transportError(service, url, error, timeoutMs);
        }
      },
      // destroy() without an error makes undici emit RequestAbortedError: nobody is left to read it.
      discard: () => response.body.on('error', () => undefined).destroy(),
      brokeOff: (error) => transportError(service, url, error, timeoutMs),
    };
  } catch (error) {
    throw transportError(service, url, error, timeoutMs);
  }
}

/** Sends one request and reads the whole answer. */
export async function send(service: string, call: HttpCall): Promise<HttpAnswer> {
  const answer = await open(service, call);
  return { url: answer.url, status: answer.status, body: await answer.text() };
}

/** The `message` (or Spring's `exceptionMessage`, or Synapse's `reason`) of a JSON error body, if it has one. */
export function jsonMessage(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { message, exceptionMessage, reason } = parsed as Record<string, unknown>;
    const text = [message, exceptionMessage, reason].find((t) => typeof t === 'string' && t);
    return typeof text === 'string' && text ? text.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/** An error answer: a 4xx that says why is quoted and not retried; anything else as statusError. */
export function answerError(service: string, answer: HttpAnswer): ExternalServiceError {
  const message = answer.status >= 400 && answer.status < 500 ? jsonMessage(answer.body) : undefined;
  if (message === undefined || answer.status === 408 || answer.status === 429) {
    return statusError(service, answer.url, answer.status, answer.body);
  }
  const host = new URL(answer.url).host;
  return new ExternalServiceError(
    service,
    `${service} at ${host} refused the request (HTTP ${answer.status}): ${message}`,
    {
      retryable: false,
    },
  );
}

/** A 200 answer that cannot be used (`what`: "malformed JSON", …): retryable, as the next answer may be right. */
export function malformedAnswer(service: string, url: string, what: string): ExternalServiceError {
  return new ExternalServiceError(service, `${service} at ${new URL(url).host} answered with ${what}.`);
}

export const HTML_INSTEAD_OF_JSON = 'an HTML page instead of JSON';

/** Whether a body (or its first chunk) starts like an HTML page. */
export function looksLikeHtml(start: string): boolean {
  return /^\s*</.test(start);
}

/** Parses a 200 answer's JSON with `schema`; an HTML page, malformed JSON or an unexpected shape is retryable. */
export function parseAnswer<T>(service: string, answer: HttpAnswer, schema: z.ZodType<T>): T {
  const fail = (what: string) => malformedAnswer(service, answer.url, what);
  if (looksLikeHtml(answer.body)) throw fail(HTML_INSTEAD_OF_JSON);
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    throw fail('malformed JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue?.path.length ? issue.path.join('.') : 'the body';
    throw fail(`JSON of an unexpected shape (${where}: ${issue?.message ?? 'invalid'})`);
  }
  return parsed.data;
}
