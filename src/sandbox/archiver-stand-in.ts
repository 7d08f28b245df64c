import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ARCHIVER_GREETING } from '../integrations/archiver.js';
import type { IngestStandIn } from './ingest-stand-in.js';
import {
  FaultQueue,
  FLASK_500,
  htmlReply,
  jsonReply,
  LoopbackStandIn,
  readBody,
  type Fault,
  type Reply,
} from './loopback.js';

export type ArchiverHealth = 'ok' | 'html-500' | 'hang' | 'wrong-service';

export type ArchiverRoute =
  'create' | 'latest' | 'submission' | 'validationErrors' | 'blockers' | 'fileUploadPlan' | 'entities' | 'complete';

export interface ArchiverRequest {
  method: string;
  path: string;
  /** The archiver route the request matched, if any. */
  route?: ArchiverRoute;
  apiKeyPresent: boolean;
  /** A POST's body: parsed JSON, or the text when it is not JSON. */
  body?: unknown;
  at: number;
}

/** Accelerated time, in real milliseconds; Infinity means "never". */
export interface ArchiverTimings {
  /** From `POST /archiveSubmissions` until the record exists (`latestArchiveSubmission` answers 404 `null` before). */
  conversionMs: number;
  /** From the record until the plan is written (`{"jobs":{"jobs":[]}}` before). */
  planMs: number;
  /** Validation results stay pending this long after the record, after `uploadFiles` and after `setMetadataErrors`. */
  validationMs: number;
  /** From `/complete` (or from the moment nothing blocks, if later) until accessions are set and ingest is Archived. */
  completionMs: number;
}

export const DEFAULT_ARCHIVER_TIMINGS: ArchiverTimings = {
  conversionMs: 40,
  planMs: 40,
  validationMs: 30,
  completionMs: 40,
};

/** What a plan job generator knows about the DSP submission it belongs to. */
export interface PlanContext {
  ingestUuid: string;
  dspUuid: string;
  /** DSP base without `/api`, as in the plan's `dsp_api_url`. */
  dspApiUrl: string;
  uploadBucket: string;
}

export type DspDataType = 'projects' | 'enaStudies' | 'samples' | 'sequencingExperiments' | 'sequencingRuns';

/** A metadata validation error on one new submittable of the given DSP data type. */
export interface MetadataError {
  dataType: DspDataType;
  author: string;
  messages: string[];
}

/** What a conversion produces; set per ingest UUID in `scenarios`, or for all in `defaultScenario`. */
export interface ConversionScenario {
  /** Nothing converts: the record has no DSP submission and carries the `no_entities` error. */
  noEntities?: boolean;
  /** The background conversion dies (pod restart, upstream error): no record ever appears. */
  failsSilently?: boolean;
  /** The plan's jobs, one per sequencing run [`defaultPlanJobs`: a 10x job and a non-10x job]. */
  jobs?: (ctx: PlanContext) => Record<string, unknown>[];
  /** Metadata errors, reported until `setMetadataErrors` replaces them. */
  metadataErrors?: MetadataError[];
}

export interface ArchiverStandInOptions {
  /** The `Api-Key` this environment's archiver expects. */
  apiKey: string;
  timings?: Partial<ArchiverTimings>;
  /** This environment's ingest stand-in: a finished `/complete` moves its envelope from Archiving to Archived. */
  ingest?: IngestStandIn;
  /** DSP base URL in plans and submittable URLs [`https://submission-test.ebi.ac.uk`]. */
  dspApiUrl?: string;
  /** Upload bucket in the plans' `cloud_url`s [`org-hca-data-archive-upload-dev`]. */
  uploadBucket?: string;
  /** Added to the archiver's clock in `created` (it is not the bot's clock). */
  clockSkewMs?: number;
}

/** One DSP submission the stand-in made (or an ingest record without one), as tests may inspect it. */
export interface DspSubmissionView {
  ingestUuid: string;
  /** null for a `no_entities` record. */
  dspUuid: string | null;
  /** The record's `created`, on the archiver's clock; empty while it never will exist. */
  created: string;
  /** The ingest record exists (`latestArchiveSubmission` can return it). */
  recorded: boolean;
  filesUploaded: boolean;
  completeCalls: number;
  /** `/complete` finished: entities have accessions and ingest was told Archived. */
  completed: boolean;
}

interface Entity {
  type: string;
  alias: string;
  dspUuid: string;
  accession: string | null;
}

