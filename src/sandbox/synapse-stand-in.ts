import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue, jsonReply, LoopbackStandIn, readBody, type Fault, type Reply } from './loopback.js';

export type SynapseRoute = 'alias' | 'passingRecord';

/** A Synapse user as the stand-in knows them; `record` absent means they never passed the quiz. */
export interface SynapseUser {
  id: string;
  userName: string;
  record?: { passed: boolean; passedOn?: string; revoked?: boolean; revokedOn?: string };
}

export interface SynapseRequest {
  method: string;
  path: string;
  route?: SynapseRoute;
  body?: unknown;
  /** The Bearer token the request carried. */
  token?: string;
  at: number;
}

const UNAUTHORIZED = jsonReply(401, { reason: 'Invalid access token' });

/**
 * A loopback stand-in for the two Synapse REST calls the bot makes (turn2-facts.md §5, htan-submission-rules.md §5):
 * `POST /repo/v1/principal/alias` and `GET /repo/v1/user/{id}/certifiedUserPassingRecord`, with Synapse's
 * `{"reason"}` error bodies, its 404 for "never passed", and faults on demand.
 */
export class SynapseStandIn extends LoopbackStandIn {
  readonly requests: SynapseRequest[] = [];
  private readonly users = new Map<string, SynapseUser>();
  private readonly faults = new FaultQueue<SynapseRoute>();
  /** When set, Synapse answers only requests that carry this personal access token (401 otherwise). */
  requiredToken: string | undefined;

  addUser(user: SynapseUser): this {
    this.users.set(user.id, user);
    return this;
  }

  /** Serves `fault` for the next `times` requests to `route`. */
  failNext(route: SynapseRoute, fault: Fault, times = 1): void {
    this.faults.push(route, fault, times, false);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://synapse').pathname;
    const method = req.method ?? 'GET';
    const text = method === 'POST' ? await readBody(req) : '';
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const record = /^\/repo\/v1\/user\/([^/]+)\/certifiedUserPassingRecord$/.exec(path);
    const route: SynapseRoute | undefined =
      method === 'POST' && path === '/repo/v1/principal/alias'
        ? 'alias'
        : method === 'GET' && record
          ? 'passingRecord'
          : undefined;
    this.requests.push({
      method,
      path,
      ...(route ? { route } : {}),
      ...(text ? { body: parse(text) } : {}),
      ...(token ? { token } : {}),
      at: Date.now(),
    });
    if (!route) return this.server.write(res, jsonReply(404, { reason: `No handler for ${method} ${path}` }));
    const fault = this.faults.take(route);
    if (fault) return this.server.fail(res, fault.fault, UNAUTHORIZED);
    if (this.requiredToken !== undefined && token !== this.requiredToken) return this.server.write(res, UNAUTHORIZED);
    this.server.write(
      res,
      route === 'alias' ? this.alias(parse(text)) : this.passingRecord(decodeURIComponent(record![1]!)),
    );
  }

  private alias(body: unknown): Reply {
    const { alias, type } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof alias !== 'string' || type !== 'USER_NAME') {
      return jsonReply(400, { reason: 'alias and type (USER_NAME) are required' });
    }
    const user = [...this.users.values()].find((u) => u.userName.toLowerCase() === alias.toLowerCase());
    if (!user) return jsonReply(404, { reason: `Principal not found for alias: ${alias}` });
    return jsonReply(200, { principalId: Number(user.id) });
  }

  private passingRecord(id: string): Reply {
    const user = this.users.get(id);
    if (!user?.record) {
      return jsonReply(404, { reason: `The user ${id} has not taken the certification quiz.` });
    }
    const { passed, passedOn, revoked = false, revokedOn } = user.record;
    return jsonReply(200, {
      userId: id,
      quizId: 1,
      responseId: 42,
      score: passed ? 14 : 9,
      passed,
      passedOn: passedOn ?? '2024-01-15T10:00:00.000Z',
      revoked,
      ...(revokedOn ? { revokedOn } : {}),
      certified: passed && !revoked,
      corrections: [],
    });
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
