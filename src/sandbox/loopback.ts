import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Flask 1.1's default 500 page, which the archiver serves for every uncaught upstream failure. */
export const FLASK_500 =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n';

/**
 * A fault a stand-in serves instead of its answer: Flask's HTML 500 page, a 200 whose JSON is cut short, no answer
 * at all, a 401, or an error status with a JSON `{"message"}`.
 */
/** A one-shot wrong answer: an HTML 500 page, broken JSON, none at all, a 401, an error status, or a 200 of the wrong shape. */
export type Fault =
  'html-500' | 'malformed-json' | 'hang' | 'unauthorized' | { status: number; message: string } | { json: unknown };

/** What a route handler answers; the server writes it (or a fault instead). */
export interface Reply {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
  /** Pretty-print the JSON (Flask's `indent=4`). */
  indent?: number;
}

export function jsonReply(status: number, json: unknown): Reply {
  return { status, json };
}

export function htmlReply(status: number, html: string): Reply {
  return { status, html };
}

/** A queue of one-shot faults per route, taken in order. */
export class FaultQueue<Route extends string> {
  private readonly queued = new Map<Route, { fault: Fault; processed: boolean }[]>();

  push(route: Route, fault: Fault, times: number, processed: boolean): void {
    const list = this.queued.get(route) ?? [];
    for (let i = 0; i < times; i++) list.push({ fault, processed });
    this.queued.set(route, list);
  }

  take(route: Route): { fault: Fault; processed: boolean } | undefined {
    return this.queued.get(route)?.shift();
  }
}

/** An HTTP server on 127.0.0.1 with a free port; `hold` keeps a response open until `stop`. */
export class LoopbackServer {
  private readonly server;
  private readonly held = new Set<ServerResponse>();
  private baseUrl = '';

  constructor(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
    this.server = createServer((req, res) => {
      handler(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`stand-in failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
  }

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get url(): string {
    return this.baseUrl;
  }

  hold(res: ServerResponse): void {
    this.held.add(res);
    res.on('close', () => this.held.delete(res));
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  write(res: ServerResponse, reply: Reply): void {
    const headers = reply.headers ?? {};
    if (reply.html !== undefined) {
      res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(reply.html);
    } else if (reply.json === undefined) {
      res.writeHead(reply.status, headers).end();
    } else {
      const body = `${JSON.stringify(reply.json, null, reply.indent)}\n`;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...headers }).end(body);
    }
  }

  /** Serves `fault` in place of an answer; `unauthorized` is the service's own 401 answer. */
  fail(res: ServerResponse, fault: Fault, unauthorized: Reply): void {
    if (fault === 'hang') return this.hold(res);
    if (fault === 'malformed-json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"message": "successfully trig');
      return;
    }
    if (fault === 'html-500') return this.write(res, htmlReply(500, FLASK_500));
    if (fault === 'unauthorized') return this.write(res, unauthorized);
    if ('json' in fault) return this.write(res, jsonReply(200, fault.json));
    this.write(res, jsonReply(fault.status, { message: fault.message }));
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A stand-in served by a LoopbackServer: subclasses answer requests; starting, its URL and stopping are shared. */
export abstract class LoopbackStandIn {
  /** How long every answer waits before it is made: a remote service's own latency (the bench's 50 ms). */
  latencyMs = 0;
  protected readonly server = new LoopbackServer(async (req, res) => {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return this.handle(req, res);
  });

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  get url(): string {
    return this.server.url;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}
