import type { Db } from './db.js';
import { found, shortIds, statusSet } from './rows.js';

export const ACTIVE_REMINDER_STATUSES = ['scheduled', 'sent'] as const;
export type ReminderStatus = (typeof ACTIVE_REMINDER_STATUSES)[number] | 'done' | 'cancelled';
export type ReminderAction = 'released' | 'snoozed' | 'moved' | 'cancelled' | 'replaced';
export type FiringKind = 'advance' | 'date';

export interface Reminder {
  id: number;
  ref: string;
  projectUuid: string;
  /** The project's short name as ingest or Azul last gave it; null when the bot has not learnt it. */
  projectShortName: string | null;
  /** The release date in the team's zone, `YYYY-MM-DD`. */
  releaseDate: string;
  note: string;
  channelId: string;
  creator: string;
  createdAt: number;
  updatedAt: number;
  status: ReminderStatus;
  /** Pending advance notice; null when none is due any more. */
  advanceDueAt: number | null;
  /** Pending release-date notice; null once it was posted or the reminder closed. */
  dateDueAt: number | null;
  /** The last notice posted; its buttons carry this key. */
  fireKey: string | null;
  firedAt: number | null;
  /** Who acted on the last notice (or closed the reminder), how and when. */
  handledBy: string | null;
  handledAt: number | null;
  handledAction: ReminderAction | null;
}

/** When a reminder fires: its date and the instants of its two notices. */
export interface ReminderSchedule {
  releaseDate: string;
  dateDueAt: number;
  advanceDueAt: number | null;
}

export interface NewReminder extends ReminderSchedule {
  projectUuid: string;
  note: string;
  channelId: string;
  creator: string;
}

/** A notice this process has claimed and must post, then commit. */
export interface ClaimedFiring {
  reminder: Reminder;
  kind: FiringKind;
  dueAt: number;
  fireKey: string;
  /** An earlier claim expired without a commit: the notice may already have been posted once. */
  recovered: boolean;
  /** A release-day notice that also stands for an advance notice missed while the bot was down: when that was due. */
  foldedAdvanceAt: number | null;
}

export interface ReminderPost {
  reminderId: number;
  fireKey: string;
  destination: 'channel' | 'dm';
  channelId: string;
  /** Null when the post was given up (the bot may not post there). */
  ts: string | null;
  digest: boolean;
}

export type CreateOutcome = { ok: true; reminder: Reminder } | { ok: false; existing: Reminder };

export interface Decision {
  action: Exclude<ReminderAction, 'replaced'>;
  userId: string;
  /** Set when the decision comes from a notice's button: it must be the latest notice, not yet handled. */
  fireKey?: string;
  /** The new schedule for `moved` and `snoozed`, computed from the reminder as it is inside the transaction. */
  reschedule?: (current: Reminder) => ReminderSchedule;
}

export type Refusal = 'closed' | 'handled' | 'stale';

export type DecideOutcome =
  | { ok: true; reminder: Reminder; before: Reminder }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: Refusal; reminder: Reminder };

interface ReminderRow {
  id: number;
  project_uuid: string;
  project_short_name: string | null;
  release_date: string;
  note: string;
  channel_id: string;
  creator: string;
  created_at: number;
  updated_at: number;
  status: ReminderStatus;
  advance_due_at: number | null;
  date_due_at: number | null;
  next_due_at: number | null;
  claimed_by: string | null;
  claim_until: number | null;
  fire_key: string | null;
  fired_at: number | null;
  handled_by: string | null;
  handled_at: number | null;
  handled_action: ReminderAction | null;
}

const ACTIVE = statusSet(ACTIVE_REMINDER_STATUSES);

/** `M7`, and back: `parseReminderRef` reads `M7` or `m7` as 7, anything else as not a reminder id. */
export const { ref: reminderRef, parse: parseReminderRef } = shortIds('M');

export function isActiveReminder(status: ReminderStatus): boolean {
  return ACTIVE.has(status);
}

/**
 * Why a decision on this reminder must be refused: from a notice's button (`fireKey`) it must answer the latest
 * notice and nobody may have acted on that notice yet; in any case the reminder must still be active.
 */
export function refusalOf(reminder: Reminder, fireKey?: string): Refusal | undefined {
  if (fireKey !== undefined && reminder.fireKey !== fireKey) return 'stale';
  if (fireKey !== undefined && reminder.handledAt !== null) return 'handled';
  if (!isActiveReminder(reminder.status)) return 'closed';
  return undefined;
}

function toReminder(row: ReminderRow): Reminder {
  return {
    id: row.id,
    ref: reminderRef(row.id),
    projectUuid: row.project_uuid,
    projectShortName: row.project_short_name,
    releaseDate: row.release_date,
    note: row.note,
    channelId: row.channel_id,
    creator: row.creator,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    status: row.status,
    advanceDueAt: row.advance_due_at,
    dateDueAt: row.date_due_at,
    fireKey: row.fire_key,
    firedAt: row.fired_at,
    handledBy: row.handled_by,
    handledAt: row.handled_at,
    handledAction: row.handled_action,
  };
}

