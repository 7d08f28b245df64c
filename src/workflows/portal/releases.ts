import type { AzulCatalog } from '../../integrations/azul.js';
import { addDays, formatLocalDate, localDateIn, type LocalDate } from '../reminders/zone.js';

const RELEASE = /^dcp(\d+)$/;

/** The DCP release catalogs (`dcpNN`, not internal like `dcp43-it`), newest first. */
export function releaseCatalogs(catalogs: readonly AzulCatalog[]): string[] {
  return catalogs
    .filter((catalog) => !catalog.internal && RELEASE.test(catalog.name))
    .map((catalog) => catalog.name)
    .sort((a, b) => releaseNumber(b) - releaseNumber(a));
}

function releaseNumber(catalog: string): number {
  return Number(RELEASE.exec(catalog)?.[1] ?? -1);
}

/** The first release a project exported today can be in, and the day it is expected. */
export interface ReleaseEstimate {
  release: string;
  date: LocalDate;
}

export interface ReleaseSettings {
  /** RELEASE_CADENCE_DAYS: the usual time between two releases. */
  cadenceDays: number;
  timeZone: string;
}

/**
 * The newest release catalog plus one, `cadenceDays` after today; undefined when there is no release catalog.
 * `releases` is what `releaseCatalogs` returns.
 */
export function firstAvailableRelease(
  releases: readonly string[],
  now: number,
  settings: ReleaseSettings,
): ReleaseEstimate | undefined {
  const [newest] = releases;
  if (newest === undefined) return undefined;
  const date = addDays(localDateIn(now, settings.timeZone), settings.cadenceDays);
  return { release: `dcp${releaseNumber(newest) + 1}`, date };
}

/** "expected in dcp44, around Friday 8 January 2027 (releases are about monthly)". */
export function releaseEstimateText(estimate: ReleaseEstimate, cadenceDays: number): string {
  const cadence = cadenceDays >= 28 && cadenceDays <= 31 ? 'about monthly' : `about every ${cadenceDays} days`;
  return `expected in ${estimate.release}, around ${formatLocalDate(estimate.date)} (releases are ${cadence})`;
}
