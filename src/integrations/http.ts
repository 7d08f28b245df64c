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
  UND_ERR_HEADERS_TIMEOUT: 'it did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'it stopped sending its answer',
  UND_ERR_SOCKET: 'the connection broke',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
};

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e === 'object' && 'code' in e && typeof e.code === 'string' && e.code in NETWORK_CAUSES) return e.code;
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

/** Turns a transport failure (DNS, refused, timeout, TLS) into one plain sentence naming the service and host. */
export function transportError(service: string, url: string, error: unknown): ExternalServiceError {
  const code = errorCode(error);
  const host = new URL(url).host;
  const cause = code ? NETWORK_CAUSES[code] : 'the request failed';
  return new ExternalServiceError(service, `${service} at ${host} could not be reached: ${cause}.`, { cause: error });
}

/** Describes an HTTP error answer without echoing a whole HTML page. */
export function statusError(service: string, url: string, status: number, body: string): ExternalServiceError {
  const host = new URL(url).host;
  const html = /^\s*</.test(body);
  const snippet = html ? 'an HTML error page' : body.trim().slice(0, 200) || 'an empty body';
  return new ExternalServiceError(service, `${service} at ${host} answered HTTP ${status} with ${snippet}.`, {
    retryable: status >= 500 || status === 429 || status === 408,
  });
}
