import type { StoredObject } from '../../integrations/upload-areas.js';

const COMPRESSION = new Set(['gz', 'bz2', 'xz', 'zst', 'zip']);

/** The files of an area: its marker object (named '') and folder markers (names ending in `/`) are not files. */
export function areaFiles(objects: readonly StoredObject[]): StoredObject[] {
  return objects.filter((object) => object.name !== '' && !object.name.endsWith('/'));
}

/** The metadata spreadsheets HCA contributors upload (`.xlsx`, any case). */
export function isSpreadsheet(name: string): boolean {
  return name.toLowerCase().endsWith('.xlsx');
}

/** `fastq.gz` for `x_R1.fastq.gz`, `bam` for `dir/x.BAM`, empty for a name without one. */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  const parts = base.split('.').slice(1);
  const last = parts.at(-1);
  if (last === undefined || (parts.length === 1 && base.startsWith('.'))) return '';
  const previous = parts.at(-2);
  return COMPRESSION.has(last) && previous ? `${previous}.${last}` : last;
}
