import type { Dispatcher } from 'undici';
import { ExternalServiceError } from '../errors.js';
import { answerError, parseAnswer, send } from './http.js';
import { SubmissionEnvelopeResponse } from './ingest-schema.js';

const SERVICE = 'The ingest API';

/** The ingest API (Spring Data REST, HAL+JSON), as far as the bot reads it. Calls take the bearer token. */
export interface IngestClient {
  readonly baseUrl: string;
  /**
   * The submission envelope's `submissionState` exactly as ingest spells it ("Archiving", "Graph valid", or a
   * legacy "Valid"): compare case-insensitively. A 401/403 or 404 rejects with a non-retryable
   * ExternalServiceError that says what to fix; 5xx, HTML pages, timeouts and malformed JSON with a retryable one.
   */
  submissionState(submissionUuid: string, token: string): Promise<string>;
  /**
   * Where the submission's files go: its `stagingDetails.stagingAreaLocation`, such as
   * `s3://org-hca-data-archive-upload-prod/<uuid>/`; undefined when ingest has not made the area. Fails as above.
   */
  uploadAreaLocation(submissionUuid: string, token: string): Promise<string | undefined>;
}

export interface IngestClientOptions {
  baseUrl: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

export function createIngestClient(options: IngestClientOptions): IngestClient {
  const { baseUrl, timeoutMs, dispatcher } = options;
  const host = new URL(baseUrl).host;
  const refuse = (message: string) => new ExternalServiceError(SERVICE, message, { retryable: false });
  async function envelope(submissionUuid: string, token: string) {
    const query = new URLSearchParams({ uuid: submissionUuid });
    const answer = await send(SERVICE, {
      method: 'GET',
      url: `${baseUrl}/submissionEnvelopes/search/findByUuidUuid?${query}`,
      headers: { authorization: `Bearer ${token}`, accept: 'application/hal+json, application/json' },
      timeoutMs,
      dispatcher,
    });
    if (answer.status === 401 || answer.status === 403) {
      throw refuse(
        `The ingest API at ${host} refused INGEST_API_TOKEN (HTTP ${answer.status}): the token has expired or ` +
          'lacks WRANGLER or SERVICE authority. Copy a fresh token from the ingest UI and set INGEST_API_TOKEN again.',
      );
    }
    if (answer.status === 404) {
      throw refuse(
        `The ingest API at ${host} has no submission with UUID ${submissionUuid}. Give the ingest submission ` +
          'envelope UUID (shown on the submission’s page in the ingest UI), not a project or DSP submission UUID.',
      );
    }
    if (answer.status !== 200) throw answerError(SERVICE, answer);
    return parseAnswer(SERVICE, answer, SubmissionEnvelopeResponse);
  }
  return {
    baseUrl,
    async submissionState(submissionUuid, token) {
      return (await envelope(submissionUuid, token)).submissionState;
    },
    async uploadAreaLocation(submissionUuid, token) {
      return (await envelope(submissionUuid, token)).stagingDetails?.stagingAreaLocation?.value;
    },
  };
}
