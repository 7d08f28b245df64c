import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, jsonReply, LoopbackStandIn, type Fault } from './loopback.js';

/** A project as one catalog indexes it. */
export interface StandInAzulProject {
  uuid: string;
  title: string;
  shortName: string;
  estimatedCellCount: number | null;
  fileTypes: { format: string; count: number }[];
  /** false: a managed-access project, listed to anonymous callers all the same. */
  accessible: boolean;
}

export interface AzulStandInOptions {
  /** Catalogs in configured order (the first is the default), with their atlas and whether they are internal. */
  catalogs?: { name: string; atlas?: string; internal?: boolean }[];
  /** Azul's per-IP rule: this many requests per window, then 429 with `Retry-After` [1,000 per 300 s, 30 s]. */
  rateLimit?: { requests: number; windowMs: number; retryAfterSeconds: number };
  now?: () => number;
}

export interface AzulRequest {
  path: string;
  catalog: string | null;
  status: number;
  at: number;
}

export type AzulRoute = 'catalogs' | 'project';

/** The catalogs of prod Azul at the contract's snapshot: `dcp42` is first, so it is the (older) default. */
export const DEFAULT_CATALOGS = [
  { name: 'dcp42' },
  { name: 'dcp42-it', internal: true },
  { name: 'dcp43' },
  { name: 'dcp43-it', internal: true },
  { name: 'lm7', atlas: 'lungmap' },
];

const RFC4122 = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A loopback stand-in of Azul's index service: `/index/catalogs` and `/index/projects/<uuid>?catalog=`, with its
 * 404s (project not indexed, unknown catalog), the 400 for a UUID that is not lower-case RFC 4122, and the WAF's 429.
 */
export class AzulStandIn extends LoopbackStandIn {
  readonly catalogs = new Map<string, { atlas: string; internal: boolean }>();
  /** Catalog → project UUID → project. */
  readonly indexed = new Map<string, Map<string, StandInAzulProject>>();
  readonly requests: AzulRequest[] = [];
  private readonly faults = new FaultQueue<AzulRoute>();
  private readonly rateLimit: { requests: number; windowMs: number; retryAfterSeconds: number };
  private readonly now: () => number;
  private forcedLimits: number[] = [];

  constructor(options: AzulStandInOptions = {}) {
    super();
    for (const c of options.catalogs ?? DEFAULT_CATALOGS) this.addCatalog(c.name, c);
    this.rateLimit = options.rateLimit ?? { requests: 1000, windowMs: 300_000, retryAfterSeconds: 30 };
    this.now = options.now ?? Date.now;
  }

  /** A new catalog; a non-internal HCA one starts with every project of the newest such catalog (releases add up). */
  addCatalog(name: string, options: { atlas?: string; internal?: boolean } = {}): void {
    const atlas = options.atlas ?? 'hca';
    const internal = options.internal ?? false;
    const previous = [...this.catalogs].filter(([, c]) => c.atlas === 'hca' && !c.internal).at(-1)?.[0];
    this.catalogs.set(name, { atlas, internal });
    const carried = atlas === 'hca' && !internal && previous ? this.indexed.get(previous) : undefined;
    this.indexed.set(name, new Map(carried));
  }

  /** Indexes `project` in `catalog` (a DCP release that includes it). */
  publish(catalog: string, project: StandInAzulProject): void {
    const projects = this.indexed.get(catalog);
    if (!projects) throw new Error(`no catalog ${catalog}`);
    projects.set(project.uuid, project);
  }

  /** Serves `fault` for the next `times` requests to `route`. */
  failNext(route: AzulRoute, fault: Fault, times = 1): void {
    this.faults.push(route, fault, times, false);
  }

