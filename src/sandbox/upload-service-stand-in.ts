import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, jsonReply, LoopbackStandIn, type Fault, type Reply } from './loopback.js';

type Route = 'notify' | 'checksum';

export interface UploadServiceStandInOptions {
  /** Whether an upload area exists (ingest made one per submission) [the areas added with `addArea`]. */
  areaExists?(areaUuid: string): boolean;
  /** Checksum reads that still answer CHECKSUMMING after a notify, before CHECKSUMMED [1]. */
  checksumAfterReads?: number;
  /** Whether the file is in the ingest upload area; the service answers 404 "No such file" when it is not. */
  fileExists?(areaUuid: string, name: string): Promise<boolean>;
}

/**
 * A loopback stand-in of one environment's ingest upload service: `POST /v1/area/<uuid>/<name>` queues a file
 * (202; 404 for an unknown area), `GET …/<name>/checksum` gives `{checksum_status, checksums}` (UNSCHEDULED until
 * notified), `HEAD /v1/area/<uuid>` says whether the area exists. Errors are connexion problems `{status, title}`.
 */
export class UploadServiceStandIn extends LoopbackStandIn {
  readonly areas = new Set<string>();
  /** Every accepted notify, in order. */
  readonly notified: { areaUuid: string; name: string }[] = [];
  /** While set, every notify is answered with this fault (an upload service that is down). */
  notifyFault: Fault | undefined;
  /** `<area>/<name>` of notified files → checksum reads left before CHECKSUMMED. */
  private readonly readsLeft = new Map<string, number>();
  private readonly held = new Set<string>();
  private readonly faults = new FaultQueue<Route>();
  private readonly checksumAfterReads: number;
  private readonly fileExists: UploadServiceStandInOptions['fileExists'];
  private readonly areaExists: (areaUuid: string) => boolean;

  constructor(options: UploadServiceStandInOptions = {}) {
    super();
    this.checksumAfterReads = options.checksumAfterReads ?? 1;
    this.fileExists = options.fileExists;
    this.areaExists = options.areaExists ?? ((areaUuid) => this.areas.has(areaUuid));
  }

  addArea(areaUuid: string): void {
    this.areas.add(areaUuid);
  }

  /** Serves `fault` for the next `times` calls of `route`. */
  failNext(route: Route, fault: Fault, times = 1): void {
    this.faults.push(route, fault, times, false);
  }

  /** Keeps a notified file CHECKSUMMING until `releaseChecksum`. */
  holdChecksum(areaUuid: string, name: string): void {
    this.held.add(`${areaUuid}/${name}`);
  }

  releaseChecksum(areaUuid: string, name: string): void {
    this.held.delete(`${areaUuid}/${name}`);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://upload').pathname;
    const match = /^\/v1\/area\/([0-9a-f-]{36})(?:\/(.+))?$/.exec(path);
    if (!match) return this.server.write(res, problem(404, 'Not Found'));
    const areaUuid = match[1] as string;
    const rest = match[2];
    if (req.method === 'HEAD' && rest === undefined) {
      return this.server.write(res, { status: this.areaExists(areaUuid) ? 200 : 404 });
    }
    if (rest === undefined) return this.server.write(res, problem(405, 'Method Not Allowed'));
    const checksum = req.method === 'GET' && rest.endsWith('/checksum');
    const name = decodeURIComponent(checksum ? rest.slice(0, -'/checksum'.length) : rest);
    if (req.method === 'POST') return this.notify(res, areaUuid, name);
    if (checksum) return this.checksum(res, areaUuid, name);
    this.server.write(res, problem(405, 'Method Not Allowed'));
  }

  private async notify(res: ServerResponse, areaUuid: string, name: string): Promise<void> {
    const fault = this.faults.take('notify')?.fault ?? this.notifyFault;
    if (fault) return this.server.fail(res, fault, problem(401, 'Unauthorized'));
    if (!this.areaExists(areaUuid)) return this.server.write(res, problem(404, 'Upload Area Not Found'));
    if (this.fileExists && !(await this.fileExists(areaUuid, name))) {
      return this.server.write(res, problem(404, 'No such file'));
    }
    this.notified.push({ areaUuid, name });
    this.readsLeft.set(`${areaUuid}/${name}`, this.checksumAfterReads);
    this.server.write(res, { status: 202 });
  }

  private checksum(res: ServerResponse, areaUuid: string, name: string): void {
    const fault = this.faults.take('checksum')?.fault;
    if (fault) return this.server.fail(res, fault, problem(401, 'Unauthorized'));
    if (!this.areaExists(areaUuid)) return this.server.write(res, problem(404, 'Upload Area Not Found'));
    const key = `${areaUuid}/${name}`;
    const readsLeft = this.readsLeft.get(key);
    if (readsLeft === undefined) {
      return this.server.write(res, jsonReply(200, { checksum_status: 'UNSCHEDULED', checksums: null }));
    }
    if (this.held.has(key) || readsLeft > 0) {
      this.readsLeft.set(key, Math.max(0, readsLeft - 1));
      return this.server.write(res, jsonReply(200, { checksum_status: 'CHECKSUMMING', checksums: null }));
    }
    const checksums = { crc32c: 'c0ffee00', sha1: 'stand-in', sha256: 'stand-in', s3_etag: 'stand-in' };
    this.server.write(res, jsonReply(200, { checksum_status: 'CHECKSUMMED', checksums }));
  }
}

function problem(status: number, title: string): Reply {
  return jsonReply(status, { status, title });
}