interface DspSubmission {
  ingestUuid: string;
  dspUuid: string | null;
  recordedAt: number;
  created: string;
  jobs: Record<string, unknown>[];
  runs: { entityUuid: string; files: string[] }[];
  entities: Entity[];
  metadataErrors: (MetadataError & { submittableUuid: string })[];
  validatedFrom: number;
  filesUploadedAt: number | null;
  completeCalls: number;
  firstCompleteAt: number | null;
  completed: boolean;
  timer?: NodeJS.Timeout;
}

const TRIGGERED = { message: 'successfully triggered!' };
const INVALID_KEY = jsonReply(401, { message: 'invalid Api-Key' });
const FLASK_404 =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n';
const FLASK_400 =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>Failed to decode JSON object</p>\n';
/** Each ingest entity type: its DSP data type, how DSP names it and where its API puts it, and its accession prefix. */
const ENTITY_TYPES: Record<string, DspType> = {
  project: { dataType: 'projects', displayName: 'projects', path: 'projects', accessionPrefix: 'S-SUBS' },
  study: { dataType: 'enaStudies', displayName: 'ENA studies', path: 'studies', accessionPrefix: 'ERP' },
  sample: { dataType: 'samples', displayName: 'samples', path: 'samples', accessionPrefix: 'SAMEA' },
  sequencingExperiment: {
    dataType: 'sequencingExperiments',
    displayName: 'sequencing experiments',
    path: 'assays',
    accessionPrefix: 'ERX',
  },
  sequencingRun: {
    dataType: 'sequencingRuns',
    displayName: 'sequencing runs',
    path: 'assayData',
    accessionPrefix: 'ERR',
  },
};
interface DspType {
  dataType: DspDataType;
  displayName: string;
  path: string;
  accessionPrefix: string;
}
const DATA_TYPES = Object.fromEntries(Object.values(ENTITY_TYPES).map((t) => [t.dataType, t])) as Record<
  DspDataType,
  DspType
>;

function fastq(ctx: PlanContext, base: string, read: 'R1' | 'R2' | 'I1') {
  const name = `${base}_S1_L001_${read}_001.fastq.gz`;
  const readIndex = { R1: 'read1', R2: 'read2', I1: 'index1' }[read];
  return { name, read_index: readIndex, cloud_url: `s3://${ctx.uploadBucket}/${ctx.ingestUuid}/${name}` };
}

function jobHeader(ctx: PlanContext, manifestId: string) {
  return {
    dsp_api_url: ctx.dspApiUrl,
    submission_url: `${ctx.dspApiUrl}/api/submissions/${ctx.dspUuid}`,
    manifest_id: manifestId,
  };
}

/** A 10x run: one BAM to upload, converted from three fastqs; `schema` null is a non-leaf 10x term. */
export function tenXJob(ctx: PlanContext, schema: string | null = '10xV2'): Record<string, unknown> {
  const manifestId = randomBytes(12).toString('hex');
  return {
    ...jobHeader(ctx, manifestId),
    files: [{ name: `${manifestId}.bam` }],
    conversion: {
      output_name: `${manifestId}.bam`,
      schema,
      inputs: [fastq(ctx, manifestId, 'R1'), fastq(ctx, manifestId, 'R2'), fastq(ctx, manifestId, 'I1')],
    },
  };
}

/** A non-10x run (e.g. Smart-seq2): its fastqs are uploaded as they are. */
export function plainJob(ctx: PlanContext): Record<string, unknown> {
  const manifestId = randomBytes(12).toString('hex');
  return { ...jobHeader(ctx, manifestId), files: [fastq(ctx, manifestId, 'R1'), fastq(ctx, manifestId, 'R2')] };
}

export function defaultPlanJobs(ctx: PlanContext): Record<string, unknown>[] {
  return [tenXJob(ctx), plainJob(ctx)];
}

function fileNames(job: Record<string, unknown>): string[] {
  const files = Array.isArray(job.files) ? (job.files as { name?: unknown }[]) : [];
  return files.map((f) => String(f.name));
}

function matchRoute(method: string, path: string): { route: ArchiverRoute; id: string } | undefined {
  if (method === 'POST' && path === '/archiveSubmissions') return { route: 'create', id: '' };
  const latest = /^\/latestArchiveSubmission\/([^/]+)$/.exec(path);
  if (latest && method === 'GET') return { route: 'latest', id: decodeURIComponent(latest[1]!) };
  const sub = /^\/archiveSubmissions\/([^/]+)(?:\/(validationErrors|blockers|fileUploadPlan|entities|complete))?$/.exec(
    path,
  );
  if (!sub) return undefined;
  const route = (sub[2] ?? 'submission') as ArchiverRoute;
  return method === (route === 'complete' ? 'POST' : 'GET') ? { route, id: decodeURIComponent(sub[1]!) } : undefined;
}

