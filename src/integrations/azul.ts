import { request, type Dispatcher } from 'undici';
import type { Clock } from '../clock.js';
import { ExternalServiceError, UserInputError } from '../errors.js';
import { AzulErrorBody, CatalogsResponse, ProjectHit, type AzulCatalog, type AzulProject } from './azul-schema.js';
import { parseAnswer, statusError, transportError, type HttpAnswer } from './http.js';
import type { Pacer } from './pacer.js';

export type { AzulCatalog, AzulProject };

const SERVICE = 'Azul';
/** Azul's WAF answers 429 with `Retry-After: 30`; a missing or unreadable header counts as that. */
const DEFAULT_RETRY_AFTER_MS = 30_000;
const MAX_RETRY_AFTER_MS = 3_600_000;

/** Azul is rate-limiting the bot (429): no Azul request goes before `retryAfterMs` has passed. */
export class AzulRateLimitError extends ExternalServiceError {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super(SERVICE, message, { retryable: true });
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The HCA Data Portal's backend, as far as "is the project live?" goes. Every request waits for its turn with the
 * pacer (one a second; none before a 429's Retry-After). A 429 rejects with AzulRateLimitError; 5xx, HTML pages,
 * timeouts and malformed JSON with a retryable ExternalServiceError; a UUID Azul refuses (400) with UserInputError.
 */
export interface AzulClient {
  readonly baseUrl: string;
  /** `GET /index/catalogs`: every catalog, internal ones and other atlases included; kept for `catalogTtlMs`. */
  catalogs(): Promise<AzulCatalog[]>;
  /**
   * `GET /index/projects/<uuid>?catalog=<catalog>` with the UUID lower-cased: null when the catalog does not have
   * the project (404); an unknown catalog rejects with a non-retryable ExternalServiceError.
   */
  project(projectUuid: string, catalog: string): Promise<AzulProject | null>;
}

export interface AzulClientOptions {
  baseUrl: string;
  timeoutMs: number;
  pacer: Pacer;
  clock: Clock;
  /** How long the catalog list is kept: it changes once a release (about monthly) [1 h]. */
  catalogTtlMs?: number;
  dispatcher?: Dispatcher;
}

interface AzulAnswer extends HttpAnswer {
  retryAfter: string | undefined;
}

function retryAfterMs(header: string | undefined, now: number): number {
  const text = header?.trim() ?? '';
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : DEFAULT_RETRY_AFTER_MS;
}

function azulError(body: string): { code: string; message: string } | undefined {
  try {
    const parsed = AzulErrorBody.safeParse(JSON.parse(body));
    return parsed.success ? { code: parsed.data.Code, message: parsed.data.Message.slice(0, 200) } : undefined;
  } catch {
    return undefined;
  }
}

export function createAzulClient(options: AzulClientOptions): AzulClient {
  const { baseUrl, timeoutMs, pacer, clock, dispatcher, catalogTtlMs = 3_600_000 } = options;
  const host = new URL(baseUrl).host;
  let cachedCatalogs: { catalogs: Promise<AzulCatalog[]>; until: number } | undefined;

  async function fetchCatalogs(): Promise<AzulCatalog[]> {
    const answer = await get(`${baseUrl}/index/catalogs`);
    if (answer.status !== 200) throw statusError(SERVICE, answer.url, answer.status, answer.body);
    return parseAnswer(SERVICE, answer, CatalogsResponse);
  }

  async function get(url: string): Promise<AzulAnswer> {
    await pacer.turn();
    let answer: AzulAnswer;
    try {
      const response = await request(url, {
        method: 'GET',
        headers: { accept: 'application/json' },
        dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const header = response.headers['retry-after'];
      const retryAfter = Array.isArray(header) ? header[0] : header;
      answer = { url, status: response.statusCode, body: await response.body.text(), retryAfter };
    } catch (error) {
      throw transportError(SERVICE, url, error, timeoutMs);
    }
    if (answer.status === 429) {
      const wait = retryAfterMs(answer.retryAfter, clock.now());
      pacer.holdUntil(clock.now() + wait);
      throw new AzulRateLimitError(
        `Azul at ${host} is rate-limiting the bot (HTTP 429) and asked it to wait ${Math.ceil(wait / 1000)} s.`,
        wait,
      );
    }
    return answer;
  }

  return {
    baseUrl,
    catalogs() {
      if (cachedCatalogs && cachedCatalogs.until > clock.now()) return cachedCatalogs.catalogs;
      const catalogs = fetchCatalogs();
      // Callers asking together share one request; a failed one is not kept.
      cachedCatalogs = { catalogs, until: clock.now() + catalogTtlMs };
      catalogs.catch(() => (cachedCatalogs = undefined));
      return catalogs;
    },
    async project(projectUuid, catalog) {
      const uuid = projectUuid.toLowerCase();
      const query = new URLSearchParams({ catalog });
      const answer = await get(`${baseUrl}/index/projects/${encodeURIComponent(uuid)}?${query}`);
      if (answer.status === 200) return parseAnswer(SERVICE, answer, ProjectHit);
      const said = azulError(answer.body);
      if (answer.status === 404 && said?.code === 'NotFoundError') {
        if (!/^Catalog name/i.test(said.message)) return null;
        throw new ExternalServiceError(SERVICE, `Azul at ${host} has no catalog ${catalog}: ${said.message}`, {
          retryable: false,
        });
      }
      if (answer.status === 400 && said) {
        throw new UserInputError(
          `Azul refused the project UUID ${uuid}: ${said.message} Give the project's UUID as the portal or the ingest ` +
            'project page shows it.',
        );
      }
      throw statusError(SERVICE, answer.url, answer.status, answer.body);
    },
  };
}
