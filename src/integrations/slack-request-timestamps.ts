import type { IncomingMessage, RequestListener, Server } from 'node:http';
import { systemClock } from '../clock.js';
import type { Logger } from '../logger.js';

/** How far ahead of our clock a request may be dated: the same five minutes Bolt allows on the past side. */
export const MAX_FUTURE_SKEW_SECONDS = 5 * 60;

const PLAIN_INTEGER = /^[0-9]{1,15}$/;

/**
 * Why a request's `X-Slack-Request-Timestamp` cannot be used, or undefined when it can (or is absent: Bolt refuses
 * that itself). Bolt only refuses stale timestamps; a signed request dated in the future, or written as `1e10` or
 * `1700000000.5`, would otherwise stay replayable for as long as the date is ahead.
 */
export function timestampProblem(header: string | string[] | undefined, nowMs: number): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || !PLAIN_INTEGER.test(header)) return 'not a plain integer';
  if (Number(header) > Math.floor(nowMs / 1000) + MAX_FUTURE_SKEW_SECONDS) return 'more than 5 minutes ahead';
  return undefined;
}

/**
 * Puts the timestamp check in front of the server's request listeners (Bolt's HTTP receiver): a request whose
 * timestamp cannot be used gets 401 and reaches nothing else. Slack dates requests by the wall clock, so the check
 * reads the system clock, as Bolt's own staleness check does, not the bot's movable one.
 */
export function refuseUnusableTimestamps(server: Server, logger: Logger): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res) => {
    const problem = timestampProblem(req.headers['x-slack-request-timestamp'], systemClock.now());
    if (problem === undefined) {
      for (const listener of listeners) listener.call(server, req, res);
      return;
    }
    logger.warn('refused a Slack request: its timestamp is unusable', { problem });
    req.resume();
    res.writeHead(401).end();
  });
}