/**
 * A loopback stand-in of one environment's ingest archiver (DSP flow) that plays the whole contract with
 * accelerated time: the 404 `null` while converting, no de-duplication, the transitional plan, FileReference
 * errors until `uploadFiles`, pending validation, `/complete` that waits until nothing blocks, accessions, and
 * Flask's HTML 500 pages. `GET /` needs no key.
 */
export class ArchiverStandIn extends LoopbackStandIn {
  readonly requests: ArchiverRequest[] = [];
  health: ArchiverHealth = 'ok';
  /** The accepted `Api-Key`; change it to play a rotated key. */
  apiKey: string;
  timings: ArchiverTimings;
  /** By ingest submission UUID; others use `defaultScenario`. */
  readonly scenarios = new Map<string, ConversionScenario>();
  defaultScenario: ConversionScenario = {};
  private readonly faults = new FaultQueue<ArchiverRoute>();
  private readonly submissionList: DspSubmission[] = [];
  private readonly ingest?: IngestStandIn;
  private readonly dspApiUrl: string;
  private readonly uploadBucket: string;
  private readonly clockSkewMs: number;
  private accessionCounter = 100_000;

  constructor(options: ArchiverStandInOptions) {
    super();
    this.apiKey = options.apiKey;
    this.timings = { ...DEFAULT_ARCHIVER_TIMINGS, ...options.timings };
    this.ingest = options.ingest;
    this.dspApiUrl = options.dspApiUrl ?? 'https://submission-test.ebi.ac.uk';
    this.uploadBucket = options.uploadBucket ?? 'org-hca-data-archive-upload-dev';
    this.clockSkewMs = options.clockSkewMs ?? 0;
  }

  override async stop(): Promise<void> {
    for (const sub of this.submissionList) clearTimeout(sub.timer);
    await super.stop();
  }

  /**
   * Serves `fault` for the next `times` requests to `route`. With `processed`, the request takes effect first
   * (a POST creates or completes) and only its answer is replaced: the ambiguous outcome after a timeout or 500.
   */
  failNext(route: ArchiverRoute, fault: Fault, options: { times?: number; processed?: boolean } = {}): void {
    this.faults.push(route, fault, options.times ?? 1, options.processed ?? false);
  }

  /** The sandbox's file archiver has uploaded every file of this DSP submission; false if it is not one of ours. */
  uploadFiles(dspUuid: string): boolean {
    const sub = this.byDsp(dspUuid);
    if (!sub) return false;
    sub.filesUploadedAt = Date.now();
    sub.validatedFrom = sub.filesUploadedAt;
    this.scheduleCompletion(sub);
    return true;
  }

  /** Replaces the metadata errors (e.g. `[]` once "a dev fixed them in DSP"); validation runs again. */
  setMetadataErrors(dspUuid: string, errors: MetadataError[]): boolean {
    const sub = this.byDsp(dspUuid);
    if (!sub) return false;
    sub.metadataErrors = errors.map((e) => ({ ...e, submittableUuid: randomUUID() }));
    sub.validatedFrom = Date.now();
    this.scheduleCompletion(sub);
    return true;
  }

  /**
   * An earlier attempt's record, already converted `ageMs` ago (plan written, validated): the duplicate guard's case.
   * `completed`: that attempt went all the way, its files uploaded and its entities accessioned.
   */
  seedRecord(
    ingestUuid: string,
    options: { ageMs?: number; scenario?: ConversionScenario; excludeTypes?: string[]; completed?: boolean } = {},
  ): DspSubmissionView {
    const ageMs = options.ageMs ?? 86_400_000;
    const scenario = options.scenario ?? this.scenarioFor(ingestUuid);
    const sub = this.convert(ingestUuid, options.excludeTypes ?? [], scenario, Date.now() - ageMs);
    if (options.completed) {
      sub.filesUploadedAt = sub.recordedAt;
      sub.completeCalls = 1;
      sub.firstCompleteAt = sub.recordedAt;
      this.finish(sub);
    }
    return this.view(sub);
  }

