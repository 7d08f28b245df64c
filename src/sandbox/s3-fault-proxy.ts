import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { LoopbackStandIn } from './loopback.js';

export type S3Operation =
  | 'ListObjectsV2'
  | 'ListObjects'
  | 'ListMultipartUploads'
  | 'HeadBucket'
  | 'CreateBucket'
  | 'HeadObject'
  | 'GetObject'
  | 'GetObjectTagging'
  | 'PutObject'
  | 'PutObjectTagging'
  | 'CopyObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'DeleteObject'
  | 'Other';

/**
 * An S3 error answer (`<Error><Code>…`); `hang`: no answer at all; `lose-answer`: the call reaches S3 and takes
 * effect, but its answer never comes back (a crash's view of a call); `pretend-success`: a 200 CopyObject answer
 * for a copy that never happened (what a silent failure looks like); `{ until }`: the call goes through once `until`
 * settles (a slow part, held as long as a test needs).
 */
export type S3Fault =
  { status: number; code: string } | 'hang' | 'lose-answer' | 'pretend-success' | { until: Promise<unknown> };

/** Which calls a fault applies to; an absent field matches every call. */
export interface S3CallMatch {
  operation?: S3Operation;
  bucket?: string;
  /** Matches keys that start with it. */
  keyPrefix?: string;
}

export interface S3ProxiedCall {
  operation: S3Operation;
  bucket: string;
  key: string;
}

interface Rule {
  match: S3CallMatch;
  fault: S3Fault;
  /** How many more calls it answers; Infinity for a standing rule. */
  remaining: number;
}

export const ACCESS_DENIED: S3Fault = { status: 403, code: 'AccessDenied' };
export const SLOW_DOWN: S3Fault = { status: 503, code: 'SlowDown' };
export const INTERNAL_ERROR: S3Fault = { status: 500, code: 'InternalError' };

/**
 * A loopback proxy in front of a real S3 server (path-style) that records every call, counts the bytes that cross
 * it, and answers chosen calls with S3 errors (AccessDenied, SlowDown, 500) or not at all.
 */
export class S3FaultProxy extends LoopbackStandIn {
  readonly calls: S3ProxiedCall[] = [];
  /** Bytes received from the client (request bodies and headers are not counted apart). */
  bytesFromClient = 0;
  /** Bytes sent back to the client. */
  bytesToClient = 0;
  private readonly rules: Rule[] = [];
  private readonly upstream: URL;

  constructor(upstream: string) {
    super();
    this.upstream = new URL(upstream);
  }

  /** Answers the next `times` matching calls with `fault`. */
  failNext(match: S3CallMatch, fault: S3Fault, times = 1): void {
    this.rules.push({ match, fault, remaining: times });
  }

  /** Answers every matching call with AccessDenied until `reset`. */
  deny(match: S3CallMatch): void {
    this.rules.push({ match, fault: ACCESS_DENIED, remaining: Infinity });
  }

  reset(): void {
    this.rules.length = 0;
    this.calls.length = 0;
    this.bytesFromClient = 0;
    this.bytesToClient = 0;
  }

  count(operation: S3Operation): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const call = classify(req);
    this.calls.push(call);
    req.on('data', (chunk: Buffer) => (this.bytesFromClient += chunk.length));
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r.match, call));
    if (rule) rule.remaining -= 1;
    const fault = rule?.fault;
    if (fault === undefined) return this.forward(req, res);
    if (typeof fault === 'object' && 'until' in fault) {
      req.pause();
      await fault.until;
      return this.forward(req, res);
    }
    if (fault === 'lose-answer') {
      await this.forward(req);
      return this.server.hold(res);
    }
    req.resume();
    if (fault === 'hang') return this.server.hold(res);
    if (fault === 'pretend-success') {
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult><ETag>"pretend"</ETag></CopyObjectResult>`;
      res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
      return;
    }
    this.answerError(req, res, fault);
  }

  private answerError(req: IncomingMessage, res: ServerResponse, fault: { status: number; code: string }): void {
    const body =
      req.method === 'HEAD'
        ? ''
        : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code>` +
          `<Message>${fault.code} (from the S3 fault proxy)</Message><RequestId>proxy</RequestId></Error>`;
    this.bytesToClient += body.length;
    res.writeHead(fault.status, { 'content-type': 'application/xml' }).end(body);
  }

  /** Sends the call on to S3 and its answer back to `res`; without `res`, the answer is read and dropped. */
  private async forward(req: IncomingMessage, res?: ServerResponse): Promise<void> {
    const upstreamReq = request({
      host: this.upstream.hostname,
      port: this.upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    });
    const answer = new Promise<IncomingMessage>((resolve, reject) => {
      upstreamReq.once('response', resolve);
      upstreamReq.once('error', reject);
    });
    // S3 may answer (413, 403) before it has read the whole body; the answer still goes back to the client.
    pipeline(req, upstreamReq).catch(() => undefined);
    const upstreamRes = await answer;
    if (!res) {
      upstreamRes.resume();
      return;
    }
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.on('data', (chunk: Buffer) => (this.bytesToClient += chunk.length));
    await pipeline(upstreamRes, res);
  }
}

function matches(match: S3CallMatch, call: S3ProxiedCall): boolean {
  return (
    (match.operation === undefined || match.operation === call.operation) &&
    (match.bucket === undefined || match.bucket === call.bucket) &&
    (match.keyPrefix === undefined || call.key.startsWith(match.keyPrefix))
  );
}

function classify(req: IncomingMessage): S3ProxiedCall {
  const url = new URL(req.url ?? '/', 'http://s3');
  const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
  const key = rest.map((part) => decodeURIComponent(part)).join('/');
  const has = (name: string) => url.searchParams.has(name);
  const copy = req.headers['x-amz-copy-source'] !== undefined;
  const onKey = key !== '';
  const operation = ((): S3Operation => {
    switch (req.method) {
      case 'HEAD':
        return onKey ? 'HeadObject' : 'HeadBucket';
      case 'GET':
        if (!onKey) return has('uploads') ? 'ListMultipartUploads' : has('list-type') ? 'ListObjectsV2' : 'ListObjects';
        return has('tagging') ? 'GetObjectTagging' : 'GetObject';
      case 'PUT':
        if (!onKey) return 'CreateBucket';
        if (has('uploadId')) return copy ? 'UploadPartCopy' : 'UploadPart';
        return copy ? 'CopyObject' : has('tagging') ? 'PutObjectTagging' : 'PutObject';
      case 'POST':
        return has('uploads') ? 'CreateMultipartUpload' : has('uploadId') ? 'CompleteMultipartUpload' : 'Other';
      case 'DELETE':
        return has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
      default:
        return 'Other';
    }
  })();
  return { operation, bucket: decodeURIComponent(bucket), key };
}
