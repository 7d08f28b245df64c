import { z } from 'zod';

/** `GET /submissionEnvelopes/search/findByUuidUuid`: only the state is read ("Archiving", "Graph valid", …). */
export const SubmissionEnvelopeResponse = z.object({ submissionState: z.string().min(1) });

const Href = z.object({ href: z.string().min(1) });

/** Spring Data REST paging links: only `next` is followed. */
const PageLinks = z.object({ next: Href.optional() }).optional();

/** A HAL link without its URI template (`…/submissionEnvelopes/5f3a{?projection}`). */
export function untemplated(href: string): string {
  return href.replace(/\{[^}]*\}$/, '');
}

/** The document id is the last path segment of `_links.self.href` (`…/submissionEnvelopes/{id}`). */
function lastSegment(href: string): string {
  return new URL(untemplated(href), 'http://ingest').pathname.split('/').filter(Boolean).at(-1) ?? '';
}

/**
 * A submission envelope as search results and `findByUuidUuid` return it: only what the watcher, export and sync
 * read. `uploadArea` is `stagingDetails.stagingAreaLocation.value` (`s3://<bucket>/<uuid>/`), null until ingest's
 * staging manager has made the area.
 */
export const SubmissionEnvelope = z
  .object({
    uuid: z.object({ uuid: z.string().min(1) }),
    submissionState: z.string().min(1),
    stagingDetails: z.object({ stagingAreaLocation: z.object({ value: z.string() }).nullish() }).nullish(),
    _links: z.object({ self: Href }),
  })
  .transform((envelope) => ({
    uuid: envelope.uuid.uuid.toLowerCase(),
    id: lastSegment(envelope._links.self.href),
    state: envelope.submissionState,
    uploadArea: envelope.stagingDetails?.stagingAreaLocation?.value ?? null,
  }));
export type SubmissionEnvelope = z.output<typeof SubmissionEnvelope>;

/** One page of `findBySubmissionState`; a page with no hits may leave out `_embedded`. */
export const SubmissionEnvelopePage = z.object({
  _embedded: z.object({ submissionEnvelopes: z.array(SubmissionEnvelope) }).optional(),
  _links: PageLinks,
});

/** A project document: its uuid, and `content.project_core`'s title and short name (either may be missing). */
export const IngestProject = z
  .object({
    uuid: z.object({ uuid: z.string().min(1) }),
    content: z
      .object({
        project_core: z
          .object({ project_title: z.string().nullish(), project_short_name: z.string().nullish() })
          .nullish(),
      })
      .nullish(),
  })
  .transform((project) => ({
    uuid: project.uuid.uuid.toLowerCase(),
    title: project.content?.project_core?.project_title || null,
    shortName: project.content?.project_core?.project_short_name || null,
  }));
export type IngestProject = z.output<typeof IngestProject>;

/** `GET /submissionEnvelopes/{id}/relatedProjects`. */
export const ProjectPage = z.object({
  _embedded: z.object({ projects: z.array(IngestProject) }).optional(),
});

const Instant = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));

function errorCodeText(code: unknown): string {
  return typeof code === 'string' || typeof code === 'number' ? `error code ${code}` : 'an error without a message';
}

/** An ExportJob: `context` and `destination` hold more than is read; `errors` may be null. */
export const ExportJob = z
  .object({
    status: z.string().min(1),
    createdDate: Instant,
    updatedDate: Instant.nullish(),
    destination: z.object({ name: z.string().nullish(), version: z.string().nullish() }).nullish(),
    context: z
      .object({ totalAssayCount: z.number().int().nullish(), isDataTransferComplete: z.boolean().nullish() })
      .nullish(),
    errors: z.array(z.object({ errorCode: z.unknown(), message: z.string().nullish() })).nullish(),
    _links: z.object({ self: Href }),
  })
  .transform((job) => ({
    id: lastSegment(job._links.self.href),
    status: job.status.toUpperCase(),
    createdAt: job.createdDate,
    updatedAt: job.updatedDate ?? job.createdDate,
    destination: job.destination?.name
      ? { name: job.destination.name, version: job.destination.version ?? null }
      : null,
    totalAssayCount: job.context?.totalAssayCount ?? null,
    dataTransferComplete: job.context?.isDataTransferComplete ?? null,
    errors: (job.errors ?? []).map((e) => e.message || errorCodeText(e.errorCode)),
  }));
export type ExportJob = z.output<typeof ExportJob>;

/** One page of `GET /submissionEnvelopes/{id}/exportJobs`. */
export const ExportJobPage = z.object({
  _embedded: z.object({ exportJobs: z.array(ExportJob) }).optional(),
  _links: PageLinks,
});

/** A project document found by UUID: where its submissions are listed. */
export const ProjectDocument = z.object({ _links: z.object({ submissionEnvelopes: Href }) });

/** `GET {project}/submissionEnvelopes`, one page. */
export const SubmissionEnvelopeList = z.object({
  _embedded: z.object({ submissionEnvelopes: z.array(SubmissionEnvelope) }).optional(),
  _links: PageLinks,
});

const ArchiveRecord = z.object({ submissionUuid: z.string().min(1) });

/** `GET /archiveSubmissions/search/findByDspUuid`: one record, or a list of them, naming the ingest submission. */
export const ArchiveRecordByDsp = z
  .union([ArchiveRecord, z.object({ _embedded: z.object({ archiveSubmissions: z.array(ArchiveRecord) }) })])
  .transform((body) => ('submissionUuid' in body ? body : body._embedded.archiveSubmissions[0])?.submissionUuid);

/** `GET /exportJobs/{id}/entities?status=EXPORTED`: only the count is read. */
export const CountPage = z.object({ page: z.object({ totalElements: z.number().int().nonnegative() }) });
