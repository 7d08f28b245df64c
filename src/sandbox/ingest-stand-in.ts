import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, jsonReply, LoopbackStandIn, type Fault, type Reply } from './loopback.js';

export interface IngestStandInOptions {
  /** The bearer token this ingest API accepts (the sandbox's INGEST_API_TOKEN). */
  token: string;
  /** The upload bucket named in envelopes' `stagingDetails`. */
  uploadBucket?: string;
  /** Spring's cap on `size`: searches and export jobs come in pages of at most this many [100]. */
  maxPageSize?: number;
  /** The clock export jobs' `createdDate` and `updatedDate` come from [Date.now]. */
  now?: () => number;
}

export interface IngestRequest {
  method: string;
  path: string;
  authorized: boolean;
  at: number;
}

/**
 * A loopback stand-in of one environment's ingest API: the submission envelope by UUID, behind a bearer token.
 * States are ingest's JSON spellings ("Archiving", "Archived", "Graph valid"); unknown UUIDs answer 404.
 */
export class IngestStandIn extends LoopbackStandIn {
  /** The accepted bearer token; change it to play an expired INGEST_API_TOKEN. */
  token: string;
  /** Submission envelope UUID → `submissionState`. */
  readonly submissions = new Map<string, string>();
  readonly requests: IngestRequest[] = [];
  private readonly faults = new FaultQueue<'envelope'>();
  private readonly uploadBucket: string;
  /** Submission envelope UUID → the project it belongs to (`relatedProjects`). */
  readonly projects = new Map<string, StandInProject>();
  /** DSP submission UUID → the ingest submission it was made from (`/archiveSubmissions`, public). */
  readonly archiveRecords = new Map<string, string>();
  /** Submission envelope UUID → its export jobs, oldest first. */
  readonly exportJobs = new Map<string, StandInExportJob[]>();
  private readonly listingFaults = new FaultQueue<ListingRoute>();
  /** Spring's cap on `size`; tests lower it to make a search page. */
  maxPageSize: number;
  private readonly now: () => number;

  constructor(options: IngestStandInOptions) {
    super();
    this.token = options.token;
    this.uploadBucket = options.uploadBucket ?? 'org-hca-data-archive-upload-dev';
    this.maxPageSize = options.maxPageSize ?? 100;
    this.now = options.now ?? Date.now;
  }

  addSubmission(uuid: string, state = 'Archiving'): void {
    this.submissions.set(uuid, state);
  }

  /** The archiver's `PUT archivedEvent`: only an envelope in Archiving moves to Archived. */
  markArchived(uuid: string): boolean {
    if (this.submissions.get(uuid)?.toLowerCase() !== 'archiving') return false;
    this.submissions.set(uuid, 'Archived');
    return true;
  }

