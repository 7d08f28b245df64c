import type { StoredObject } from '../../integrations/upload-areas.js';
import { areaFiles, isSpreadsheet } from './area-files.js';

export interface PlannedCopy extends StoredObject {
  /** An object of that name is at the destination but differs (size, or older and with another ETag). */
  replaces: boolean;
}

/** What a sync will do, from listings of the source area and of the destination prefix. */
export interface SyncPlan {
  copy: PlannedCopy[];
  /** Already at the destination, identical by the skip rule. */
  present: StoredObject[];
  /** Spreadsheets left out (the SOP keeps them out of the submission's data). */
  leftOut: StoredObject[];
  bytesToCopy: number;
}

/**
 * Whether `destination` already holds `source`: the same size and either the same ETag (single-part copies keep
 * it) or written after the source was (a corrected re-upload of the same size is newer than its old copy).
 */
export function isAlreadyCopied(source: StoredObject, destination: StoredObject | undefined): boolean {
  if (destination === undefined || destination.size !== source.size) return false;
  return destination.etag === source.etag || destination.lastModified > source.lastModified;
}

/** The files of an area a sync copies: all of them, spreadsheets only when asked. */
export function filesToSync(source: readonly StoredObject[], includeSpreadsheets: boolean): StoredObject[] {
  return areaFiles(source).filter((file) => includeSpreadsheets || !isSpreadsheet(file.name));
}

export function planSync(
  source: readonly StoredObject[],
  destination: readonly StoredObject[],
  options: { includeSpreadsheets: boolean },
): SyncPlan {
  const atDestination = new Map(destination.map((object) => [object.name, object]));
  const plan: SyncPlan = { copy: [], present: [], leftOut: [], bytesToCopy: 0 };
  for (const file of areaFiles(source)) {
    const existing = atDestination.get(file.name);
    if (!options.includeSpreadsheets && isSpreadsheet(file.name)) plan.leftOut.push(file);
    else if (isAlreadyCopied(file, existing)) plan.present.push(file);
    else {
      plan.copy.push({ ...file, replaces: existing !== undefined });
      plan.bytesToCopy += file.size;
    }
  }
  return plan;
}

/** What a plan still has to copy: files not yet copied and their bytes, less what has landed in parts. */
export function stillToCopy(files: readonly { size: number; copied?: boolean; partBytes?: number }[]): {
  files: number;
  bytes: number;
} {
  const left = files.filter((f) => !f.copied);
  return { files: left.length, bytes: left.reduce((sum, f) => sum + f.size - (f.partBytes ?? 0), 0) };
}
