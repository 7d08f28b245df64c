/**
 * One measurement of the htan-check bench in a process of its own, so its RSS is its alone:
 * `node --import tsx --expose-gc htan-check-measure.ts <csv-parse|csv-check|xlsx> <s3-endpoint> <bucket> <key>`;
 * an xlsx comes on stdin. Prints one JSON line: rows, seconds, RSS before and at its peak.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { createObjectStreams } from '../../src/integrations/s3.js';
import { checkMetadataFile } from '../../src/workflows/htan/check-file.js';
import { readTable, type MetadataFile } from '../../src/workflows/htan/read-table.js';

const OPTIONS = { maxWorkbookBytes: 100 * 1024 * 1024, currentYear: 2026 };
const MB = 1024 * 1024;
const [mode, endpoint, bucket, key] = process.argv.slice(2);

async function input(): Promise<MetadataFile> {
  if (mode === 'xlsx') {
    const parts: Buffer[] = [];
    for await (const chunk of process.stdin) parts.push(chunk as Buffer);
    const bytes = new Uint8Array(Buffer.concat(parts));
    return {
      name: 'biospecimen.xlsx',
      chunks: (async function* () {
        yield bytes;
      })(),
    };
  }
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench-secret' },
  });
  return { name: 'biospecimen.csv', chunks: (await createObjectStreams(client).open(`s3://${bucket}/${key}`)).chunks };
}

async function rows(file: MetadataFile): Promise<number> {
  if (mode !== 'csv-parse') return (await checkMetadataFile(file, OPTIONS)).file.rows;
  let count = 0;
  for await (const event of (await readTable(file, OPTIONS)).events) if (event.type === 'row') count += 1;
  return count;
}

const file = await input();
(globalThis as { gc?: () => void }).gc?.();
const base = process.memoryUsage.rss();
let peak = base;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
const started = performance.now();
const count = await rows(file);
const seconds = (performance.now() - started) / 1000;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage.rss());
console.log(JSON.stringify({ rows: count, seconds, baseRssMb: base / MB, peakRssMb: peak / MB }));
process.exit(0);
