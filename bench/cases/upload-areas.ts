import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buttonsOf, SlackRequester } from '../../src/sandbox/slack-requests.js';
import { SANDBOX_SIGNING_SECRET, startStandIns, type StandIns } from '../../src/sandbox/stack.js';
import { UPLOAD_AREA_ACTIONS } from '../../src/workflows/upload-area/questions.js';
import type { BenchCase } from '../bench-case.js';
import { round } from '../stats.js';
import { listeningPort } from '../../test/support/bot-process.js';

const MIB = 1024 * 1024;
const OBJECTS = Number(process.env.BENCH_UPLOAD_OBJECTS ?? 1000);
const BIG_AREA_BYTES = Number(process.env.BENCH_UPLOAD_AREA_BYTES ?? 2 * 1024 * MIB);
/** fauxqs takes request bodies up to 11 MB. */
const BIG_OBJECT_BYTES = 10 * MIB;
const SPREADSHEET_CAP_MB = 20;
const TIMEOUT_MS = 600_000;
const TARGET_BYTES_RATIO = 0.01;
const AREA_BUCKET = 'hca-util-upload-area';

const uuidFor = (kind: number, i: number) =>
  `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** The bot (built, in its own process) with every socket byte counted; the stand-ins and fauxqs in this one. */
interface Bot {
  standIns: StandIns;
  requester: SlackRequester;
  child: ChildProcess;
  databasePath: string;
  peakRssMb(): number;
  /** Stops the bot and returns the bytes its sockets read and wrote over its life. */
  stop(): Promise<{ read: number; written: number; sockets: number }>;
}

async function startBotProcess(env: Record<string, string>): Promise<Bot> {
  const standIns = await startStandIns({ withS3: true });
  const scratch = mkdtempSync(join(tmpdir(), 'hca-bench-upload-'));
  const bytesFile = join(scratch, 'socket-bytes.json');
  const databasePath = join(scratch, 'bot.sqlite');
  const child = spawn(process.execPath, ['--import', './bench/socket-bytes.mjs', 'dist/main.js'], {
    env: {
      ...process.env,
      ...standIns.env,
      DATABASE_PATH: databasePath,
      ARCHIVER_POLL_INTERVAL_MS: '250',
      // The production sizes, not the sandbox's lowered ones.
      SYNC_MULTIPART_THRESHOLD_MB: '5120',
      SYNC_PART_SIZE_MB: '64',
      LOG_LEVEL: 'info',
      BENCH_SOCKET_BYTES_FILE: bytesFile,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await listeningPort(child);
  const requester = new SlackRequester({
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    signingSecret: SANDBOX_SIGNING_SECRET,
    slack: standIns.slack,
  });
  return {
    standIns,
    requester,
    child,
    databasePath,
    peakRssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      const totals = JSON.parse(readFileSync(bytesFile, 'utf8')) as { read: number; written: number; sockets: number };
      await standIns.stop();
      rmSync(scratch, { recursive: true, force: true });
      return totals;
    },
  };
}

/** Puts an object into fauxqs, in 5 MB parts when it is above fauxqs's request limit. */
async function putObject(client: S3Client, key: string, body: Uint8Array): Promise<void> {
  if (body.length <= BIG_OBJECT_BYTES) {
    await client.send(new PutObjectCommand({ Bucket: AREA_BUCKET, Key: key, Body: body }));
    return;
  }
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: AREA_BUCKET, Key: key }));
  const parts = [];
  for (let start = 0, number = 1; start < body.length; start += 5 * MIB, number++) {
    const part = body.subarray(start, start + 5 * MIB);
    const { ETag } = await client.send(
      new UploadPartCommand({ Bucket: AREA_BUCKET, Key: key, UploadId, PartNumber: number, Body: part }),
    );
    parts.push({ ETag, PartNumber: number });
  }
  await client.send(
    new CompleteMultipartUploadCommand({ Bucket: AREA_BUCKET, Key: key, UploadId, MultipartUpload: { Parts: parts } }),
  );
}

async function seed(bot: Bot, area: string, objects: Record<string, Uint8Array>): Promise<void> {
  const client = bot.standIns.s3!.client;
  const put = (key: string, body: Uint8Array) => putObject(client, key, body);
  await put(`${area}/`, new Uint8Array());
  const entries = Object.entries(objects);
  for (let i = 0; i < entries.length; i += 16) {
    await Promise.all(entries.slice(i, i + 16).map(([name, body]) => put(`${area}/${name}`, body)));
  }
}

/** Waits until run `ref`'s status message says it is over; its wall time from `since`. */
async function runOver(bot: Bot, ref: string, since: number): Promise<{ ms: number; status: string }> {
  for (;;) {
    const root = bot.standIns.slack.rootMessages().find((m) => m.text.startsWith(`${ref} `));
    const status = root && /: (Done|Failed|Cancelled|Timed out)$/.exec(root.text)?.[1];
    if (status) return { ms: performance.now() - since, status };
    if (performance.now() - since > TIMEOUT_MS) throw new Error(`${ref} did not finish within ${TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function approve(bot: Bot): Promise<number> {
  for (;;) {
    const request = bot.standIns.slack.messages.find((m) =>
      buttonsOf(m).some((b) => b.element.action_id === UPLOAD_AREA_ACTIONS.approveSync),
    );
    if (request) {
      const clickedAt = performance.now();
      await bot.requester.click(request, UPLOAD_AREA_ACTIONS.approveSync);
      return clickedAt;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What the bot's database says of a run: the copy time it measured, and why it failed if it did. */
function runRecord(bot: Bot, ref: string): { copyMs: number; lastError: string | null } {
  const db = new Database(bot.databasePath, { readonly: true });
  const row = db.prepare('SELECT state, last_error FROM runs WHERE id = ?').get(Number(ref.slice(1))) as {
    state: string;
    last_error: string | null;
  };
  db.close();
  return { copyMs: Number((JSON.parse(row.state) as { copyMs?: number }).copyMs ?? 0), lastError: row.last_error };
}

/** Syncs `area` into a fresh submission on dev; the figures of the copy. */
async function sync(bot: Bot, area: string, submission: string, ref: string, objects: number) {
  bot.standIns.ingests.dev.addSubmission(submission, 'Graph valid');
  const proxy = bot.standIns.s3!.proxy;
  proxy.reset();
  await bot.requester.command(`upload-area sync ${area} ${submission} dev`);
  const approvedAt = await approve(bot);
  const { ms, status } = await runOver(bot, ref, approvedAt);
  const byOperation: Record<string, number> = {};
  for (const call of proxy.calls) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
  return {
    status,
    syncSeconds: round(ms / 1000),
    copySeconds: round(runRecord(bot, ref).copyMs / 1000),
    s3CallsPerObject: round(proxy.calls.length / objects),
    s3CallsByOperation: byOperation,
  };
}

/** An HCA-like workbook of about `bytes`: a sequence file sheet with many rows of hard-to-compress text. */
async function spreadsheetOf(bytes: number): Promise<Buffer> {
  const write = async (rows: number) => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sequence file');
    sheet.addRow(['FILE NAME']);
    sheet.addRow(['The name of the file.']);
    sheet.addRow(['e.g. R1.fastq.gz']);
    sheet.addRow([
      'sequence_file.file_core.file_name',
      ...Array.from({ length: 9 }, (_, c) => `sequence_file.field_${c}`),
    ]);
    sheet.addRow(['FILL OUT INFORMATION BELOW THIS ROW']);
    for (let r = 0; r < rows; r++) {
      sheet.addRow([`file_${r}_R1.fastq.gz`, ...Array.from({ length: 9 }, () => randomBytes(8).toString('hex'))]);
    }
    return Buffer.from(await workbook.xlsx.writeBuffer());
  };
  const probeRows = 5000;
  const probe = await write(probeRows);
  return write(Math.round((probeRows * bytes) / probe.length));
}

async function checkPeakRss(spreadsheetBytes: number) {
  const bot = await startBotProcess({ UPLOAD_AREA_SPREADSHEET_MAX_MB: String(SPREADSHEET_CAP_MB) });
  try {
    const area = uuidFor(3, spreadsheetBytes);
    const workbook = await spreadsheetOf(spreadsheetBytes);
    await seed(bot, area, { 'metadata.xlsx': workbook, 'file_0_R1.fastq.gz': new Uint8Array(1024) });
    const before = bot.peakRssMb();
    const started = performance.now();
    await bot.requester.command(`upload-area check ${area}`);
    const { ms, status } = await runOver(bot, 'R1', started);
    return {
      status,
      ...(status === 'Done' ? {} : { error: runRecord(bot, 'R1').lastError }),
      spreadsheetMb: round(workbook.length / MIB),
      checkSeconds: round(ms / 1000),
      botPeakRssBeforeMb: round(before),
      botPeakRssMb: round(bot.peakRssMb()),
    };
  } finally {
    await bot.stop();
  }
}

/**
 * Managed-access upload areas against fauxqs on loopback, the bot in its own process: a 1,000-object area's check and
 * sync (8 objects at once vs 1) with S3 calls per object; the bytes the bot's sockets carried while syncing 2 GB,
 * against the bytes copied; the bot's peak RSS while checking a 5 MB spreadsheet and one at the cap.
 */
export const uploadAreas: BenchCase = {
  name: 'upload-areas',
  summary: `${OBJECTS}-object area check and sync (concurrency 8 vs 1), bot bytes per copied byte (2 GB), check RSS`,
  async run(log) {
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
    const area = uuidFor(1, 0);
    const objects = Object.fromEntries(
      Array.from({ length: OBJECTS }, (_, i) => [
        `run ${i % 10}/cells_${String(i).padStart(4, '0')}_R1.fastq.gz`,
        randomBytes(1024 + (i % 64) * 512),
      ]),
    );
    const bySyncConcurrency: Record<string, unknown> = {};
    let checkSeconds = 0;
    for (const concurrency of [8, 1]) {
      const bot = await startBotProcess({ SYNC_CONCURRENCY: String(concurrency) });
      try {
        await seed(bot, area, objects);
        if (concurrency === 8) {
          const started = performance.now();
          await bot.requester.command(`upload-area check ${area}`);
          checkSeconds = round((await runOver(bot, 'R1', started)).ms / 1000);
          log(`  check of ${OBJECTS} objects: ${checkSeconds} s`);
        }
        const ref = concurrency === 8 ? 'R2' : 'R1';
        bySyncConcurrency[String(concurrency)] = await sync(bot, area, uuidFor(2, concurrency), ref, OBJECTS);
        log(`  sync with SYNC_CONCURRENCY ${concurrency}: ${JSON.stringify(bySyncConcurrency[String(concurrency)])}`);
      } finally {
        await bot.stop();
      }
    }

    const bigObjects = Math.ceil(BIG_AREA_BYTES / BIG_OBJECT_BYTES);
    const bigBot = await startBotProcess({});
    let bigSync: Awaited<ReturnType<typeof sync>>;
    let sockets: Awaited<ReturnType<Bot['stop']>>;
    try {
      const body = randomBytes(BIG_OBJECT_BYTES);
      const bigArea = uuidFor(4, 0);
      await seed(
        bigBot,
        bigArea,
        Object.fromEntries(Array.from({ length: bigObjects }, (_, i) => [`lane_${i}.fastq.gz`, body])),
      );
      bigSync = await sync(bigBot, bigArea, uuidFor(5, 0), 'R1', bigObjects);
    } finally {
      sockets = await bigBot.stop();
    }
    const copied = bigObjects * BIG_OBJECT_BYTES;
    const big = {
      ...bigSync,
      objects: bigObjects,
      objectBytesCopied: copied,
      botSocketBytes: sockets.read + sockets.written,
      botSockets: sockets.sockets,
      botBytesPerCopiedByte: Number(((sockets.read + sockets.written) / copied).toPrecision(3)),
      targetRatio: TARGET_BYTES_RATIO,
    };
    log(`  sync of ${bigObjects} × 10 MB: ${JSON.stringify(big)}`);

    const checkRss = {
      realistic: await checkPeakRss(5 * MIB),
      atCap: await checkPeakRss((SPREADSHEET_CAP_MB - 0.5) * MIB),
    };
    log(`  check peak RSS: ${JSON.stringify(checkRss)}`);

    const figures = {
      objects: OBJECTS,
      checkSeconds,
      syncBySyncConcurrency: bySyncConcurrency,
      twoGigabyteSync: big,
      checkPeakRss: checkRss,
    };
    log(JSON.stringify(figures, null, 2));
    return figures;
  },
};