  /** The next `times` requests get 429 with `Retry-After: seconds`, whatever the window says. */
  limitNext(seconds: number, times = 1): void {
    for (let i = 0; i < times; i++) this.forcedLimits.push(seconds);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://azul');
    const catalog = url.searchParams.get('catalog');
    const record = (status: number) => this.requests.push({ path: url.pathname, catalog, status, at: this.now() });
    const reply = (status: number, json: unknown) => {
      record(status);
      this.server.write(res, jsonReply(status, json));
    };
    const retryAfter = this.forcedLimits.shift() ?? this.overLimit();
    if (retryAfter !== undefined) {
      record(429);
      return this.server.write(res, {
        status: 429,
        json: { message: 'Too Many Requests' },
        headers: { 'retry-after': String(retryAfter) },
      });
    }
    const route: AzulRoute | undefined =
      url.pathname === '/index/catalogs'
        ? 'catalogs'
        : url.pathname.startsWith('/index/projects/')
          ? 'project'
          : undefined;
    if (req.method !== 'GET' || !route) return reply(404, error('NotFoundError', `No route ${url.pathname}.`));
    const fault = this.faults.take(route)?.fault;
    if (fault) {
      record(0);
      return this.server.fail(res, fault, jsonReply(403, { message: 'Forbidden' }));
    }
    if (route === 'catalogs') return reply(200, this.catalogsBody());
    const uuid = decodeURIComponent(url.pathname.slice('/index/projects/'.length));
    if (!RFC4122.test(uuid)) return reply(400, error('BadRequestError', `'${uuid}' is not a valid UUID.`));
    const name = catalog ?? this.defaultCatalog();
    const projects = this.indexed.get(name);
    if (!projects) {
      const names = [...this.catalogs.keys()].map((n) => `'${n}'`).join(', ');
      return reply(404, error('NotFoundError', `Catalog name '${name}' does not exist. Must be one of {${names}}.`));
    }
    const project = projects.get(uuid);
    if (!project) return reply(404, error('NotFoundError', `Can't find an entity in projects with an uuid, ${uuid}.`));
    reply(200, projectHit(project, name));
  }

  private defaultCatalog(): string {
    return [...this.catalogs.keys()][0] ?? '';
  }

  /** Retry-After seconds when the window already holds its quota of requests. */
  private overLimit(): number | undefined {
    const { requests, windowMs, retryAfterSeconds } = this.rateLimit;
    const since = this.now() - windowMs;
    const recent = this.requests.filter((r) => r.at > since && r.status !== 429).length;
    return recent >= requests ? retryAfterSeconds : undefined;
  }

  private catalogsBody(): Record<string, unknown> {
    const catalogs = Object.fromEntries(
      [...this.catalogs].map(([name, c]) => [
        name,
        {
          atlas: c.atlas,
          internal: c.internal,
          plugins: { metadata: { name: c.atlas === 'hca' ? 'hca' : 'anvil' }, repository: { name: 'tdr_hca' } },
        },
      ]),
    );
    return { default_catalog: this.defaultCatalog(), catalogs };
  }
}

function error(code: string, message: string): Record<string, string> {
  return { Code: code, Message: message };
}

function projectHit(project: StandInAzulProject, catalog: string): Record<string, unknown> {
  const release = /^dcp(\d+)$/.exec(catalog)?.[1] ?? '0';
  const hex = project.uuid.replaceAll('-', '');
  return {
    entryId: project.uuid,
    protocols: [],
    sources: [
      {
        sourceId: `${hex.slice(0, 8)}-0000-4000-8000-000000000000`,
        sourceSpec: `tdr:bigquery:gcp:datarepo-${hex.slice(0, 8)}:hca_prod_${hex}__20240901_dcp2_20240901_dcp${release}:/0`,
      },
    ],
    projects: [
      {
        projectId: project.uuid,
        projectTitle: project.title,
        projectShortname: project.shortName,
        laboratory: ['Stand-in Laboratory'],
        estimatedCellCount: project.estimatedCellCount,
        isTissueAtlasProject: false,
        accessible: project.accessible,
        accessions: [],
      },
    ],
    samples: [],
    specimens: [],
    cellLines: [],
    donorOrganisms: [],
    organoids: [],
    cellSuspensions: [{ organ: ['heart'], totalCells: project.estimatedCellCount }],
    fileTypeSummaries: project.fileTypes.map((f) => ({
      format: f.format,
      count: f.count,
      totalSize: f.count * 1_000_000,
      matrixCellCount: 0,
      fileSource: ['DCP/2 Analysis'],
      isIntermediate: false,
      contentDescription: [],
    })),
    dates: [],
  };
}
