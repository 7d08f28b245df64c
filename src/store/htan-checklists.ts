import type { Db } from './db.js';

/** Who ticked an item of a center's checklist, when, and (for ticks the bot made) why. */
export interface ChecklistTick {
  item: string;
  by: string;
  at: number;
  note: string | null;
}

/** A center's pre-submission checklist in one channel. */
export interface Checklist {
  channelId: string;
  center: string;
  ticks: ChecklistTick[];
  /** The last checklist message posted for it, updated when an item changes. */
  messageTs: string | null;
}

/** The HTAN pre-submission checklists, one per center and channel. */
export class HtanChecklists {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  get(channelId: string, center: string): Checklist {
    const row = this.db
      .prepare('SELECT message_ts FROM htan_checklists WHERE channel_id = ? AND center = ?')
      .get(channelId, center) as { message_ts: string | null } | undefined;
    const ticks = this.db
      .prepare(
        'SELECT item, ticked_by, ticked_at, note FROM htan_checklist_ticks WHERE channel_id = ? AND center = ? ORDER BY ticked_at, item',
      )
      .all(channelId, center) as { item: string; ticked_by: string; ticked_at: number; note: string | null }[];
    return {
      channelId,
      center,
      ticks: ticks.map((t) => ({ item: t.item, by: t.ticked_by, at: t.ticked_at, note: t.note })),
      messageTs: row?.message_ts ?? null,
    };
  }

  /** The centers with a checklist in the channel, the most recently changed first. */
  centers(channelId: string): string[] {
    const rows = this.db
      .prepare('SELECT center FROM htan_checklists WHERE channel_id = ? ORDER BY updated_at DESC, center')
      .all(channelId) as { center: string }[];
    return rows.map((r) => r.center);
  }

  /** Ticks an item (again: the latest tick stands). */
  tick(channelId: string, center: string, tick: ChecklistTick): void {
    this.db.transaction(() => {
      this.touch(channelId, center, tick.at);
      this.db
        .prepare(
          `INSERT INTO htan_checklist_ticks (channel_id, center, item, ticked_by, ticked_at, note) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (channel_id, center, item) DO UPDATE
           SET ticked_by = excluded.ticked_by, ticked_at = excluded.ticked_at, note = excluded.note`,
        )
        .run(channelId, center, tick.item, tick.by, tick.at, tick.note);
    })();
  }

  untick(channelId: string, center: string, item: string, now: number): void {
    this.db.transaction(() => {
      this.touch(channelId, center, now);
      this.db
        .prepare('DELETE FROM htan_checklist_ticks WHERE channel_id = ? AND center = ? AND item = ?')
        .run(channelId, center, item);
    })();
  }

  /** Makes the checklist exist (shown for the first time) without ticking anything. */
  open(channelId: string, center: string, now: number): void {
    this.touch(channelId, center, now);
  }

  setMessage(channelId: string, center: string, ts: string): void {
    this.db
      .prepare('UPDATE htan_checklists SET message_ts = ? WHERE channel_id = ? AND center = ?')
      .run(ts, channelId, center);
  }

  private touch(channelId: string, center: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO htan_checklists (channel_id, center, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (channel_id, center) DO UPDATE SET updated_at = excluded.updated_at`,
      )
      .run(channelId, center, now);
  }
}
