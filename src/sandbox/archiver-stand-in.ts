import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ArchiverHealth = 'ok' | 'html-500' | 'hang' | 'wrong-service';

export interface ArchiverRequest {
  method: string;
  path: string;
  apiKey?: string;
  at: number;
}

const FLASK_500 =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request.</p>';

/** A loopback stand-in of one environment's ingest archiver (Flask app, `GET /` needs no key). */
export class ArchiverStandIn {
  readonly requests: ArchiverRequest[] = [];
  health: ArchiverHealth = 'ok';
  private readonly server = createServer((req, res) => this.handle(req, res));
  private readonly hanging = new Set<ServerResponse>();
  private baseUrl = '';

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get url(): string {
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://archiver').pathname;
    const apiKey = req.headers['api-key'];
    this.requests.push({
      method: req.method ?? 'GET',
      path,
      apiKey: typeof apiKey === 'string' ? apiKey : undefined,
      at: Date.now(),
    });
    if (req.method === 'GET' && path === '/') return this.greet(res);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
  }

  private greet(res: ServerResponse): void {
    switch (this.health) {
      case 'ok':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('Ingest Archiver is running');
        return;
      case 'html-500':
        res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' }).end(FLASK_500);
        return;
      case 'wrong-service':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Welcome to nginx!</html>');
        return;
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
    }
  }
}
