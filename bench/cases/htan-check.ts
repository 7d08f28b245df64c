import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { startFakeS3 } from '../../src/sandbox/fake-s3.js';
import { createObjectStreams } from '../../src/integrations/s3.js';
import { checkMetadataFile } from '../../src/workflows/htan/check-file.js';
import { readTable, type MetadataFile } from '../../src/workflows/htan/read-table.js';
import type { BenchCase } from '../bench-case.js';
import { round } from '../stats.js';

const ROWS = 1_000_000;
const COLUMNS = 30;
const PART_BYTES = 16 * 1024 * 1024;
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

/** Puts the CSV in S3 in 16 MB parts made on the fly, so the bench never holds it whole. */
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

/** Peak RSS above the level when it starts, sampled every 20 ms while `work` runs. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; rssGrowthMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { value, seconds, rssGrowthMb: round((peak - base) / 1024 / 1024, 1) };
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

const OPTIONS = { maxWorkbookBytes: 100 * 1024 * 1024, currentYear: 2026 };

/** The figures the issue names: streamed CSV throughput and memory, and a 10 MB workbook's time and memory. */
export const htanCheck: BenchCase = {
  name: 'htan-check',
  summary: `a ${ROWS.toLocaleString('en-GB')}-row, ${COLUMNS}-column CSV streamed from S3 through the parser (alone and with every check), and a 10 MB .xlsx`,
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
      const streams = createObjectStreams(client);
      const open = async (): Promise<MetadataFile> => ({
        name: 'biospecimen.csv',
        chunks: (await streams.open(`s3://${BUCKET}/${KEY}`)).chunks,
      });

      const parse = await measured(async () => {
        let rows = 0;
        for await (const event of (await readTable(await open(), OPTIONS)).events) if (event.type === 'row') rows += 1;
        return rows;
      });
      log(`parse only: ${parse.value} rows in ${round(parse.seconds, 1)} s, RSS +${parse.rssGrowthMb} MB`);
      const check = await measured(async () => checkMetadataFile(await open(), OPTIONS));
      log(`parse + checks: ${check.value.summary} in ${round(check.seconds, 1)} s, RSS +${check.rssGrowthMb} MB`);

      const book = await tenMegabyteWorkbook();
      const xlsx = await measured(() =>
        checkMetadataFile(
          {
            name: 'biospecimen.xlsx',
            chunks: (async function* () {
              yield book;
            })(),
          },
          OPTIONS,
        ),
      );
      log(`10 MB workbook: ${xlsx.value.file.rows} rows in ${round(xlsx.seconds, 1)} s, RSS +${xlsx.rssGrowthMb} MB`);

      return {
        csv: {
          rows: ROWS,
          columns: COLUMNS,
          megabytes: round(bytes / 1024 / 1024, 1),
          parseOnly: {
            rowsPerSecond: Math.round(parse.value / parse.seconds),
            seconds: round(parse.seconds, 1),
            rssGrowthMb: parse.rssGrowthMb,
          },
          parseAndChecks: {
            rowsPerSecond: Math.round(check.value.file.rows / check.seconds),
            seconds: round(check.seconds, 1),
            rssGrowthMb: check.rssGrowthMb,
            verdict: check.value.verdict,
          },
          targetRssGrowthMb: TARGET_RSS_GROWTH_MB,
          withinTarget: parse.rssGrowthMb <= TARGET_RSS_GROWTH_MB && check.rssGrowthMb <= TARGET_RSS_GROWTH_MB,
        },
        xlsx: {
          megabytes: round(book.length / 1024 / 1024, 1),
          rows: xlsx.value.file.rows,
          seconds: round(xlsx.seconds, 1),
          peakRssGrowthMb: xlsx.rssGrowthMb,
        },
      };
    } finally {
      client.destroy();
      await s3.stop();
    }
  },
};
