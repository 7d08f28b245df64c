import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { ExternalServiceError } from '../errors.js';
import { answerError, parseAnswer, send } from './http.js';
import {
  CountPage,
  ExportJobPage,
  ProjectPage,
  SubmissionEnvelope,
  SubmissionEnvelopePage,
  SubmissionEnvelopeResponse,
  untemplated,
  type ExportJob,
  type IngestProject,
} from './ingest-schema.js';

export type { ExportJob, IngestProject, SubmissionEnvelope };

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
  /** The envelope by its UUID; 404 rejects like `submissionState`. */
  submission(submissionUuid: string, token: string): Promise<SubmissionEnvelope>;
  /**
   * Every submission in `state`, following `_links.next` page by page (enum names: the query takes `ARCHIVING`,
   * the envelopes say "Archiving").
   */
  submissionsInState(state: SearchableState, token: string): Promise<SubmissionEnvelope[]>;
  /** The project the submission belongs to (`relatedProjects`), or null when it has none yet. */
  relatedProject(envelopeId: string, token: string): Promise<IngestProject | null>;
  /** All export jobs of the submission, oldest and newest alike, in ingest's order. */
  exportJobs(envelopeId: string, token: string): Promise<ExportJob[]>;
  /** How many assays of an export job are exported (`/exportJobs/{id}/entities?status=EXPORTED`). */
  exportedAssayCount(jobId: string, token: string): Promise<number>;
}

/** The states the watcher searches for, as the search's query parameter spells them. */
export type SearchableState = 'ARCHIVING' | 'EXPORTING';

/** Ingest refused the token (401 or 403): it has expired or lacks authority. Not retried with the same token. */
export class IngestAuthError extends ExternalServiceError {
  constructor(message: string) {
    super(SERVICE, message, { retryable: false });
  }
}

const PAGE_SIZE = 100;
/** 10,000 submissions in one state is far beyond any real backlog: more pages means a paging loop. */
const MAX_PAGES = 100;

export interface IngestClientOptions {
  baseUrl: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

export function createIngestClient(options: IngestClientOptions): IngestClient {
  const { baseUrl, timeoutMs, dispatcher } = options;
  const host = new URL(baseUrl).host;
  const refuse = (message: string) => new ExternalServiceError(SERVICE, message, { retryable: false });
  const origin = new URL(baseUrl).origin;

  async function read<T>(url: string, token: string, schema: z.ZodType<T>, notFound?: () => Error): Promise<T> {
    const answer = await send(SERVICE, {
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, accept: 'application/hal+json, application/json' },
      timeoutMs,
      dispatcher,
    });
    if (answer.status === 401 || answer.status === 403) {
      throw new IngestAuthError(
        `The ingest API at ${host} refused the token (HTTP ${answer.status}): it has expired or lacks WRANGLER or ` +
          'SERVICE authority.',
      );
    }
    if (answer.status === 404 && notFound) throw notFound();
    if (answer.status !== 200) throw answerError(SERVICE, answer);
    return parseAnswer(SERVICE, answer, schema);
  }

  /** Follows a next-page link on ingest's own host only (the token goes with it), on the configured scheme. */
  function nextPage(href: string | undefined): string | undefined {
    if (href === undefined) return undefined;
    const next = new URL(untemplated(href), baseUrl);
    if (next.host !== host) {
      throw refuse(`The ingest API at ${host} sent a next-page link to another host (${next.host}); not following it.`);
    }
    return `${origin}${next.pathname}${next.search}`;
  }

  async function allPages<P extends { _links?: { next?: { href: string } } }, T>(
    first: string,
    token: string,
    schema: z.ZodType<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    const all: T[] = [];
    let url: string | undefined = first;
    for (let count = 0; url !== undefined; count++) {
      if (count === MAX_PAGES) {
        throw refuse(`The ingest API at ${host} kept sending next-page links after ${MAX_PAGES} pages; stopped.`);
      }
      const page = await read(url, token, schema);
      all.push(...items(page));
      url = nextPage(page._links?.next?.href);
    }
    return all;
  }

  const envelopePath = (envelopeId: string) => `${baseUrl}/submissionEnvelopes/${encodeURIComponent(envelopeId)}`;
  const paged = (url: string, query: Record<string, string> = {}) =>
    `${url}?${new URLSearchParams({ ...query, page: '0', size: String(PAGE_SIZE) })}`;

  return {
    baseUrl,
    async submissionState(submissionUuid, token) {
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
      return parseAnswer(SERVICE, answer, SubmissionEnvelopeResponse).submissionState;
    },
    async submission(submissionUuid, token) {
      const query = new URLSearchParams({ uuid: submissionUuid });
      return read(`${baseUrl}/submissionEnvelopes/search/findByUuidUuid?${query}`, token, SubmissionEnvelope, () =>
        refuse(
          `The ingest API at ${host} has no submission with UUID ${submissionUuid}. Give the ingest submission ` +
            'envelope UUID (shown on the submission’s page in the ingest UI), not a project or DSP submission UUID.',
        ),
      );
    },
    async submissionsInState(state, token) {
      const first = paged(`${baseUrl}/submissionEnvelopes/search/findBySubmissionState`, { submissionState: state });
      return allPages(first, token, SubmissionEnvelopePage, (page) => page._embedded?.submissionEnvelopes ?? []);
    },
    async relatedProject(envelopeId, token) {
      const page = await read(`${envelopePath(envelopeId)}/relatedProjects`, token, ProjectPage);
      return page._embedded?.projects[0] ?? null;
    },
    async exportJobs(envelopeId, token) {
      const first = paged(`${envelopePath(envelopeId)}/exportJobs`);
      return allPages(first, token, ExportJobPage, (page) => page._embedded?.exportJobs ?? []);
    },
    async exportedAssayCount(jobId, token) {
      const query = new URLSearchParams({ status: 'EXPORTED', size: '1' });
      const url = `${baseUrl}/exportJobs/${encodeURIComponent(jobId)}/entities?${query}`;
      return (await read(url, token, CountPage)).page.totalElements;
    },
  };
}