function nextDue(schedule: Pick<ReminderSchedule, 'advanceDueAt' | 'dateDueAt'>): number {
  return schedule.advanceDueAt === null ? schedule.dateDueAt : Math.min(schedule.advanceDueAt, schedule.dateDueAt);
}

/** The key under which a reminder's announcement in its channel is kept with its notices' posts. */
export const ANNOUNCEMENT_KEY = 'set';

/** Names one notice of a reminder: `a<instant>` for the advance notice, `d<instant>` for the release date. */
export function fireKeyOf(kind: FiringKind, dueAt: number): string {
  return `${kind === 'date' ? 'd' : 'a'}${dueAt}`;
}

export function parseFireKey(fireKey: string): { kind: FiringKind; dueAt: number } {
  return { kind: fireKey.startsWith('d') ? 'date' : 'advance', dueAt: Number(fireKey.slice(1)) };
}

function toClaimed(row: ReminderRow, now: number): ClaimedFiring {
  const kind: FiringKind = row.date_due_at !== null && row.date_due_at <= now ? 'date' : 'advance';
  const dueAt = (kind === 'date' ? row.date_due_at : row.advance_due_at) as number;
  return {
    reminder: toReminder(row),
    kind,
    dueAt,
    fireKey: fireKeyOf(kind, dueAt),
    recovered: row.claimed_by !== null,
    foldedAdvanceAt: kind === 'date' ? row.advance_due_at : null,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Release-date reminders. All methods are synchronous. A notice is claimed before it is posted and committed after,
 * so two processes on one database post it once; a claim that expires without a commit is taken again.
 */
export class ReminderStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Stores a reminder, unless the project already has an active one (which is returned instead). */
  create(input: NewReminder, now: number): CreateOutcome {
    return this.db
      .transaction((): CreateOutcome => {
        const existing = this.activeForProject(input.projectUuid);
        if (existing) return { ok: false, existing };
        try {
          const { lastInsertRowid } = this.db
            .prepare(
              `INSERT INTO reminders (project_uuid, release_date, note, channel_id, creator, created_at, updated_at, status,
               advance_due_at, date_due_at, next_due_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?)`,
            )
            .run(
              input.projectUuid,
              input.releaseDate,
              input.note,
              input.channelId,
              input.creator,
              now,
              now,
              input.advanceDueAt,
              input.dateDueAt,
              nextDue(input),
            );
          return { ok: true, reminder: this.require(Number(lastInsertRowid)) };
        } catch (error) {
          const raced = isUniqueViolation(error) ? this.activeForProject(input.projectUuid) : undefined;
          if (raced) return { ok: false, existing: raced };
          throw error;
        }
      })
      .immediate();
  }

  /** Closes `existingId` (if still active) as replaced and stores the new reminder, in one transaction. */
  replace(existingId: number, input: NewReminder, by: string, now: number): CreateOutcome {
    return this.db
      .transaction((): CreateOutcome => {
        this.db
          .prepare(
            `UPDATE reminders SET status = 'cancelled', advance_due_at = NULL, date_due_at = NULL, next_due_at = NULL,
             claimed_by = NULL, claim_until = NULL, handled_by = ?, handled_at = ?, handled_action = 'replaced',
             updated_at = ? WHERE id = ? AND ${ACTIVE.sql}`,
          )
          .run(by, now, now, existingId);
        return this.create(input, now);
      })
      .immediate();
  }

  get(id: number): Reminder | undefined {
    const row = this.db.prepare('SELECT * FROM named_reminders WHERE id = ?').get(id) as ReminderRow | undefined;
    return row ? toReminder(row) : undefined;
  }

  require(id: number): Reminder {
    return found(this.get(id), `reminder ${reminderRef(id)}`);
  }

  /** A project's reminders, newest first. */
  forProject(projectUuid: string, limit: number): Reminder[] {
    const rows = this.db
      .prepare('SELECT * FROM named_reminders WHERE project_uuid = ? ORDER BY id DESC LIMIT ?')
      .all(projectUuid, limit) as ReminderRow[];
    return rows.map(toReminder);
  }

  activeForProject(projectUuid: string): Reminder | undefined {
    const row = this.db
      .prepare(`SELECT * FROM named_reminders WHERE project_uuid = ? AND ${ACTIVE.sql}`)
      .get(projectUuid) as ReminderRow | undefined;
    return row ? toReminder(row) : undefined;
  }

  /** Scheduled reminders, soonest release date first. */
  upcoming(limit: number): Reminder[] {
    const rows = this.db
      .prepare(`SELECT * FROM named_reminders WHERE status = 'scheduled' ORDER BY release_date, id LIMIT ?`)
      .all(limit) as ReminderRow[];
    return rows.map(toReminder);
  }

  countUpcoming(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM reminders WHERE status = 'scheduled'`).get() as { n: number }).n;
  }

  /** Every reminder: scheduled soonest first, then those awaiting a decision, then closed ones, latest date first. */
  all(limit: number): Reminder[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM named_reminders ORDER BY
           CASE status WHEN 'scheduled' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END,
           CASE WHEN status = 'scheduled' THEN release_date END, release_date DESC, id DESC LIMIT ?`,
      )
      .all(limit) as ReminderRow[];
    return rows.map(toReminder);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM reminders').get() as { n: number }).n;
  }

  /**
   * Claims up to `limit` notices that are due and that nobody holds; the claim lasts `leaseMs`. After downtime they
   * come in the order of their release dates, so a passed release date is told before an upcoming one.
   */
  claimDue(now: number, claimer: string, leaseMs: number, limit: number): ClaimedFiring[] {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT * FROM named_reminders WHERE next_due_at IS NOT NULL AND next_due_at <= ?
             AND (claim_until IS NULL OR claim_until <= ?) ORDER BY release_date, next_due_at, id LIMIT ?`,
          )
          .all(now, now, limit) as ReminderRow[];
        const claim = this.db.prepare('UPDATE reminders SET claimed_by = ?, claim_until = ? WHERE id = ?');
        for (const row of rows) claim.run(claimer, now + leaseMs, row.id);
        return rows.map((row) => toClaimed(row, now));
      })
      .immediate();
  }

  /** The posts already made for a notice (after a crash, those are not made again). */
  postsFor(reminderId: number, fireKey: string): ReminderPost[] {
    const rows = this.db
      .prepare('SELECT * FROM reminder_posts WHERE reminder_id = ? AND fire_key = ?')
      .all(reminderId, fireKey) as {
      reminder_id: number;
      fire_key: string;
      destination: 'channel' | 'dm';
      channel_id: string;
      ts: string | null;
      digest: number;
    }[];
    return rows.map((r) => ({
      reminderId: r.reminder_id,
      fireKey: r.fire_key,
      destination: r.destination,
      channelId: r.channel_id,
      ts: r.ts,
      digest: r.digest === 1,
    }));
  }

  /** Records posts as soon as Slack confirms them, before the notice is committed. */
  recordPosts(posts: readonly ReminderPost[], now: number): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO reminder_posts (reminder_id, fire_key, destination, channel_id, ts, digest, posted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const p of posts)
        insert.run(p.reminderId, p.fireKey, p.destination, p.channelId, p.ts, p.digest ? 1 : 0, now);
    })();
  }

  /** Marks a claimed notice as sent; false when the claim was lost (the reminder changed or another process took it). */
  commitFiring(firing: ClaimedFiring, claimer: string, now: number): boolean {
    const isDate = firing.kind === 'date' ? 1 : 0;
    const result = this.db
      .prepare(
        `UPDATE reminders SET advance_due_at = NULL,
           date_due_at = CASE WHEN ? THEN NULL ELSE date_due_at END,
           next_due_at = CASE WHEN ? THEN NULL ELSE date_due_at END,
           status = CASE WHEN ? THEN 'sent' ELSE status END,
           fire_key = ?, fired_at = ?, handled_by = NULL, handled_at = NULL, handled_action = NULL,
           claimed_by = NULL, claim_until = NULL, updated_at = ?
         WHERE id = ? AND claimed_by = ?`,
      )
      .run(isDate, isDate, isDate, firing.fireKey, now, now, firing.reminder.id, claimer);
    return result.changes === 1;
  }

  /** Gives a claimed notice back, to be tried again from `retryAt`. */
  releaseClaim(reminderId: number, claimer: string, retryAt: number): void {
    this.db
      .prepare('UPDATE reminders SET claimed_by = NULL, claim_until = ? WHERE id = ? AND claimed_by = ?')
      .run(retryAt, reminderId, claimer);
  }

  /** Applies a person's decision; a decision from a notice's button stands only if nobody acted on that notice first. */
  decide(id: number, decision: Decision, now: number): DecideOutcome {
    return this.db
      .transaction((): DecideOutcome => {
        const before = this.get(id);
        if (!before) return { ok: false, reason: 'not_found' };
        const refusal = refusalOf(before, decision.fireKey);
        if (refusal) return { ok: false, reason: refusal, reminder: before };
        const closing = decision.action === 'released' || decision.action === 'cancelled';
        const schedule = closing ? undefined : decision.reschedule?.(before);
        if (!closing && !schedule) throw new Error(`decision ${decision.action} needs a new schedule`);
        this.db
          .prepare(
            `UPDATE reminders SET status = ?, release_date = ?, advance_due_at = ?, date_due_at = ?, next_due_at = ?,
             claimed_by = NULL, claim_until = NULL, handled_by = ?, handled_at = ?, handled_action = ?, updated_at = ?
           WHERE id = ?`,
          )
          .run(
            schedule ? 'scheduled' : decision.action === 'released' ? 'done' : 'cancelled',
            schedule?.releaseDate ?? before.releaseDate,
            schedule?.advanceDueAt ?? null,
            schedule?.dateDueAt ?? null,
            schedule ? nextDue(schedule) : null,
            decision.userId,
            now,
            decision.action,
            now,
            id,
          );
        return { ok: true, reminder: this.require(id), before };
      })
      .immediate();
  }
}
