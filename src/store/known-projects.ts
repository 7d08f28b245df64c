import type { Db } from './db.js';

/** What ingest or Azul last said a project is called. */
export interface ProjectNames {
  projectUuid: string;
  title: string | null;
  shortName: string | null;
}

/**
 * Names of projects as ingest or Azul last gave them, by project UUID and by the UUIDs of its submissions; and the
 * DCP release catalogs Azul last listed. A cache: what is here may be old, and nothing here is required.
 */
export class KnownProjects {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Remembers a project's names, under its own UUID and under each of `alsoUnder` (its submissions). */
  remember(names: ProjectNames, now: number, alsoUnder: readonly string[] = []): void {
    const upsert = this.db.prepare(
      `INSERT INTO known_projects (uuid, project_uuid, title, short_name, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (uuid) DO UPDATE SET project_uuid = excluded.project_uuid,
         title = COALESCE(excluded.title, title), short_name = COALESCE(excluded.short_name, short_name),
         updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const uuid of [names.projectUuid, ...alsoUnder]) {
        upsert.run(uuid, names.projectUuid, names.title, names.shortName, now);
      }
    })();
  }

  /** The names known for a project UUID or one of its submissions' UUIDs. */
  lookup(uuid: string): ProjectNames | undefined {
    const row = this.db
      .prepare('SELECT project_uuid, title, short_name FROM known_projects WHERE uuid = ?')
      .get(uuid.toLowerCase()) as { project_uuid: string; title: string | null; short_name: string | null } | undefined;
    return row && { projectUuid: row.project_uuid, title: row.title, shortName: row.short_name };
  }

  shortName(uuid: string): string | undefined {
    return this.lookup(uuid)?.shortName ?? undefined;
  }

  /** The DCP release catalogs, newest first, as Azul last listed them. */
  rememberReleases(releases: readonly string[], now: number): void {
    this.db
      .prepare(
        `INSERT INTO known_releases (id, releases, updated_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET releases = excluded.releases, updated_at = excluded.updated_at`,
      )
      .run(JSON.stringify(releases), now);
  }

  releases(): { releases: string[]; updatedAt: number } | undefined {
    const row = this.db.prepare('SELECT releases, updated_at FROM known_releases WHERE id = 1').get() as
      { releases: string; updated_at: number } | undefined;
    return row && { releases: JSON.parse(row.releases) as string[], updatedAt: row.updated_at };
  }
}
