import type { Db } from './db.js';

/** SQL, or a step that needs to read the schema first. */
export type Migration = string | ((db: Db) => void);

/** Append-only: never edit a migration that has shipped; add a new one. Index + 1 is the schema version. */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    trigger_id TEXT UNIQUE,
    params TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL CHECK (status IN ('running', 'waiting', 'awaiting_approval', 'succeeded', 'failed', 'cancelled')),
    step TEXT NOT NULL,
    environment TEXT,
    subject TEXT,
    channel_id TEXT NOT NULL,
    thread_ts TEXT,
    status_ts TEXT,
    response_url TEXT,
    requester TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    finished_at INTEGER,
    wake_at INTEGER,
    lease_until INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
  );
  CREATE INDEX runs_wake_at ON runs (wake_at) WHERE wake_at IS NOT NULL;
  CREATE UNIQUE INDEX runs_one_active_per_key ON runs (idempotency_key)
    WHERE status IN ('running', 'waiting', 'awaiting_approval');
  CREATE INDEX runs_finished ON runs (finished_at) WHERE finished_at IS NOT NULL;

  CREATE TABLE run_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    at INTEGER NOT NULL,
    step TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT
  );
  CREATE INDEX run_events_by_run ON run_events (run_id, id);

  CREATE TABLE run_effects (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    effect_key TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    outcome TEXT,
    PRIMARY KEY (run_id, effect_key)
  );

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    action TEXT NOT NULL,
    arguments TEXT NOT NULL,
    outcome TEXT NOT NULL,
    run_id INTEGER
  );
  CREATE INDEX audit_by_time ON audit (at);
  `,
  `
  CREATE TABLE reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_uuid TEXT NOT NULL,
    release_date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    channel_id TEXT NOT NULL,
    creator TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'sent', 'done', 'cancelled')),
    advance_due_at INTEGER,
    date_due_at INTEGER,
    next_due_at INTEGER,
    claimed_by TEXT,
    claim_until INTEGER,
    fire_key TEXT,
    fired_at INTEGER,
    handled_by TEXT,
    handled_at INTEGER,
    handled_action TEXT
  );
  CREATE INDEX reminders_due ON reminders (next_due_at) WHERE next_due_at IS NOT NULL;
  CREATE UNIQUE INDEX reminders_one_active_per_project ON reminders (project_uuid)
    WHERE status IN ('scheduled', 'sent');
  CREATE INDEX reminders_upcoming ON reminders (date_due_at) WHERE status = 'scheduled';

  CREATE TABLE reminder_posts (
    reminder_id INTEGER NOT NULL REFERENCES reminders (id),
    fire_key TEXT NOT NULL,
    destination TEXT NOT NULL CHECK (destination IN ('channel', 'dm')),
    channel_id TEXT NOT NULL,
    ts TEXT,
    digest INTEGER NOT NULL DEFAULT 0,
    posted_at INTEGER NOT NULL,
    PRIMARY KEY (reminder_id, fire_key, destination)
  );

  CREATE TABLE home_visits (
    user_id TEXT PRIMARY KEY,
    opened_at INTEGER NOT NULL
  );
  CREATE INDEX home_visits_by_time ON home_visits (opened_at);
  `,
  rebuildRunsWithTimedOut,
  // What the status message shows, so that a restarted bot does not edit it to the same content.
  'ALTER TABLE runs ADD COLUMN status_shown TEXT',
  `
  CREATE TABLE htan_checklists (
    channel_id TEXT NOT NULL,
    center TEXT NOT NULL,
    message_ts TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel_id, center)
  );

  CREATE TABLE htan_checklist_ticks (
    channel_id TEXT NOT NULL,
    center TEXT NOT NULL,
    item TEXT NOT NULL,
    ticked_by TEXT NOT NULL,
    ticked_at INTEGER NOT NULL,
    note TEXT,
    PRIMARY KEY (channel_id, center, item),
    FOREIGN KEY (channel_id, center) REFERENCES htan_checklists (channel_id, center)
  );
  `,
  `
  CREATE TABLE watch_sightings (
    env TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('archiving', 'exporting')),
    submission_uuid TEXT NOT NULL,
    episode INTEGER NOT NULL,
    first_seen_at INTEGER NOT NULL,
    left_at INTEGER,
    notice_claimed_at INTEGER,
    noticed_at INTEGER,
    notice_channel TEXT,
    notice_ts TEXT,
    PRIMARY KEY (env, state, submission_uuid, episode)
  );
  CREATE UNIQUE INDEX watch_sightings_open ON watch_sightings (env, state, submission_uuid) WHERE left_at IS NULL;
  CREATE INDEX watch_sightings_by_submission ON watch_sightings (submission_uuid);

  CREATE TABLE known_projects (
    uuid TEXT PRIMARY KEY,
    project_uuid TEXT NOT NULL,
    title TEXT,
    short_name TEXT,
    updated_at INTEGER NOT NULL
  );

  CREATE VIEW named_reminders AS
    SELECT reminders.*, known_projects.short_name AS project_short_name
    FROM reminders LEFT JOIN known_projects ON known_projects.uuid = reminders.project_uuid;

  CREATE TABLE known_releases (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    releases TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE watch_environments (
    env TEXT PRIMARY KEY,
    first_checked_at INTEGER NOT NULL
  );
  `,
];

/**
 * `timed_out` joins the run statuses. SQLite cannot change a CHECK constraint in place, so the table is rebuilt from its
 * own definition with the wider CHECK, its rows copied, and its indexes made again.
 */
function rebuildRunsWithTimedOut(db: Db): void {
  const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'runs'").get() as {
    sql: string;
  };
  const statuses = "'succeeded', 'failed', 'cancelled')";
  if (!sql.includes(statuses)) throw new Error('The runs table does not have the CHECK this migration widens.');
  db.exec(
    sql
      .replace('CREATE TABLE runs', 'CREATE TABLE runs_rebuilt')
      .replace(statuses, "'succeeded', 'failed', 'cancelled', 'timed_out')"),
  );
  db.exec(`
    INSERT INTO runs_rebuilt SELECT * FROM runs;
    DROP TABLE runs;
    ALTER TABLE runs_rebuilt RENAME TO runs;
    CREATE INDEX runs_wake_at ON runs (wake_at) WHERE wake_at IS NOT NULL;
    CREATE UNIQUE INDEX runs_one_active_per_key ON runs (idempotency_key)
      WHERE status IN ('running', 'waiting', 'awaiting_approval');
    CREATE INDEX runs_finished ON runs (finished_at) WHERE finished_at IS NOT NULL;
  `);
}