  /** Every submission made for `ingestUuid` (all when omitted), oldest first. */
  submissions(ingestUuid?: string): DspSubmissionView[] {
    return this.submissionList
      .filter((s) => ingestUuid === undefined || s.ingestUuid === ingestUuid)
      .map((s) => this.view(s));
  }

  /** What `latestArchiveSubmission` would return now, if anything. */
  latest(ingestUuid: string): DspSubmissionView | undefined {
    const sub = this.latestRecord(ingestUuid);
    return sub && this.view(sub);
  }

  completeCalls(dspUuid: string): number {
    return this.submissionList.find((s) => s.dspUuid === dspUuid)?.completeCalls ?? 0;
  }

  private scenarioFor(ingestUuid: string): ConversionScenario {
    return this.scenarios.get(ingestUuid) ?? this.defaultScenario;
  }

  private view(sub: DspSubmission): DspSubmissionView {
    return {
      ingestUuid: sub.ingestUuid,
      dspUuid: sub.dspUuid,
      created: sub.created,
      recorded: sub.recordedAt <= Date.now(),
      filesUploaded: sub.filesUploadedAt !== null,
      completeCalls: sub.completeCalls,
      completed: sub.completed,
    };
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://archiver');
    const method = req.method ?? 'GET';
    const text = method === 'POST' ? await readBody(req) : '';
    const match = matchRoute(method, url.pathname);
    const entry: ArchiverRequest = {
      method,
      path: url.pathname,
      route: match?.route,
      apiKeyPresent: req.headers['api-key'] !== undefined,
      at: Date.now(),
    };
    if (text) entry.body = parseJson(text) ?? text;
    this.requests.push(entry);
    if (this.health !== 'ok') return this.unwell(res, this.health);
    if (method === 'GET' && url.pathname === '/') return this.server.write(res, htmlReply(200, ARCHIVER_GREETING));
    if (!match) return this.server.write(res, htmlReply(404, FLASK_404));
    const queued = this.faults.take(match.route);
    if (queued && !queued.processed) return this.server.fail(res, queued.fault, INVALID_KEY);
    const reply = this.refuseKey(req.headers['api-key']) ?? this.answer(match.route, match.id, url, req, text);
    if (queued) return this.server.fail(res, queued.fault, INVALID_KEY);
    this.server.write(res, reply);
  }

  private refuseKey(header: string | string[] | undefined): Reply | undefined {
    if (header === undefined) return jsonReply(401, { message: 'header missing Api-Key' });
    return header === this.apiKey ? undefined : INVALID_KEY;
  }

  private answer(route: ArchiverRoute, id: string, url: URL, req: IncomingMessage, text: string): Reply {
    if (route === 'create') return this.create(String(req.headers['content-type'] ?? ''), text);
    if (route === 'latest') {
      const sub = this.latestRecord(id);
      return sub ? jsonReply(200, this.record(sub)) : jsonReply(404, null);
    }
    const sub = this.byDsp(id);
    if (route === 'complete') return this.complete(sub);
    if (!sub) return htmlReply(500, FLASK_500);
    const now = Date.now();
    switch (route) {
      case 'submission':
        return jsonReply(200, this.record(sub));
      case 'fileUploadPlan':
        return {
          status: 200,
          json: { jobs: this.storedPlan(sub, now) },
          indent: 4,
          headers: { 'content-disposition': `attachment;filename=FILE_UPLOAD_PLAN_${id}.json` },
        };
      case 'validationErrors':
        return jsonReply(200, this.validationErrors(sub, now));
      case 'blockers':
        return jsonReply(200, this.blockers(sub, now));
      case 'entities':
        return jsonReply(200, this.entityPage(sub, url.searchParams));
    }
  }

