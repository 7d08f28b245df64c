import { request, type Dispatcher } from 'undici';
import { ExternalServiceError } from '../errors.js';
import { statusError, transportError } from './http.js';

const SERVICE = 'The archiver';
export const ARCHIVER_GREETING = 'Ingest Archiver is running';

/** The ingest archiver's HTTP contract, as far as the bot uses it. */
export interface ArchiverClient {
  readonly baseUrl: string;
  /** `GET /`: resolves with the round-trip time when the archiver says it is running. */
  health(): Promise<{ latencyMs: number }>;
}

export interface ArchiverClientOptions {
  baseUrl: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
  now?: () => number;
}

export function createArchiverClient(options: ArchiverClientOptions): ArchiverClient {
  const { baseUrl, timeoutMs, dispatcher, now = () => performance.now() } = options;
  return {
    baseUrl,
    async health() {
      const url = `${baseUrl}/`;
      const started = now();
      let response;
      try {
        response = await request(url, { method: 'GET', dispatcher, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      } catch (error) {
        throw transportError(SERVICE, url, error);
      }
      const body = await response.body.text();
      const latencyMs = Math.round(now() - started);
      if (response.statusCode !== 200) throw statusError(SERVICE, url, response.statusCode, body);
      if (!body.includes(ARCHIVER_GREETING)) {
        throw new ExternalServiceError(SERVICE, `${new URL(url).host} answered, but not as an ingest archiver does.`);
      }
      return { latencyMs };
    },
  };
}
