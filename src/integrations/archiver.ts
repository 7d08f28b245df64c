import { request, type Dispatcher } from 'undici';
import { ExternalServiceError } from '../errors.js';
import { statusError, transportError } from './http.js';

const SERVICE = 'The archiver';
export const ARCHIVER_GREETING = 'Ingest Archiver is running';

/** The ingest `ArchiveSubmission` record as `/latestArchiveSubmission` returns it (only the fields the bot reads). */
export interface ArchiveSubmissionRecord {
  created: string;
  dspUuid: string | null;
  dspUrl: string | null;
  submissionUuid: string;
  errors: { errorCode: string; message: string }[];
}

/** `/validationErrors`: messages by submittable URL, then by validation author; and results still pending. */
export interface ValidationReport {
  /** One entry per submittable (or "NoSubmittable"): its URL and the messages of each author. */
  errors: { submittable: string; messages: Record<string, string[]> }[];
  pendingCount: number;
}

export interface BlockersSummary {
  notReadyFileCount: number;
  totalMetadataBlockers: number;
  emptySubmission: boolean;
  anyPendingValidationResult: boolean;
  /** By DSP data type id: display name and count. */
  issuesPerDataType: Record<string, { displayName: string; count: number }>;
}

export interface PlanFile {
  name: string;
  readIndex?: string;
  cloudUrl?: string;
}

export interface UploadJob {
  manifestId: string;
  files: PlanFile[];
  conversion: { outputName: string; schema: string | null; inputs: PlanFile[] } | null;
  /** The job exactly as the archiver sent it, for the generated job<i>.json files. */
  raw: Record<string, unknown>;
}

/** `jobs` that is not an array (the transitional `{"jobs":{"jobs":[]}}`) means the plan is not written yet. */
export type FileUploadPlan = { ready: false } | { ready: true; jobs: UploadJob[] };

export interface ArchiveEntity {
  type: string;
  alias: string;
  accession: string | null;
}

export interface EntitiesPage {
  entities: ArchiveEntity[];
  page: { size: number; totalElements: number; totalPages: number; number: number };
}

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
  validationErrors(dspUuid: string, apiKey: string): Promise<ValidationReport>;
  blockers(dspUuid: string, apiKey: string): Promise<BlockersSummary>;
  fileUploadPlan(dspUuid: string, apiKey: string): Promise<FileUploadPlan>;
  entities(dspUuid: string, apiKey: string, page: number, size: number): Promise<EntitiesPage>;
  /** `POST /archiveSubmissions/<dsp uuid>/complete` (202). Not idempotent in effect: call once. */
  complete(dspUuid: string, apiKey: string): Promise<void>;
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
