import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackStandIn, readBody } from '../../src/sandbox/loopback.js';
import { SlackFileShelf } from '../../src/sandbox/slack-file-shelf.js';

/** Slack's files methods and downloads on loopback, from the shelf the Slack stand-in uses. */
export class SlackFilesServer extends LoopbackStandIn {
  readonly shelf: SlackFileShelf;
  readonly downloads: string[] = [];
  private readonly botToken: string;

  constructor(botToken: string) {
    super();
    this.botToken = botToken;
    this.shelf = new SlackFileShelf(() => this.url, botToken);
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (path.startsWith('/files-pri/')) this.downloads.push(path);
    if (this.shelf.serve(path, req.headers.authorization, res)) return;
    const args = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const authorised = req.headers.authorization === `Bearer ${this.botToken}`;
    const answer = authorised
      ? this.shelf.answer(path.replace('/api/', ''), args)
      : { ok: false, error: 'invalid_auth' };
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(answer ?? { ok: false, error: 'unknown_method' }));
  }
}
