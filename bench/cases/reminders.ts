import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { ReminderStore } from '../../src/store/reminders.js';
import type { BenchCase } from '../bench-case.js';
import { percentile, round } from '../stats.js';

const DAY = 86_400_000;
const STORED = 1_000_000;
const SCANS = 2_000;
const MISSED = 10_000;
const CHANNELS = 10;
const CREATORS = 25;

function projectUuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** A million reminders as years of use leave them: most closed, the rest due over the next five years. */
function fill(db: Db, now: number): void {
  const insert = db.prepare(
    `INSERT INTO reminders (project_uuid, release_date, note, channel_id, creator, created_at, updated_at, status,
       date_due_at, next_due_at, handled_by, handled_at, handled_action)
     VALUES (?, '2027-01-01', 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let n = 0; n < STORED; n++) {
      const open = n % 5 === 0;
      const due = open ? now + 60_000 + ((n * 7919) % (5 * 365)) * DAY : null;
      const handled = open ? null : 'UBENCH';
      insert.run(
        projectUuid(n),
        `C${n % 40}`,
        `U${n % 200}`,
        now - DAY,
        now - DAY,
        open ? 'scheduled' : n % 2 ? 'done' : 'cancelled',
        due,
        due,
        handled,
        open ? null : now - DAY,
        open ? null : n % 2 ? 'released' : 'cancelled',
      );
    }
  })();
}

/** The due scan a tick runs, against a million stored reminders of which none is due yet. */
function dueScan(folder: string): Record<string, number> {
  const db = openDatabase(join(folder, 'scan.sqlite'));
  try {
    const now = Date.now();
    const filledAt = performance.now();
    fill(db, now);
    const fillMs = performance.now() - filledAt;
    const store = new ReminderStore(db);
    const times: number[] = [];
    for (let i = 0; i < SCANS; i++) {
      const started = performance.now();
      const claimed = store.claimDue(now + i, 'bench', 60_000, 20_000);
      times.push(performance.now() - started);
      if (claimed.length > 0) throw new Error('the scan claimed reminders that are not due');
    }
    times.sort((a, b) => a - b);
    return {
      storedReminders: STORED,
      fillSeconds: round(fillMs / 1000),
      scans: SCANS,
      scanP50Ms: round(percentile(times, 50), 3),
      scanP99Ms: round(percentile(times, 99), 3),
      scanMaxMs: round(percentile(times, 100), 3),
    };
  } finally {
    db.close();
  }
}

/** Start-up after downtime with 10,000 missed reminders, against a stand-in that rate-limits chat.postMessage. */
async function catchUp(folder: string): Promise<Record<string, number>> {
  const databasePath = join(folder, 'catch-up.sqlite');
  const now = Date.now();
  const db = openDatabase(databasePath);
  const store = new ReminderStore(db);
  for (let n = 0; n < MISSED; n++) {
    store.create(
      {
        projectUuid: projectUuid(n),
        releaseDate: '2027-01-01',
        note: `missed while down ${n}`,
        channelId: `C${n % CHANNELS}`,
        creator: `U${n % CREATORS}`,
        dateDueAt: now - 3 * DAY + n,
        advanceDueAt: null,
      },
      now - 10 * DAY,
    );
  }
  db.close();

  const slack = await new SlackStandIn({ botToken: 'xoxb-bench', postRateLimit: { perSecond: 1, burst: 3 } }).start();
  for (let c = 0; c < CHANNELS; c++) slack.channels.set(`C${c}`, { isPrivate: false, isMember: true });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    HCA_OPERATORS: 'U0',
    HCA_APPROVERS: 'U0',
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'error',
  });
  const started = performance.now();
  const bot = await startBot(config, { logSink: () => undefined });
  try {
    await bot.scheduler.scanNow();
    const seconds = (performance.now() - started) / 1000;
    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage');
    return {
      missedReminders: MISSED,
      channels: CHANNELS,
      creators: CREATORS,
      catchUpSeconds: round(seconds),
      committed: MISSED - bot.reminders.countUpcoming(),
      slackPosts: posts.filter((c) => c.status === 200).length,
      fileUploads: slack.callsTo('files.completeUploadExternal').length,
      slack429s: slack.calls.filter((c) => c.status === 429).length,
    };
  } finally {
    await bot.stop();
    await slack.stop();
  }
}

/** Reminders: the due-scan latency over a million stored rows, and catching up on 10,000 missed ones. */
export const reminders: BenchCase = {
  name: 'reminders',
  summary: `due scan over ${STORED} stored reminders; catch-up of ${MISSED} missed ones`,
  async run(log) {
    const folder = mkdtempSync(join(tmpdir(), 'bench-reminders-'));
    try {
      const figures = { dueScan: dueScan(folder), catchUp: await catchUp(folder) };
      log(JSON.stringify(figures, null, 2));
      return figures;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
