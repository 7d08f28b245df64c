import type { Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SlackGateway } from './slack.js';

/** Each reader's IANA time zone from their Slack profile (`users.info`), remembered for a while. */
export class UserZones {
  private readonly slack: Pick<SlackGateway, 'userTimeZone'>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly ttlMs: number;
  private readonly zones = new Map<string, { zone: string | undefined; at: number }>();

  constructor(options: { slack: Pick<SlackGateway, 'userTimeZone'>; clock: Clock; logger: Logger; ttlMs: number }) {
    this.slack = options.slack;
    this.clock = options.clock;
    this.logger = options.logger;
    this.ttlMs = options.ttlMs;
  }

  /** The zone if it was looked up recently; no network call. */
  cached(userId: string): { zone: string | undefined } | undefined {
    const entry = this.zones.get(userId);
    if (!entry || this.clock.now() - entry.at > this.ttlMs) return undefined;
    return { zone: entry.zone };
  }

  /** The zone, asking Slack when it is not cached; undefined when Slack does not say. */
  async lookup(userId: string): Promise<string | undefined> {
    const cached = this.cached(userId);
    if (cached) return cached.zone;
    let zone: string | undefined;
    try {
      zone = await this.slack.userTimeZone(userId);
    } catch (error) {
      this.logger.warn('could not read a user time zone', { user: userId, error: errorMessage(error) });
      return undefined;
    }
    this.zones.set(userId, { zone, at: this.clock.now() });
    return zone;
  }
}