  private create(contentType: string, text: string): Reply {
    // Flask 1.1: get_json() is None for another content type and the handler fails; bad JSON is a 400 page.
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) return htmlReply(500, FLASK_500);
    const body = parseJson(text);
    if (body === undefined) return htmlReply(400, FLASK_400);
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const ingestUuid = fields.submission_uuid;
    if (typeof ingestUuid !== 'string' || ingestUuid === '') {
      return jsonReply(400, {
        message: 'You must supply the parameter submission_uuid referring to an Ingest submission envelope uuid.',
      });
    }
    const exclude = Array.isArray(fields.exclude_types) ? fields.exclude_types.map(String) : [];
    const scenario = this.scenarioFor(ingestUuid);
    const recordedAt = scenario.failsSilently ? Infinity : Date.now() + this.timings.conversionMs;
    this.convert(ingestUuid, exclude, scenario, recordedAt);
    return jsonReply(200, TRIGGERED);
  }

  private convert(ingestUuid: string, exclude: string[], scenario: ConversionScenario, recordedAt: number) {
    const dspUuid = randomUUID();
    const ctx: PlanContext = { ingestUuid, dspUuid, dspApiUrl: this.dspApiUrl, uploadBucket: this.uploadBucket };
    const jobs = exclude.includes('sequencingRun') ? [] : (scenario.jobs ?? defaultPlanJobs)(ctx);
    const entity = (type: string, hcaUuid: string): Entity => ({
      type,
      alias: `HCA_${type}_${hcaUuid}`,
      dspUuid: randomUUID(),
      accession: null,
    });
    const project = randomUUID();
    const runs = jobs.map((job) => ({ run: entity('sequencingRun', randomUUID()), files: fileNames(job) }));
    const entities = [
      entity('project', project),
      entity('study', project),
      entity('sample', randomUUID()),
      entity('sample', randomUUID()),
      ...runs.map(() => entity('sequencingExperiment', randomUUID())),
      ...runs.map((r) => r.run),
    ].filter((e) => !exclude.includes(e.type));
    const converted = !scenario.noEntities && entities.length > 0;
    const sub: DspSubmission = {
      ingestUuid,
      dspUuid: converted ? dspUuid : null,
      recordedAt,
      created: Number.isFinite(recordedAt) ? new Date(recordedAt + this.clockSkewMs).toISOString() : '',
      jobs: converted ? jobs : [],
      runs: converted ? runs.map((r) => ({ entityUuid: r.run.dspUuid, files: r.files })) : [],
      entities: converted ? entities : [],
      metadataErrors: (scenario.metadataErrors ?? []).map((e) => ({ ...e, submittableUuid: randomUUID() })),
      validatedFrom: recordedAt,
      filesUploadedAt: null,
      completeCalls: 0,
      firstCompleteAt: null,
      completed: false,
    };
    this.submissionList.push(sub);
    if (sub.dspUuid) this.ingest?.archiveRecords.set(sub.dspUuid, ingestUuid);
    return sub;
  }

  private latestRecord(ingestUuid: string): DspSubmission | undefined {
    const now = Date.now();
    return this.submissionList
      .filter((s) => s.ingestUuid === ingestUuid && s.recordedAt <= now)
      .reduce<DspSubmission | undefined>(
        (newest, s) => (!newest || s.recordedAt >= newest.recordedAt ? s : newest),
        undefined,
      );
  }

  private byDsp(dspUuid: string): DspSubmission | undefined {
    const now = Date.now();
    return this.submissionList.find((s) => s.dspUuid === dspUuid && s.recordedAt <= now);
  }

  private record(sub: DspSubmission): Record<string, unknown> {
    const dsp = sub.dspUuid ? { dspUuid: sub.dspUuid, dspUrl: `${this.dspApiUrl}/api/submissions/${sub.dspUuid}` } : {};
    const errors = sub.dspUuid
      ? []
      : [
          {
            errorCode: 'ingest_archiver.archive_metadata.no_entities',
            message: 'No entities found to convert.',
            details: null,
          },
        ];
    return {
      created: sub.created,
      ...dsp,
      submissionUuid: sub.ingestUuid,
      fileUploadPlan: this.storedPlan(sub, Date.now()),
      errors,
    };
  }

  private storedPlan(sub: DspSubmission, now: number): unknown {
    return now >= sub.recordedAt + this.timings.planMs ? sub.jobs : { jobs: [] };
  }

  private pending(sub: DspSubmission, now: number): boolean {
    return now < sub.validatedFrom + this.timings.validationMs;
  }

  private fileErrorsRemain(sub: DspSubmission): boolean {
    return sub.filesUploadedAt === null && sub.runs.length > 0;
  }

  private validationErrors(sub: DspSubmission, now: number) {
    if (this.pending(sub, now)) {
      const pending = sub.entities.map((e) => ({
        version: 1,
        validationStatus: 'Pending',
        expectedResults: { Core: [{ validationAuthor: 'Core', validationStatus: 'Pending' }] },
        _links: { self: { href: `${this.dspApiUrl}/api/validationResults/${e.dspUuid}` } },
      }));
      return { errors: {}, pending };
    }
    const errors: Record<string, Record<string, string[]>[]> = {};
    if (this.fileErrorsRemain(sub)) {
      for (const run of sub.runs) {
        errors[this.submittable('sequencingRuns', run.entityUuid)] = [
          {
            FileReference: run.files.map(
              (f) => `The file [${f}] referenced in the metadata is not exists on the file storage area.`,
            ),
          },
        ];
      }
    }
    for (const e of sub.metadataErrors)
      errors[this.submittable(e.dataType, e.submittableUuid)] = [{ [e.author]: e.messages }];
    return { errors, pending: [] };
  }

  private submittable(type: DspDataType, uuid: string): string {
    return `${this.dspApiUrl}/api/${DATA_TYPES[type].path}/${uuid}`;
  }

  private blockers(sub: DspSubmission, now: number) {
    const pending = this.pending(sub, now);
    const issues: Record<string, { displayName: string; count: number }> = {};
    const add = (type: DspDataType, count: number) => {
      issues[type] = { displayName: DATA_TYPES[type].displayName, count: (issues[type]?.count ?? 0) + count };
    };
    if (!pending && this.fileErrorsRemain(sub)) add('sequencingRuns', sub.runs.length);
    if (!pending) for (const e of sub.metadataErrors) add(e.dataType, 1);
    const counts = Object.values(issues).map((i) => i.count);
    return {
      notReadyFileCount: sub.filesUploadedAt === null ? sub.runs.flatMap((r) => r.files).length : 0,
      ...(counts.length > 0 ? { validationIssuesPerDataTypeId: issues } : {}),
      totalMetadataBlockers: counts.reduce((a, b) => a + b, 0),
      emptySubmission: sub.entities.length === 0,
      anyPendingValidationResult: pending,
      _links: { self: { href: `${this.dspApiUrl}/api/submissions/${sub.dspUuid}/submissionBlockersSummary` } },
    };
  }

  private entityPage(sub: DspSubmission, query: URLSearchParams) {
    const page = Math.max(0, Number.parseInt(query.get('page') ?? '0', 10) || 0);
    const size = Math.max(1, Number.parseInt(query.get('size') ?? '20', 10) || 20);
    const entities = sub.entities.slice(page * size, (page + 1) * size).map((e) => ({
      type: e.type,
      alias: e.alias,
      dspUuid: e.dspUuid,
      dspUrl: this.submittable(ENTITY_TYPES[e.type]!.dataType, e.dspUuid),
      accession: e.accession,
      metadataUuids: [],
      accessionedMetadataUuids: [],
      errors: [],
    }));
    const totalElements = sub.entities.length;
    return { entities, page: { size, totalElements, totalPages: Math.ceil(totalElements / size), number: page } };
  }

  private complete(sub: DspSubmission | undefined): Reply {
    // 202 even for an unknown uuid: the real thread then fails silently.
    if (sub) {
      sub.completeCalls += 1;
      sub.firstCompleteAt ??= Date.now();
      this.scheduleCompletion(sub);
    }
    return jsonReply(202, TRIGGERED);
  }

  /** The `/complete` thread polls until nothing blocks (forever if something does), then submits. */
  private scheduleCompletion(sub: DspSubmission): void {
    clearTimeout(sub.timer);
    if (sub.firstCompleteAt === null || sub.completed) return;
    const blocked = sub.metadataErrors.length > 0 || this.fileErrorsRemain(sub);
    const at = Math.max(sub.validatedFrom + this.timings.validationMs, sub.firstCompleteAt) + this.timings.completionMs;
    if (blocked || !Number.isFinite(at)) return;
    sub.timer = setTimeout(() => this.finish(sub), Math.max(0, at - Date.now()));
  }

  private finish(sub: DspSubmission): void {
    sub.completed = true;
    for (const e of sub.entities) e.accession = `${ENTITY_TYPES[e.type]!.accessionPrefix}${this.accessionCounter++}`;
    this.ingest?.markArchived(sub.ingestUuid);
  }

  /** An archiver that is not `ok` answers every request, `GET /` and the API alike, the way its health says. */
  private unwell(res: ServerResponse, health: Exclude<ArchiverHealth, 'ok'>): void {
    switch (health) {
      case 'html-500':
        return this.server.write(res, htmlReply(500, FLASK_500));
      case 'wrong-service':
        return this.server.write(res, htmlReply(200, '<html>Welcome to nginx!</html>'));
      case 'hang':
        return this.server.hold(res);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
