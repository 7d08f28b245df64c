import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, jsonReply, LoopbackStandIn, type Fault, type Reply } from './loopback.js';

export interface IngestStandInOptions {
  /** The bearer token this ingest API accepts (the sandbox's INGEST_API_TOKEN). */
  token: string;
  /** The upload bucket named in envelopes' `stagingDetails`. */
  uploadBucket?: string;
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

  constructor(options: IngestStandInOptions) {
    super();
    this.token = options.token;
    this.uploadBucket = options.uploadBucket ?? 'org-hca-data-archive-upload-dev';
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

  private envelope(uuid: string, state: string): Record<string, unknown> {
    const id = uuid.replaceAll('-', '').slice(0, 24);
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

function springError(status: number, error: string, path: string): Reply {
  return jsonReply(status, { timestamp: new Date().toISOString(), status, error, path });
}
