import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startFakeS3 } from '../../src/sandbox/fake-s3.js';
import type { BenchCase } from '../bench-case.js';
import { round } from '../stats.js';

const ROWS = 1_000_000;
const COLUMNS = 30;
/** fauxqs refuses parts of 16 MB (413); S3 wants at least 5 MB for every part but the last. */
const PART_BYTES = 6 * 1024 * 1024;
const WORKBOOK_BYTES = 10 * 1024 * 1024;
const TARGET_RSS_GROWTH_MB = 100;
const BUCKET = 'htan-bench';
const KEY = 'HTA209/biospecimen.csv';

const HEADER = [
  'HTAN_BIOSPECIMEN_ID',
  'HTAN_PARENT_ID',
  'AGE_IN_DAYS_AT_SPECIMEN_COLLECTION',
  'AGE_IN_DAYS_AT_SPECIMEN_PROCESSING',
  'BIOSPECIMEN_TYPE',
  'ACQUISITION_METHOD_TYPE',
  'SITE_OF_RESECTION_OR_BIOPSY',
  'PRESERVATION_METHOD',
  'SPECIMEN_LATERALITY',
  'WORKFLOW_VERSION',
  ...Array.from({ length: COLUMNS - 11 }, (_, i) => `FIELD_${i + 1}`),
  'NOTES',
];

/** One realistic biospecimen row: valid IDs (a parent three rows up), ages in days, ontology codes, free text. */
function row(i: number): string {
  const participant = Math.floor(i / 10) + 1;
  const k = i % 10;
  const parent = k === 0 ? `HTA209_${participant}` : `HTA209_${participant}_B${k}`;
  const fields = Array.from({ length: COLUMNS - 11 }, (_, f) =>
    f % 2 ? String((i * 31 + f) % 100_000) : 'Not Applicable',
  );
  return [
    `HTA209_${participant}_B${k + 1}`,
    parent,
    String(18_000 + (i % 9000)),
    String(18_001 + (i % 9000)),
    'Tissue Biospecimen Type',
    'Surgical Resection',
    'UBERON:0002107',
    'Formalin fixed-paraffin embedded',
    'Left',
    'v2.1.0',
    ...fields,
    i % 97 === 0 ? 'Stage IIIA; T2N0M0' : 'ok',
  ].join(',');
}

/** Puts the CSV in S3 in 6 MB parts made on the fly, so the bench never holds it whole. */
async function uploadCsv(client: S3Client): Promise<number> {
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: KEY }));
  const parts: { ETag: string; PartNumber: number }[] = [];
  let pending = `${HEADER.join(',')}\n`;
  let total = 0;
  const flush = async () => {
    const body = Buffer.from(pending);
    pending = '';
    total += body.length;
    const PartNumber = parts.length + 1;
    const { ETag } = await client.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: KEY, UploadId, PartNumber, Body: body }),
    );
    parts.push({ ETag: ETag!, PartNumber });
  };
  for (let i = 0; i < ROWS; i++) {
    pending += `${row(i)}\n`;
    if (pending.length >= PART_BYTES) await flush();
  }
  await flush();
  await client.send(
    new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: KEY, UploadId, MultipartUpload: { Parts: parts } }),
  );
  return total;
}

const MEASURE = fileURLToPath(new URL('./htan-check-measure.ts', import.meta.url));

interface Measurement {
  rows: number;
  seconds: number;
  baseRssMb: number;
  peakRssMb: number;
}

/** Runs one measurement in a fresh process (`stdin` is given to it), so its RSS is not this process's. */
async function measure(args: string[], stdin?: Uint8Array): Promise<Measurement> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', MEASURE, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(stdin ? Buffer.from(stdin) : undefined);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`the measurement ${args[0]} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measurement;
}

function figures(m: Measurement) {
  return {
    rowsPerSecond: Math.round(m.rows / m.seconds),
    seconds: round(m.seconds, 1),
    rssGrowthMb: round(m.peakRssMb - m.baseRssMb, 1),
    peakRssMb: round(m.peakRssMb, 1),
  };
}

/** A workbook of about 10 MB: biospecimen rows until the zipped file reaches the size. */
async function tenMegabyteWorkbook(): Promise<Uint8Array> {
  const rowsFor = async (count: number) => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Biospecimen');
    sheet.addRow(HEADER);
    for (let i = 0; i < count; i++) sheet.addRow(row(i).split(','));
    return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
  };
  const sample = await rowsFor(10_000);
  return rowsFor(Math.ceil((10_000 * WORKBOOK_BYTES) / sample.length));
}

/** The figures the issue names: streamed CSV throughput and memory, and a 10 MB workbook's time and memory. */
export const htanCheck: BenchCase = {
  name: 'htan-check',
  summary: `a ${ROWS.toLocaleString('en-GB')}-row, ${COLUMNS}-column CSV streamed from S3 through the parser (alone and with every check), and a 10 MB .xlsx, each measured in a process of its own`,
  async run(log) {
    const s3 = await startFakeS3();
    const client = new S3Client({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench-secret' },
    });
    try {
      const bytes = await uploadCsv(client);
      log(`uploaded ${round(bytes / 1024 / 1024, 1)} MB`);
      const s3Args = [s3.endpoint, BUCKET, KEY];
      const parse = figures(await measure(['csv-parse', ...s3Args]));
      log(`parse only: ${parse.rowsPerSecond} rows/s, ${parse.seconds} s, RSS +${parse.rssGrowthMb} MB`);
      const check = figures(await measure(['csv-check', ...s3Args]));
      log(`parse + checks: ${check.rowsPerSecond} rows/s, ${check.seconds} s, RSS +${check.rssGrowthMb} MB`);
      const book = await tenMegabyteWorkbook();
      const xlsx = await measure(['xlsx'], book);
      log(`10 MB workbook: ${xlsx.rows} rows in ${round(xlsx.seconds, 1)} s, peak RSS ${round(xlsx.peakRssMb)} MB`);

      return {
        csv: {
          rows: ROWS,
          columns: COLUMNS,
          megabytes: round(bytes / 1024 / 1024, 1),
          parseOnly: parse,
          parseAndChecks: check,
          targetRssGrowthMb: TARGET_RSS_GROWTH_MB,
          withinTarget: parse.rssGrowthMb <= TARGET_RSS_GROWTH_MB && check.rssGrowthMb <= TARGET_RSS_GROWTH_MB,
        },
        xlsx: {
          megabytes: round(book.length / 1024 / 1024, 1),
          rows: xlsx.rows,
          seconds: round(xlsx.seconds, 1),
          rssBeforeMb: round(xlsx.baseRssMb, 1),
          peakRssMb: round(xlsx.peakRssMb, 1),
        },
      };
    } finally {
      client.destroy();
      await s3.stop();
    }
  },
};