  /** Serves `fault` for the next `times` envelope reads. */
  failNext(fault: Fault, times = 1): void {
    this.faults.push('envelope', fault, times, false);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://ingest');
    const authorized = req.headers.authorization === `Bearer ${this.token}`;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, authorized, at: Date.now() });
    const unauthorized = springError(401, 'Unauthorized', url.pathname);
    if (req.method === 'GET' && url.pathname !== '/submissionEnvelopes/search/findByUuidUuid') {
      return this.serveListing(res, url, authorized);
    }
    if (req.method !== 'GET' || url.pathname !== '/submissionEnvelopes/search/findByUuidUuid') {
      return this.server.write(res, springError(404, 'Not Found', url.pathname));
    }
    const fault = this.faults.take('envelope')?.fault;
    if (fault) return this.server.fail(res, fault, unauthorized);
    if (!authorized) return this.server.write(res, unauthorized);
    const uuid = url.searchParams.get('uuid') ?? '';
    const state = this.submissions.get(uuid);
    this.server.write(res, state === undefined ? { status: 404 } : jsonReply(200, this.envelope(uuid, state)));
  }

  setProject(submissionUuid: string, project: StandInProject): void {
    this.projects.set(submissionUuid, project);
  }

  /** The exporter starts a job: the envelope moves to Exporting and a new EXPORTING job is added. */
  startExport(submissionUuid: string, totalAssayCount: number): StandInExportJob {
    const at = this.now();
    const job: StandInExportJob = {
      status: 'EXPORTING',
      createdAt: at,
      updatedAt: at,
      totalAssayCount,
      exportedAssays: 0,
      isDataTransferComplete: false,
      errors: [],
    };
    this.submissions.set(submissionUuid, 'Exporting');
    this.exportJobs.set(submissionUuid, [...(this.exportJobs.get(submissionUuid) ?? []), job]);
    return job;
  }

  /** Changes the latest export job as the exporter would (touching `updatedDate`); all assays done → Exported. */
  updateExport(submissionUuid: string, change: Partial<Omit<StandInExportJob, 'createdAt' | 'updatedAt'>>): void {
    const job = this.exportJobs.get(submissionUuid)?.at(-1);
    if (!job) throw new Error(`no export job for ${submissionUuid}`);
    Object.assign(job, change, { updatedAt: this.now() });
    if (job.exportedAssays >= job.totalAssayCount && job.isDataTransferComplete && job.status === 'EXPORTING') {
      job.status = 'EXPORTED';
      this.submissions.set(submissionUuid, 'Exported');
    }
  }

  /** Serves `fault` for the next `times` requests to `route`. */
  failNextOn(route: ListingRoute, fault: Fault, times = 1): void {
    this.listingFaults.push(route, fault, times, false);
  }

  private serveListing(res: ServerResponse, url: URL, authorized: boolean): void {
    const route = listingRoute(url.pathname);
    const notFound = springError(404, 'Not Found', url.pathname);
    if (!route) return this.server.write(res, notFound);
    const fault = this.listingFaults.take(route.name)?.fault;
    const unauthorized = springError(401, 'Unauthorized', url.pathname);
    if (fault) return this.server.fail(res, fault, unauthorized);
    if (!PUBLIC_ROUTES.has(route.name) && !authorized) return this.server.write(res, unauthorized);
    const page = Number(url.searchParams.get('page') ?? 0);
    const size = Math.min(Number(url.searchParams.get('size') ?? 20), this.maxPageSize);
    switch (route.name) {
      case 'search': {
        const wanted = url.searchParams.get('submissionState') ?? '';
        const state = STATE_NAMES[wanted] ?? wanted;
        if (!Object.values(STATE_NAMES).includes(state)) {
          return this.server.write(res, springError(400, 'Bad Request', url.pathname));
        }
        const hits = [...this.submissions]
          .filter(([, s]) => s.toLowerCase() === state.toLowerCase())
          .map(([uuid, s]) => this.envelope(uuid, s));
        return this.server.write(res, jsonReply(200, this.page(url, 'submissionEnvelopes', hits, page, size)));
      }
      case 'projects': {
        const uuid = this.uuidOfEnvelope(route.id);
        if (uuid === undefined) return this.server.write(res, notFound);
        const project = this.projects.get(uuid);
        const projects = project ? [projectDocument(project)] : [];
        return this.server.write(res, jsonReply(200, { _embedded: { projects } }));
      }
      case 'exportJobs': {
        const uuid = this.uuidOfEnvelope(route.id);
        if (uuid === undefined) return this.server.write(res, notFound);
        const jobs = (this.exportJobs.get(uuid) ?? []).map((job, i) => this.exportJobDocument(route.id, i, job));
        return this.server.write(res, jsonReply(200, this.page(url, 'exportJobs', jobs, page, size)));
      }
      case 'projectSearch': {
        const uuid = url.searchParams.get('uuid') ?? '';
        if (![...this.projects.values()].some((p) => p.uuid === uuid)) return this.server.write(res, notFound);
        return this.server.write(res, jsonReply(200, this.projectSearchHit(uuid)));
      }
      case 'projectSubmissions': {
        const hits = [...this.projects]
          .filter(([, p]) => envelopeId(p.uuid) === route.id)
          .map(([uuid]) => this.envelope(uuid, this.submissions.get(uuid) ?? 'Draft'));
        return this.server.write(res, jsonReply(200, this.page(url, 'submissionEnvelopes', hits, page, size)));
      }
      case 'dspSearch': {
        const submissionUuid = this.archiveRecords.get(url.searchParams.get('dspUuid') ?? '');
        if (!submissionUuid) return this.server.write(res, notFound);
        return this.server.write(res, jsonReply(200, { submissionUuid, dspUuid: url.searchParams.get('dspUuid') }));
      }
      case 'entities': {
        const job = this.jobById(route.id);
        if (!job) return this.server.write(res, notFound);
        const status = url.searchParams.get('status');
        const total = status === null || status === 'EXPORTED' ? job.exportedAssays : 0;
        return this.server.write(res, jsonReply(200, { page: { size, totalElements: total, number: page } }));
      }
    }
  }

  /** A Spring Data REST page of `items`, with a `next` link while more remain. */
  private page(url: URL, key: string, items: unknown[], page: number, size: number): Record<string, unknown> {
    const totalPages = Math.ceil(items.length / size);
    const link = (n: number) => {
      const query = new URLSearchParams(url.searchParams);
      query.set('page', String(n));
      query.set('size', String(size));
      return { href: `${this.url}${url.pathname}?${query}` };
    };
    return {
      _embedded: { [key]: items.slice(page * size, (page + 1) * size) },
      _links: { self: link(page), ...(page + 1 < totalPages ? { next: link(page + 1) } : {}) },
      page: { size, totalElements: items.length, totalPages, number: page },
    };
  }

  private projectSearchHit(projectUuid: string): Record<string, unknown> {
    const project = [...this.projects.values()].find((p) => p.uuid === projectUuid)!;
    const self = `${this.url}/projects/${envelopeId(projectUuid)}`;
    return {
      ...projectDocument(project),
      _links: { self: { href: self }, submissionEnvelopes: { href: `${self}/submissionEnvelopes` } },
    };
  }

  private uuidOfEnvelope(id: string): string | undefined {
    return [...this.submissions.keys()].find((uuid) => envelopeId(uuid) === id);
  }

  private jobById(id: string): StandInExportJob | undefined {
    for (const [uuid, jobs] of this.exportJobs) {
      const index = jobs.findIndex((_, i) => exportJobId(envelopeId(uuid), i) === id);
      if (index >= 0) return jobs[index];
    }
    return undefined;
  }

  private exportJobDocument(envelope: string, index: number, job: StandInExportJob): Record<string, unknown> {
    const id = exportJobId(envelope, index);
    return {
      createdDate: new Date(job.createdAt).toISOString(),
      updatedDate: new Date(job.updatedAt).toISOString(),
      status: job.status,
      destination: { name: 'DCP', version: '2', context: { projectUuid: 'see relatedProjects' } },
      context: { totalAssayCount: job.totalAssayCount, isDataTransferComplete: job.isDataTransferComplete },
      errors: job.errors,
      _links: {
        self: { href: `${this.url}/exportJobs/${id}` },
        exportJob: { href: `${this.url}/exportJobs/${id}{?projection}`, templated: true },
        entities: { href: `${this.url}/exportJobs/${id}/entities` },
      },
    };
  }

  private envelope(uuid: string, state: string): Record<string, unknown> {
    const id = envelopeId(uuid);
    const self = `${this.url}/submissionEnvelopes/${id}`;
    return {
      uuid: { uuid },
      submissionState: state,
      submitActions: ['ARCHIVE', 'EXPORT'],
      isUpdate: false,
      editable: state.toLowerCase() === 'archiving',
      stagingDetails: {
        stagingAreaUuid: { uuid },
        stagingAreaLocation: { value: `s3://${this.uploadBucket}/${uuid}/` },
      },
      _links: {
        self: { href: self },
        ...(state.toLowerCase() === 'archiving' ? { archived: { href: `${self}/archivedEvent` } } : {}),
      },
    };
  }
}

