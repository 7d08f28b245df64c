import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { ExternalServiceError, IngestAuthError } from '../errors.js';
import { answerError, parseAnswer, send } from './http.js';
import {
  ArchiveRecordByDsp,
  CountPage,
  ExportJobPage,
  ProjectDocument,
  ProjectPage,
  SubmissionEnvelope,
  SubmissionEnvelopeList,
  SubmissionEnvelopePage,
  SubmissionEnvelopeResponse,
  untemplated,
  type ExportJob,
  type IngestProject,
} from './ingest-schema.js';
import { withIngestToken, type IngestTokenSource } from './ingest-token.js';

export type { ExportJob, IngestProject, SubmissionEnvelope };

const SERVICE = 'The ingest API';
const PAGE_SIZE = 100;
/** 10,000 submissions in one state is far beyond any real backlog: more pages means a paging loop. */
const MAX_PAGES = 100;

/** The states the watcher searches for, as the search's query parameter spells them (the JSON says "Archiving"). */
export type SearchableState = 'ARCHIVING' | 'EXPORTING';

/**
 * One environment's ingest API (Spring Data REST, HAL+JSON), as far as the bot reads it, with the bearer token from
 * its token source. A refused token (401/403) rejects with IngestAuthError once the source has no newer token; a
 * 404 with a non-retryable ExternalServiceError that says which UUID is expected; 5xx, HTML pages, timeouts and
 * malformed JSON with a retryable one.
 */
export interface IngestClient {
  readonly baseUrl: string;
  /** The envelope's `submissionState` exactly as ingest spells it ("Archiving", "Graph valid", legacy "Valid"). */
  submissionState(submissionUuid: string): Promise<string>;
  submission(submissionUuid: string): Promise<SubmissionEnvelope>;
  /** Every submission in `state`, following `_links.next` page by page. */
  submissionsInState(state: SearchableState): Promise<SubmissionEnvelope[]>;
  /** The project the submission belongs to (`relatedProjects`), or null when it has none yet. */
  relatedProject(envelopeId: string): Promise<IngestProject | null>;
  /** The submissions of a project, or null when ingest has no project with that UUID. */
  projectSubmissions(projectUuid: string): Promise<SubmissionEnvelope[] | null>;
  /** The ingest submission a DSP submission was made from, or null when ingest has no record of it. */
  submissionOfDsp(dspUuid: string): Promise<string | null>;
  /** All export jobs of the submission, in ingest's order. */
  exportJobs(envelopeId: string): Promise<ExportJob[]>;
  /** How many assays of an export job are exported (`/exportJobs/{id}/entities?status=EXPORTED`). */
  exportedAssayCount(jobId: string): Promise<number>;
}

export interface IngestClientOptions {
  baseUrl: string;
  timeoutMs: number;
  token: IngestTokenSource;
  dispatcher?: Dispatcher;
}

export function createIngestClient(options: IngestClientOptions): IngestClient {
  const { baseUrl, timeoutMs, dispatcher, token } = options;
  const host = new URL(baseUrl).host;
  const origin = new URL(baseUrl).origin;
  const refuse = (message: string) => new ExternalServiceError(SERVICE, message, { retryable: false });
  const noSubmission = (uuid: string) => (): never => {
    throw refuse(
      `The ingest API at ${host} has no submission with UUID ${uuid}. Give the ingest submission envelope UUID ` +
        '(shown on the submission’s page in the ingest UI), not a project or DSP submission UUID.',
    );
  };

  /** GETs `url` and parses it; `notFound` answers a 404 (or throws). */
  async function read<T, N = never>(url: string, schema: z.ZodType<T>, notFound?: () => N): Promise<T | N> {
    const answer = await withIngestToken(token, async (bearer) => {
      const sent = await send(SERVICE, {
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${bearer}`, accept: 'application/hal+json, application/json' },
        timeoutMs,
        dispatcher,
      });
      if (sent.status === 401 || sent.status === 403) {
        throw new IngestAuthError(
          `The ingest API at ${host} refused the bot's ingest API token (HTTP ${sent.status}): the ingest token ` +
            'expired or lacks authority (WRANGLER or SERVICE).',
        );
      }
      return sent;
    });
    if (answer.status === 404 && notFound) return notFound();
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
    schema: z.ZodType<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    const all: T[] = [];
    let url: string | undefined = first;
    for (let count = 0; url !== undefined; count++) {
      if (count === MAX_PAGES) {
        throw refuse(`The ingest API at ${host} kept sending next-page links after ${MAX_PAGES} pages; stopped.`);
      }
      const page: P = await read(url, schema);
      all.push(...items(page));
      url = nextPage(page._links?.next?.href);
    }
    return all;
  }

  const envelopePath = (envelopeId: string) => `${baseUrl}/submissionEnvelopes/${encodeURIComponent(envelopeId)}`;
  const paged = (url: string, query: Record<string, string> = {}) =>
    `${url}${url.includes('?') ? '&' : '?'}${new URLSearchParams({ ...query, page: '0', size: String(PAGE_SIZE) })}`;
  const byUuid = (submissionUuid: string) =>
    `${baseUrl}/submissionEnvelopes/search/findByUuidUuid?${new URLSearchParams({ uuid: submissionUuid })}`;
  const envelopes = (page: { _embedded?: { submissionEnvelopes: SubmissionEnvelope[] } }) =>
    page._embedded?.submissionEnvelopes ?? [];

  return {
    baseUrl,
    async submissionState(submissionUuid) {
      return (await read(byUuid(submissionUuid), SubmissionEnvelopeResponse, noSubmission(submissionUuid)))
        .submissionState;
    },
    async submission(submissionUuid) {
      return read(byUuid(submissionUuid), SubmissionEnvelope, noSubmission(submissionUuid));
    },
    async submissionsInState(state) {
      const first = paged(`${baseUrl}/submissionEnvelopes/search/findBySubmissionState`, { submissionState: state });
      return allPages(first, SubmissionEnvelopePage, envelopes);
    },
    async relatedProject(envelopeId) {
      const page = await read(`${envelopePath(envelopeId)}/relatedProjects`, ProjectPage);
      return page._embedded?.projects[0] ?? null;
    },
    async projectSubmissions(projectUuid) {
      const query = new URLSearchParams({ uuid: projectUuid });
      const project = await read(`${baseUrl}/projects/search/findByUuid?${query}`, ProjectDocument, () => null);
      if (!project) return null;
      const listed = nextPage(project._links.submissionEnvelopes.href)!;
      return allPages(paged(listed), SubmissionEnvelopeList, envelopes);
    },
    async submissionOfDsp(dspUuid) {
      const query = new URLSearchParams({ dspUuid });
      const url = `${baseUrl}/archiveSubmissions/search/findByDspUuid?${query}`;
      return (await read(url, ArchiveRecordByDsp, () => null)) ?? null;
    },
    async exportJobs(envelopeId) {
      return allPages(
        paged(`${envelopePath(envelopeId)}/exportJobs`),
        ExportJobPage,
        (p) => p._embedded?.exportJobs ?? [],
      );
    },
    async exportedAssayCount(jobId) {
      const query = new URLSearchParams({ status: 'EXPORTED', size: '1' });
      return (await read(`${baseUrl}/exportJobs/${encodeURIComponent(jobId)}/entities?${query}`, CountPage)).page
        .totalElements;
    },
  };
}
