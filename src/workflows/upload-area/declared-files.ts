import type { StoredObject } from '../../integrations/upload-areas.js';
import { isSpreadsheet } from './area-files.js';

/** A spreadsheet's declared file names against the area's files. */
export interface DeclaredComparison {
  declared: number;
  /** Declared but not in the area. */
  missing: string[];
  /** In the area but not declared (spreadsheets aside). */
  undeclared: string[];
  /** Declared and in the area, but empty. */
  empty: string[];
}

export function compareDeclared(declared: readonly string[], files: readonly StoredObject[]): DeclaredComparison {
  const wanted = new Set(declared);
  const present = new Map(files.map((file) => [file.name, file]));
  return {
    declared: wanted.size,
    missing: [...wanted].filter((name) => !present.has(name)).sort(),
    undeclared: files
      .filter((file) => !wanted.has(file.name) && !isSpreadsheet(file.name))
      .map((file) => file.name)
      .sort(),
    empty: [...wanted].filter((name) => present.get(name)?.size === 0).sort(),
  };
}
