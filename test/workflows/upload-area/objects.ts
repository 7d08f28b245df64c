import type { StoredObject } from '../../../src/integrations/upload-areas.js';

const T0 = Date.parse('2026-11-02T10:00:00Z');

/** A listed object with defaults: `etag` derived from name and size, written at T0 + `minutes`. */
export function stored(
  name: string,
  size = 10,
  fields: Partial<StoredObject> & { minutes?: number } = {},
): StoredObject {
  const { minutes = 0, ...rest } = fields;
  return { name, size, etag: `etag-${name}-${size}`, lastModified: T0 + minutes * 60_000, ...rest };
}
