import { OffsetClock } from '../../src/clock.js';
import type { SlackStandIn, StoredMessage } from '../../src/sandbox/slack-stand-in.js';
import type { ReminderSettings } from '../../src/workflows/reminders/calendar.js';

/** Monday 1 March 2027, 12:00 UTC (GMT in London). */
export const T0 = Date.UTC(2027, 2, 1, 12);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The team's reminder settings as the defaults give them. */
export const REMINDER_SETTINGS: ReminderSettings = {
  timeZone: 'Europe/London',
  hour: 9,
  advanceDays: 7,
  maxYears: 5,
  dateOrder: 'dmy',
  portalUrl: 'https://data.humancellatlas.org',
  releaseFormUrl: 'https://forms.example/data-release',
  releaseCadenceDays: 30,
};

/** A clock frozen at `at` that tests move with `advance`. */
export function testClock(at = T0): OffsetClock {
  return new OffsetClock({ now: () => at });
}

/** A distinct project UUID per number. */
export function project(n = 1): string {
  return `8f4c2a9e-1111-4222-8333-${String(n).padStart(12, '0')}`;
}

/** Reminder notices (and digests) the bot posted, in order, optionally in one channel. */
export function notices(slack: SlackStandIn, channel?: string): StoredMessage[] {
  return slack
    .rootMessages(channel)
    .filter((m) => /Release day|due for release|release date of project|reminder notices are due/.test(m.text));
}

/** A copy of a message as it is now, to click its buttons after the bot has edited it. */
export function snapshot(message: StoredMessage): StoredMessage {
  return structuredClone(message);
}

/** The ephemeral ack of a command as a message whose buttons can be clicked. */
export function ephemeral(body: { text?: string; blocks?: unknown }, channel = 'C0OPS'): StoredMessage {
  return { channel, ts: 'ephemeral', text: body.text ?? '', blocks: body.blocks as unknown[], edits: 0 };
}
