import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { elapsedMs } from '../clock.js';
import { ArchiverAuthError, ExternalServiceError } from '../errors.js';
import {
  ArchiveSubmissionResponse,
  BlockersResponse,
  EntitiesResponse,
  FileUploadPlanResponse,
} from './archiver-schema.js';
export type {
  ArchiveEntity,
  ArchiveSubmissionRecord,
  BlockersSummary,
  EntitiesPage,
  FileUploadPlan,
  PlanFile,
  UploadJob,
} from './archiver-schema.js';
import type { ArchiveSubmissionRecord, BlockersSummary, EntitiesPage, FileUploadPlan } from './archiver-schema.js';
import { MalformedValidationErrors, validationErrorsParser, type ValidationEntry } from './archiver-validation.js';
import {
  answerError,
  HTML_INSTEAD_OF_JSON,
  jsonMessage,
  looksLikeHtml,
  malformedAnswer,
  open,
  parseAnswer,
  send,
  statusError,
  type HttpAnswer,
  type HttpCall,
  type OpenAnswer,
} from './http.js';

const SERVICE = 'The archiver';
export const ARCHIVER_GREETING = 'Ingest Archiver is running';

export interface CreateArchiveSubmission {
  submissionUuid: string;
  aliasPrefix: 'HCA';
  excludeTypes?: string[];
}

/**
 * The ingest archiver's HTTP contract, as far as the bot uses it. Calls that need the `Api-Key` header take it
 * as an argument. A 401 rejects with ArchiverAuthError; 5xx, HTML pages, timeouts and malformed JSON with a
 * retryable ExternalServiceError; other 4xx with a non-retryable one whose message says what the archiver said.
 */
export interface ArchiverClient {
  readonly baseUrl: string;
  /** `GET /`: resolves with the round-trip time when the archiver says it is running. */
  health(): Promise<{ latencyMs: number }>;
  /** `GET /latestArchiveSubmission/<ingest uuid>`: null on the 404 `null` answer (none yet, or still converting). */
  latestArchiveSubmission(submissionUuid: string, apiKey: string): Promise<ArchiveSubmissionRecord | null>;
  /** `POST /archiveSubmissions` with JSON; not idempotent: every call makes a new DSP submission. */
  createArchiveSubmission(request: CreateArchiveSubmission, apiKey: string): Promise<void>;
  /**
   * `GET …/validationErrors`, parsed as it arrives: each submittable with messages goes to `onEntry` and is not kept
   * (the body may hold 100,000 errors); resolves with how many validation results are still pending.
   */
  validationErrors(
    dspUuid: string,
    apiKey: string,
    onEntry: (entry: ValidationEntry) => void,
  ): Promise<{ pendingCount: number }>;
  blockers(dspUuid: string, apiKey: string): Promise<BlockersSummary>;
  fileUploadPlan(dspUuid: string, apiKey: string): Promise<FileUploadPlan>;
  entities(dspUuid: string, apiKey: string, page: number, size: number): Promise<EntitiesPage>;
  /** `POST /archiveSubmissions/<dsp uuid>/complete` (202). Not idempotent in effect: call once. */
  complete(dspUuid: string, apiKey: string): Promise<void>;
}

export interface ArchiverClientOptions {
  baseUrl: string;
  /** Bounds the wait for the answer's headers and each pause while its body arrives. */
  timeoutMs: number;
  dispatcher?: Dispatcher;
  now?: () => number;
}