/** A project document as `relatedProjects` lists it. */
export interface StandInProject {
  uuid: string;
  title: string;
  shortName: string;
}

/** An ExportJob as ingest stores it; `exportedAssays` counts its EXPORTED entities. */
export interface StandInExportJob {
  status: 'EXPORTING' | 'FAILED' | 'EXPORTED' | 'DEPRECATED';
  createdAt: number;
  updatedAt: number;
  totalAssayCount: number;
  exportedAssays: number;
  isDataTransferComplete: boolean;
  errors: { errorCode: string; message: string }[];
}

/** The routes besides the envelope by UUID: the state search, related projects, export jobs and their entities. */
export type ListingRoute =
  'search' | 'projects' | 'exportJobs' | 'entities' | 'projectSearch' | 'projectSubmissions' | 'dspSearch';

/** Routes anyone may read (`SecurityConfig`): export jobs and archive records. */
const PUBLIC_ROUTES = new Set<ListingRoute>(['entities', 'dspSearch']);

const STATE_NAMES: Record<string, string> = { ARCHIVING: 'Archiving', EXPORTING: 'Exporting' };

/** A 24-hex document id (ingest's are MongoDB ObjectIds), distinct for UUIDs that share a prefix. */
function envelopeId(uuid: string): string {
  return createHash('sha1').update(uuid).digest('hex').slice(0, 24);
}

function exportJobId(envelope: string, index: number): string {
  return `${envelope.slice(0, 20)}${index.toString(16).padStart(4, '0')}`;
}

function listingRoute(path: string): { name: ListingRoute; id: string } | undefined {
  if (path === '/submissionEnvelopes/search/findBySubmissionState') return { name: 'search', id: '' };
  if (path === '/projects/search/findByUuid') return { name: 'projectSearch', id: '' };
  if (path === '/archiveSubmissions/search/findByDspUuid') return { name: 'dspSearch', id: '' };
  const projectSubmissions = /^\/projects\/([^/]+)\/submissionEnvelopes$/.exec(path);
  if (projectSubmissions) return { name: 'projectSubmissions', id: projectSubmissions[1]! };
  const envelope = /^\/submissionEnvelopes\/([^/]+)\/(relatedProjects|exportJobs)$/.exec(path);
  if (envelope) return { name: envelope[2] === 'exportJobs' ? 'exportJobs' : 'projects', id: envelope[1]! };
  const entities = /^\/exportJobs\/([^/]+)\/entities$/.exec(path);
  return entities ? { name: 'entities', id: entities[1]! } : undefined;
}

function projectDocument(project: StandInProject): Record<string, unknown> {
  return {
    uuid: { uuid: project.uuid },
    content: {
      describedBy: 'https://schema.humancellatlas.org/type/project/17.0.0/project',
      schema_type: 'project',
      project_core: { project_title: project.title, project_short_name: project.shortName },
    },
    submissionDate: '2026-01-01T00:00:00.000Z',
  };
}

function springError(status: number, error: string, path: string): Reply {
  return jsonReply(status, { timestamp: new Date().toISOString(), status, error, path });
}
