import type { Environment } from '../environments.js';
import { quote } from '../workflows/kit/blocks.js';
import { oneUuid } from './args.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const S3_REF = /^s3:\/\/([^/]+)\/(.*)$/;

interface Reference {
  bucket?: string;
  uuid: string;
}

/**
 * `s3://bucket/<uuid>` with or without the trailing slash, also inside `<…>` as Slack may wrap it; otherwise the one
 * UUID in what was pasted (a bare UUID, a URL, braces), as every command takes it.
 */
function splitReference(text: string, kind: string, none: string): Reference | { problem: string } {
  const bare = text.trim().replace(/^<(.*)>$/, '$1');
  const s3 = S3_REF.exec(bare);
  if (!s3) return oneUuid(text, kind, none);
  const path = (s3[2] as string).replace(/\/$/, '');
  return UUID.test(path) ? { bucket: s3[1], uuid: path.toLowerCase() } : { problem: none };
}

/** The secure upload area named by `text`; only areas in `areaBucket` are accepted. */
export function parseAreaReference(text: string, areaBucket: string): Parsed<string> {
  const reference = splitReference(
    text,
    'upload area',
    `${quote(text)} is not an upload area: give the area's UUID (8-4-4-4-12 hexadecimal, as \`hca-util list\` ` +
      `shows it) or s3://${areaBucket}/<area-uuid>/.`,
  );
  if ('problem' in reference) return { ok: false, message: reference.problem };
  if (reference.bucket !== undefined && reference.bucket !== areaBucket) {
    return {
      ok: false,
      message: `${quote(text)} is not in the secure upload area bucket ${areaBucket}: give the area's UUID.`,
    };
  }
  return { ok: true, value: reference.uuid };
}

/** The submission whose ingest upload area `text` names; a bucket given must be the named environment's. */
export function parseSubmissionReference(
  text: string,
  env: Environment,
  ingestBuckets: Record<Environment, string>,
): Parsed<string> {
  const reference = splitReference(
    text,
    'submission',
    `${quote(text)} is not an ingest submission: give the submission envelope UUID (shown on the submission's ` +
      `page in the ingest UI) or s3://${ingestBuckets[env]}/<submission-uuid>/.`,
  );
  if ('problem' in reference) return { ok: false, message: reference.problem };
  const { bucket } = reference;
  if (bucket !== undefined && bucket !== ingestBuckets[env]) {
    const owner = (Object.keys(ingestBuckets) as Environment[]).find((e) => ingestBuckets[e] === bucket);
    const message = owner
      ? `${bucket} is the ${owner} upload bucket, not ${env}'s (${ingestBuckets[env]}); name the environment you mean.`
      : `${quote(bucket)} is not the ${env} upload bucket: give the submission UUID or s3://${ingestBuckets[env]}/<submission-uuid>/.`;
    return { ok: false, message };
  }
  return { ok: true, value: reference.uuid };
}
