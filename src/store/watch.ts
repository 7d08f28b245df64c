import type { Db } from './db.js';

/** The submission states the ingest watcher looks for. */
export type WatchedState = 'archiving' | 'exporting';

/**
 * A submission the watcher saw in a watched state, from the first interval it was there until it left. Ingest keeps
 * no time of state changes, so `firstSeenAt` is the watcher's own. Each stay is an episode: a submission that leaves
 * and comes back starts the next one, and is noticed again.
 */
export interface Sighting {
  env: string;
  state: WatchedState;
  submissionUuid: string;
  episode: number;
  firstSeenAt: number;
  leftAt: number | null;
  /** When its notice was posted ("ready for archiving", or "export looks stuck"); null before. */
  noticedAt: number | null;
  /** Where the notice is, to edit it when the submission leaves. */
  notice: { channel: string; ts: string } | null;
}

export type SightingKey = Pick<Sighting, 'env' | 'state' | 'submissionUuid' | 'episode'>;

interface SightingRow {
  env: string;
  state: WatchedState;
  submission_uuid: string;
  episode: number;
  first_seen_at: number;
  left_at: number | null;
  noticed_at: number | null;
  notice_channel: string | null;
  notice_ts: string | null;
}

function toSighting(row: SightingRow): Sighting {
  return {
    env: row.env,
    state: row.state,
    submissionUuid: row.submission_uuid,
    episode: row.episode,
    firstSeenAt: row.first_seen_at,
    leftAt: row.left_at,
    noticedAt: row.noticed_at,
    notice: row.notice_channel && row.notice_ts ? { channel: row.notice_channel, ts: row.notice_ts } : null,
  };
}

const KEY = 'env = ? AND state = ? AND submission_uuid = ? AND episode = ?';
const keyArgs = (k: SightingKey) => [k.env, k.state, k.submissionUuid, k.episode] as const;

/**
 * What the ingest watcher has seen, and which notices it has posted. Two processes agree through the table: one open
 * sighting per submission and state (a unique index), and a notice is claimed before it is posted.
 */
export class WatchStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /**
   * When the watcher first got an answer about `env`, from any process: what was in a state by then was there before
   * the watcher started watching it. The first call records `now`.
   */
  firstChecked(env: string, now: number): number {
    this.db.prepare('INSERT OR IGNORE INTO watch_environments (env, first_checked_at) VALUES (?, ?)').run(env, now);
    const row = this.db.prepare('SELECT first_checked_at FROM watch_environments WHERE env = ?').get(env) as {
      first_checked_at: number;
    };
    return row.first_checked_at;
  }

  /** The sightings of submissions still in `state` as far as the watcher knows. */
  open(env: string, state: WatchedState): Sighting[] {
    const rows = this.db
      .prepare('SELECT * FROM watch_sightings WHERE env = ? AND state = ? AND left_at IS NULL ORDER BY first_seen_at')
      .all(env, state) as SightingRow[];
    return rows.map(toSighting);
  }

  get(key: SightingKey): Sighting | undefined {
    const row = this.db.prepare(`SELECT * FROM watch_sightings WHERE ${KEY}`).get(...keyArgs(key)) as
      SightingRow | undefined;
    return row && toSighting(row);
  }

  /** The latest sighting of a submission in any state and environment. */
  latest(submissionUuid: string): Sighting | undefined {
    const row = this.db
      .prepare('SELECT * FROM watch_sightings WHERE submission_uuid = ? ORDER BY first_seen_at DESC LIMIT 1')
      .get(submissionUuid) as SightingRow | undefined;
    return row && toSighting(row);
  }

  /**
   * Records one search: `entered` start their next episode (a submission another process recorded first is left as
   * it is), `left` are closed. Returns the sightings that were closed here, for their notices to be edited.
   */
  record(
    env: string,
    state: WatchedState,
    entered: readonly string[],
    left: readonly string[],
    now: number,
  ): Sighting[] {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO watch_sightings (env, state, submission_uuid, episode, first_seen_at)
       VALUES (?, ?, ?, (SELECT COALESCE(MAX(episode), 0) + 1 FROM watch_sightings
                         WHERE env = ? AND state = ? AND submission_uuid = ?), ?)`,
    );
    const close = this.db.prepare(
      `UPDATE watch_sightings SET left_at = ? WHERE env = ? AND state = ? AND submission_uuid = ? AND left_at IS NULL
       RETURNING *`,
    );
    return this.db.transaction(() => {
      for (const uuid of entered) insert.run(env, state, uuid, env, state, uuid, now);
      return left.flatMap((uuid) => (close.all(now, env, state, uuid) as SightingRow[]).map(toSighting));
    })();
  }

  /**
   * Claims the right to post a sighting's notice: true for one caller only, unless a claim older than `leaseMs` was
   * never confirmed (its process died before posting, or while Slack was answering).
   */
  claimNotice(key: SightingKey, now: number, leaseMs: number): boolean {
    const result = this.db
      .prepare(
        `UPDATE watch_sightings SET notice_claimed_at = ?
         WHERE ${KEY} AND noticed_at IS NULL AND (notice_claimed_at IS NULL OR notice_claimed_at < ?)`,
      )
      .run(now, ...keyArgs(key), now - leaseMs);
    return result.changes === 1;
  }

  /** The claimed notice was posted at `notice`; null when it went into a message about many (never edited for one). */
  noticed(key: SightingKey, notice: { channel: string; ts: string } | null, now: number): void {
    this.db
      .prepare(`UPDATE watch_sightings SET noticed_at = ?, notice_channel = ?, notice_ts = ? WHERE ${KEY}`)
      .run(now, notice?.channel ?? null, notice?.ts ?? null, ...keyArgs(key));
  }

  /** The claimed notice could not be posted: the next interval tries again. */
  releaseNotice(key: SightingKey): void {
    this.db.prepare(`UPDATE watch_sightings SET notice_claimed_at = NULL WHERE ${KEY}`).run(...keyArgs(key));
  }
}
