import type { StoredObject } from '../../integrations/upload-areas.js';
import { extensionOf, isSpreadsheet } from './area-files.js';

/** Why S3 tools or the cluster's scripts may trip over a name. */
export type AwkwardReason = 'space' | 'plus' | 'non-ASCII' | 'control character';

export interface ExtensionCount {
  /** Empty for names without an extension. */
  extension: string;
  count: number;
  bytes: number;
}

/** What `/hca upload-area check` reports about an area's files: names and counts only. */
export interface AreaFindings {
  fileCount: number;
  totalBytes: number;
  zeroByte: string[];
  /** Groups of names that differ only by case, each sorted. */
  caseClashes: string[][];
  awkwardNames: { name: string; reasons: AwkwardReason[] }[];
  /** Most files first. */
  byExtension: ExtensionCount[];
  spreadsheets: string[];
}

const codes = (name: string) => [...name].map((c) => c.codePointAt(0) ?? 0);
const REASONS: [AwkwardReason, (name: string) => boolean][] = [
  ['space', (name) => name.includes(' ')],
  ['plus', (name) => name.includes('+')],
  ['non-ASCII', (name) => codes(name).some((code) => code > 0x7f)],
  ['control character', (name) => codes(name).some((code) => code < 0x20 || code === 0x7f)],
];

export function areaFindings(files: readonly StoredObject[]): AreaFindings {
  const byLowerCase = new Map<string, string[]>();
  const extensions = new Map<string, ExtensionCount>();
  for (const { name, size } of files) {
    const lower = name.toLowerCase();
    byLowerCase.set(lower, [...(byLowerCase.get(lower) ?? []), name]);
    const extension = extensionOf(name);
    const entry = extensions.get(extension) ?? { extension, count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += size;
    extensions.set(extension, entry);
  }
  return {
    fileCount: files.length,
    totalBytes: files.reduce((sum, file) => sum + file.size, 0),
    zeroByte: files.filter((file) => file.size === 0).map((file) => file.name),
    caseClashes: [...byLowerCase.values()].filter((names) => names.length > 1).map((names) => names.sort()),
    awkwardNames: files
      .map(({ name }) => ({ name, reasons: REASONS.filter(([, applies]) => applies(name)).map(([r]) => r) }))
      .filter((entry) => entry.reasons.length > 0),
    byExtension: [...extensions.values()].sort((a, b) => b.count - a.count || a.extension.localeCompare(b.extension)),
    spreadsheets: files.filter((file) => isSpreadsheet(file.name)).map((file) => file.name),
  };
}
