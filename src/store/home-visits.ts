import type { Db } from './db.js';

/** When each user last opened the bot's App Home, so that changes refresh only the tabs people look at. */
export class HomeVisits {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  record(userId: string, now: number): void {
    this.db
      .prepare(
        'INSERT INTO home_visits (user_id, opened_at) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET opened_at = excluded.opened_at',
      )
      .run(userId, now);
  }

  /** Users who opened the App Home at or after `since`. */
  since(since: number): string[] {
    const rows = this.db
      .prepare('SELECT user_id FROM home_visits WHERE opened_at >= ? ORDER BY user_id')
      .all(since) as {
      user_id: string;
    }[];
    return rows.map((r) => r.user_id);
  }
}
