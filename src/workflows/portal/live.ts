import type { AzulClient, AzulProject } from '../../integrations/azul.js';
import { releaseCatalogs } from './releases.js';

export interface LiveCheck {
  /** The newest release catalog that has the project, and the project as it indexes it; null when none has it. */
  live: { catalog: string; project: AzulProject } | null;
  /** The release catalogs asked about, newest first. */
  releases: string[];
}

/**
 * Asks Azul whether a project is live: its catalogs, then each release catalog newest first until one has the
 * project. At most the number of release catalogs plus one request.
 */
export async function checkLive(azul: AzulClient, projectUuid: string): Promise<LiveCheck> {
  const releases = releaseCatalogs(await azul.catalogs());
  for (const catalog of releases) {
    const project = await azul.project(projectUuid, catalog);
    if (project) return { live: { catalog, project }, releases };
  }
  return { live: null, releases };
}
