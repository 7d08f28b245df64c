import type { StoredObject } from '../../integrations/upload-areas.js';

/** The destination listed after a sync, against the files that should be there: names and sizes. */
export interface Verification {
  verified: boolean;
  files: number;
  bytes: number;
  missing: string[];
  wrongSize: { name: string; expected: number; found: number }[];
}

export function verifySync(expected: readonly StoredObject[], destination: readonly StoredObject[]): Verification {
  const found = new Map(destination.map((object) => [object.name, object.size]));
  const missing: string[] = [];
  const wrongSize: Verification['wrongSize'] = [];
  for (const { name, size } of expected) {
    const foundSize = found.get(name);
    if (foundSize === undefined) missing.push(name);
    else if (foundSize !== size) wrongSize.push({ name, expected: size, found: foundSize });
  }
  return {
    verified: missing.length === 0 && wrongSize.length === 0,
    files: expected.length,
    bytes: expected.reduce((sum, object) => sum + object.size, 0),
    missing: missing.sort(),
    wrongSize: wrongSize.sort((a, b) => a.name.localeCompare(b.name)),
  };
}
