import type { Clock } from '../../clock.js';
import { errorMessage } from '../../errors.js';
import type { SlackGateway } from '../../integrations/slack.js';
import type { UserZones } from '../../integrations/user-zones.js';
import type { Logger } from '../../logger.js';
import type { StoreFailures } from '../../store/health.js';
import type { HomeVisits } from '../../store/home-visits.js';
import type { HomeView } from './view.js';

export interface HomePublisherOptions {
  slack: Pick<SlackGateway, 'publishHome'>;
  visits: HomeVisits;
  zones: UserZones;
  /** The viewer's App Home as the store has it now. */
  render(viewer: string, readerZone: string | undefined): HomeView;
  clock: Clock;
  logger: Logger;
  /** Least time between two change-driven publishes for one user. */
  minIntervalMs: number;
  /** Users who opened the App Home within this window get change-driven refreshes. */
  activeWindowMs: number;
  /** Where store errors of the visit records go: the App Home is still published without them. */
  health: StoreFailures;
}

interface UserState {
  lastAt: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** Publishes each user's App Home when they open it and, for recent visitors, when something shown changes. */
export class HomePublisher {
  private readonly options: HomePublisherOptions;
  private readonly users = new Map<string, UserState>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(options: HomePublisherOptions) {
    this.options = options;
  }

  async opened(userId: string): Promise<void> {
    this.fromStore((visits) => visits.record(userId, this.options.clock.now()));
    await this.options.zones.lookup(userId);
    const state = this.state(userId);
    clearTimeout(state.timer);
    state.timer = undefined;
    await this.publish(userId);
  }

  /** Something the App Home shows changed: refresh recent visitors, at most once per user per interval. */
  changed(): void {
    if (this.stopped) return;
    const { clock, minIntervalMs, activeWindowMs } = this.options;
    for (const userId of this.fromStore((visits) => visits.since(clock.now() - activeWindowMs)) ?? []) {
      const state = this.state(userId);
      if (state.timer) continue;
      const wait = Math.max(0, state.lastAt + minIntervalMs - clock.now());
      state.timer = setTimeout(() => {
        state.timer = undefined;
        void this.publish(userId);
      }, wait);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.users.values()) clearTimeout(state.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Reads or writes the store (visits, what the App Home shows); a store error is reported and the App Home goes on. */
  private fromStore<T>(use: (visits: HomeVisits) => T): T | undefined {
    try {
      return use(this.options.visits);
    } catch (error) {
      if (!this.options.health.failed('app home', error)) throw error;
      return undefined;
    }
  }

  private state(userId: string): UserState {
    let state = this.users.get(userId);
    if (!state) {
      state = { lastAt: 0 };
      this.users.set(userId, state);
    }
    return state;
  }

  private async publish(userId: string): Promise<void> {
    if (this.stopped) return;
    const { slack, zones, render, logger } = this.options;
    this.state(userId).lastAt = this.options.clock.now();
    const view = this.fromStore(() => render(userId, zones.cached(userId)?.zone));
    if (!view) return;
    const publishing = slack
      .publishHome(userId, view)
      .catch((error: unknown) => logger.warn('app home publish failed', { user: userId, error: errorMessage(error) }));
    this.inFlight.add(publishing);
    await publishing;
    this.inFlight.delete(publishing);
  }
}