export function createArchiverClient(options: ArchiverClientOptions): ArchiverClient {
  const { baseUrl, timeoutMs, dispatcher, now = elapsedMs } = options;
  const host = new URL(baseUrl).host;

  function httpCall(method: 'GET' | 'POST', path: string, apiKey: string, body?: unknown): HttpCall {
    const headers: Record<string, string> = { 'api-key': apiKey, accept: 'application/json' };
    if (method === 'POST') headers['content-type'] = 'application/json';
    const json = body === undefined ? undefined : JSON.stringify(body);
    return { method, url: `${baseUrl}${path}`, headers, body: json, timeoutMs, dispatcher };
  }

  function checkKey(answer: HttpAnswer, apiKey: string): HttpAnswer {
    if (answer.status === 401) {
      const said = jsonMessage(answer.body);
      const quoted = said && !said.includes(apiKey) ? ` ("${said}")` : '';
      throw new ArchiverAuthError(`The archiver at ${host} refused the API key (HTTP 401${quoted}).`);
    }
    return answer;
  }

  async function call(method: 'GET' | 'POST', path: string, apiKey: string, body?: unknown): Promise<HttpAnswer> {
    return checkKey(await send(SERVICE, httpCall(method, path, apiKey, body)), apiKey);
  }

  function read<T>(answer: HttpAnswer, schema: z.ZodType<T>): T {
    if (answer.status !== 200) throw answerError(SERVICE, answer);
    return parseAnswer(SERVICE, answer, schema);
  }

  async function post(path: string, apiKey: string, body?: unknown): Promise<void> {
    const answer = await call('POST', path, apiKey, body);
    if (answer.status < 200 || answer.status > 299) throw answerError(SERVICE, answer);
  }

  const submission = (dspUuid: string) => `/archiveSubmissions/${encodeURIComponent(dspUuid)}`;

  return {
    baseUrl,
    async health() {
      const started = now();
      const answer = await send(SERVICE, { method: 'GET', url: `${baseUrl}/`, headers: {}, timeoutMs, dispatcher });
      const latencyMs = Math.round(now() - started);
      if (answer.status !== 200) throw statusError(SERVICE, answer.url, answer.status, answer.body);
      if (!answer.body.includes(ARCHIVER_GREETING)) {
        throw new ExternalServiceError(SERVICE, `${host} answered, but not as an ingest archiver does.`);
      }
      return { latencyMs };
    },
    async latestArchiveSubmission(submissionUuid, apiKey) {
      const answer = await call('GET', `/latestArchiveSubmission/${encodeURIComponent(submissionUuid)}`, apiKey);
      if (answer.status === 404 && answer.body.trim() === 'null') return null;
      return read(answer, ArchiveSubmissionResponse);
    },
    async createArchiveSubmission(request, apiKey) {
      await post('/archiveSubmissions', apiKey, {
        submission_uuid: request.submissionUuid,
        alias_prefix: request.aliasPrefix,
        ...(request.excludeTypes?.length ? { exclude_types: request.excludeTypes } : {}),
      });
    },
    async validationErrors(dspUuid, apiKey, onEntry) {
      const answer = await open(SERVICE, httpCall('GET', `${submission(dspUuid)}/validationErrors`, apiKey));
      if (answer.status !== 200) {
        throw answerError(
          SERVICE,
          checkKey({ url: answer.url, status: answer.status, body: await answer.text() }, apiKey),
        );
      }
      return streamValidationErrors(answer, onEntry);
    },
    async blockers(dspUuid, apiKey) {
      return read(await call('GET', `${submission(dspUuid)}/blockers`, apiKey), BlockersResponse);
    },
    async fileUploadPlan(dspUuid, apiKey) {
      return read(await call('GET', `${submission(dspUuid)}/fileUploadPlan`, apiKey), FileUploadPlanResponse);
    },
    async entities(dspUuid, apiKey, page, size) {
      const query = new URLSearchParams({ page: String(page), size: String(size) });
      return read(await call('GET', `${submission(dspUuid)}/entities?${query}`, apiKey), EntitiesResponse);
    },
    async complete(dspUuid, apiKey) {
      await post(`${submission(dspUuid)}/complete`, apiKey);
    },
  };
}

/** Feeds a 200 `/validationErrors` answer to the streaming parser chunk by chunk; a body that breaks off is retryable. */
async function streamValidationErrors(
  answer: OpenAnswer,
  onEntry: (entry: ValidationEntry) => void,
): Promise<{ pendingCount: number }> {
  const parser = validationErrorsParser(onEntry);
  let first = true;
  try {
    for await (const chunk of answer.chunks) {
      if (first && looksLikeHtml(new TextDecoder().decode(chunk.subarray(0, 256)))) {
        throw new MalformedValidationErrors(HTML_INSTEAD_OF_JSON);
      }
      first = false;
      parser.write(chunk);
    }
    return parser.end();
  } catch (error) {
    answer.discard();
    if (error instanceof MalformedValidationErrors) throw malformedAnswer(SERVICE, answer.url, error.what);
    throw answer.brokeOff(error);
  }
}
