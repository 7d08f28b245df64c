import type { Clock } from '../../clock.js';
import { ChannelAccessError, errorMessage } from '../../errors.js';
import { renderDigest, renderNotice, type Notice } from './notice.js';
import type { SlackGateway } from '../../integrations/slack.js';
import type { Logger } from '../../logger.js';
import type { ClaimedFiring, ReminderPost, ReminderStore } from '../../store/reminders.js';
import type { ReminderSettings } from './calendar.js';

/** More notices than this due at once for one channel (or one person's DMs) become one digest. */
export const DIGEST_THRESHOLD = 5;

export interface FiringOptions {
  store: ReminderStore;
  slack: Pick<SlackGateway, 'postMessage' | 'openDm' | 'uploadFile'>;
  settings: ReminderSettings;
  clock: Clock;
  logger: Logger;
  /** Who holds the claims: this process. */
  claimer: string;
  /** How long a notice that could not be posted waits before the next try. */
  retryMs: number;
  /** Places (channels, DMs) posted to at the same time. */
  concurrency: number;
}

export interface FiringReport {
  posted: number;
  digests: number;
  failed: number;
}

interface Pending {
  firing: ClaimedFiring;
  notice: Notice;
  failed: boolean;
}

/** Posts claimed notices in their channels and to their creators, then commits each one that got through. */
export async function postNotices(claimed: readonly ClaimedFiring[], options: FiringOptions): Promise<FiringReport> {
  const { store, slack, clock, claimer, retryMs, concurrency } = options;
  const now = clock.now();
  const pending: Pending[] = [];
  const waiting = { channel: [] as Pending[], dm: [] as Pending[] };
  for (const firing of claimed) {
    const item = {
      firing,
      notice: {
        reminder: firing.reminder,
        kind: firing.kind,
        dueAt: firing.dueAt,
        postedAt: now,
        recovered: firing.recovered,
        foldedAdvanceAt: firing.foldedAdvanceAt,
      },
      failed: false,
    };
    pending.push(item);
    const done = new Set(store.postsFor(firing.reminder.id, firing.fireKey).map((p) => p.destination));
    if (!done.has('channel')) waiting.channel.push(item);
    if (!done.has('dm')) waiting.dm.push(item);
  }
  let digests = 0;
  const deliver = async (channel: string, items: Pending[], destination: ReminderPost['destination']) => {
    if (items.length > DIGEST_THRESHOLD) {
      await deliverDigest(channel, items, destination, options);
      digests += 1;
      return;
    }
    for (const item of items) await deliverOne(channel, item, destination, options);
  };
  const tasks = [
    ...groupBy(waiting.channel, (p) => p.firing.reminder.channelId).map(
      ([channel, items]) =>
        () =>
          deliver(channel, items, 'channel'),
    ),
    ...groupBy(waiting.dm, (p) => p.firing.reminder.creator).map(([user, items]) => async () => {
      try {
        const dm = await slack.openDm(user);
        await deliver(
          dm,
          items.filter((p) => p.firing.reminder.channelId !== dm),
          'dm',
        );
      } catch (error) {
        fail(items, error, options);
      }
    }),
  ];
  await runLimited(tasks, concurrency);

  let posted = 0;
  for (const item of pending) {
    if (item.failed) {
      store.releaseClaim(item.firing.reminder.id, claimer, clock.now() + retryMs);
    } else if (store.commitFiring(item.firing, claimer, clock.now())) {
      posted += 1;
    }
  }
  return { posted, digests, failed: pending.filter((p) => p.failed).length };
}

async function deliverOne(
  channel: string,
  item: Pending,
  destination: ReminderPost['destination'],
  options: FiringOptions,
): Promise<void> {
  try {
    const posted = await options.slack.postMessage(channel, renderNotice(item.notice, options.settings));
    record([item], destination, channel, posted.ts, false, options);
  } catch (error) {
    if (!giveUp([item], destination, channel, error, options)) fail([item], error, options);
  }
}

async function deliverDigest(
  channel: string,
  items: Pending[],
  destination: ReminderPost['destination'],
  options: FiringOptions,
): Promise<void> {
  const digest = renderDigest(
    items.map((p) => p.notice),
    options.settings,
  );
  let ts: string;
  try {
    ts = (await options.slack.postMessage(channel, digest.message)).ts;
  } catch (error) {
    if (!giveUp(items, destination, channel, error, options)) fail(items, error, options);
    return;
  }
  record(items, destination, channel, ts, true, options);
  if (!digest.file) return;
  try {
    await options.slack.uploadFile({ channel, threadTs: ts, ...digest.file });
  } catch (error) {
    options.logger.warn('reminder digest file upload failed', { channel, error: errorMessage(error) });
  }
}

function record(
  items: Pending[],
  destination: ReminderPost['destination'],
  channelId: string,
  ts: string | null,
  digest: boolean,
  options: FiringOptions,
): void {
  options.store.recordPosts(
    items.map((p) => ({
      reminderId: p.firing.reminder.id,
      fireKey: p.firing.fireKey,
      destination,
      channelId,
      ts,
      digest,
    })),
    options.clock.now(),
  );
}

/** A channel the bot may not post in stays that way: the notice goes to the creator's DM only. */
function giveUp(
  items: Pending[],
  destination: ReminderPost['destination'],
  channel: string,
  error: unknown,
  options: FiringOptions,
): boolean {
  if (!(error instanceof ChannelAccessError)) return false;
  options.logger.warn('reminder notice cannot be posted in its channel', {
    channel,
    reminders: items.map((p) => p.firing.reminder.ref),
  });
  record(items, destination, channel, null, false, options);
  return true;
}

function fail(items: Pending[], error: unknown, options: FiringOptions): void {
  for (const item of items) item.failed = true;
  options.logger.warn('reminder notice not posted; will try again', {
    reminders: items.slice(0, 10).map((p) => p.firing.reminder.ref),
    count: items.length,
    retryInMs: options.retryMs,
    error: errorMessage(error),
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups];
}

async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
