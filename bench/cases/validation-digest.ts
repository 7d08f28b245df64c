import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createArchiverClient } from '../../src/integrations/archiver.js';
import type { BlockersSummary } from '../../src/integrations/archiver.js';
import type { ValidationEntry } from '../../src/integrations/archiver-validation.js';
import { validationDigest } from '../../src/workflows/archive/validation-digest.js';
import { readValidation, ValidationTally } from '../../src/workflows/archive/validation-report.js';
import type { BenchCase } from '../bench-case.js';
import { round, summarize } from '../stats.js';

const ERRORS = 100_000;
const ROUNDS = 15;
const TARGET_DIGEST_MS = 100;
const TARGET_RSS_GROWTH_MB = 100;
const RSS_SAMPLE_MS = 5;
const DSP = { dspUuid: 'b729f228-d587-440c-ae5b-d0c1f34b8766', created: '2021-03-04T10:11:12.345Z' };
const BLOCKERS: BlockersSummary = {
  notReadyFileCount: 3,
  totalMetadataBlockers: 3,
  emptySubmission: false,
  anyPendingValidationResult: false,
  issuesPerDataType: { sequencingRuns: { displayName: 'sequencing runs', count: 3 } },
};

/**
 * A `/validationErrors` body as the archiver builds it: one submittable per error, FileReference and Biosamples.
 * Written entry by entry into one Buffer, so that building it leaves no large heap behind to hide later growth.
 */
function body(): Buffer {
  const entry = (i: number) => {
    const id = `${String(i).padStart(8, '0')}-5a13-4938-b759-3feaa7d44a73`;
    const submittable = `https://submission.ebi.ac.uk/api/${i % 3 ? 'assayData' : 'samples'}/${id}`;
    const messages =
      i % 3
        ? { FileReference: [`The file [${id}.bam] referenced in the metadata is not exists on the file storage area.`] }
        : { Biosamples: ['A sample must have a release date.'] };
    return `${i ? ',' : ''}${JSON.stringify(submittable)}:${JSON.stringify([messages])}`;
  };
  const [head, tail] = ['{"errors":{', '},"pending":[]}'];
  let size = head.length + tail.length;
  for (let i = 0; i < ERRORS; i++) size += Buffer.byteLength(entry(i));
  const buffer = Buffer.alloc(size);
  let offset = buffer.write(head);
  for (let i = 0; i < ERRORS; i++) offset += buffer.write(entry(i), offset);
  buffer.write(tail, offset);
  return buffer;
}

function lineCount(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

function blockKit(blocks: Record<string, unknown>[]) {
  const texts = JSON.stringify(blocks).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [];
  return {
    blocks: blocks.length,
    longestTextChars: Math.max(...texts.map((t) => t.length - 9)),
    totalTextChars: texts.reduce((n, t) => n + t.length - 9, 0),
  };
}

/** Starts a loopback archiver that answers every `/validationErrors` with the payload; resolves with its client. */
async function servePayload(payload: Buffer) {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(payload));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = createArchiverClient({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    timeoutMs: 60_000,
  });
  const archiver = {
    validationErrors: (dsp: string, onEntry: (entry: ValidationEntry) => void) =>
      client.validationErrors(dsp, 'bench-key', onEntry),
  };
  return { archiver, close: () => server.close() };
}

/** A full collection, exposed to this process on demand (bench only). */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * A 100,000-error `/validationErrors` through the real adapter and `readValidation`, parsed as it streams in (the
 * tally and the complete list grow as entries arrive), then the digest message and the file. RSS is sampled while
 * each round runs, after a full collection, so the growth is what one body costs. The digest work (tally and
 * message) is also timed alone over entries parsed beforehand, as it was timed over a parsed report before, with and
 * without building the complete list's lines.
 */
export const validationDigestCase: BenchCase = {
  name: 'validation-digest',
  summary: `${ERRORS} validation errors: streamed read, RSS growth, digest work, event-loop blocking, Block Kit limits`,
  async run(log) {
    const payload = body();
    const { archiver, close } = await servePayload(payload);
    const collectGarbage = garbageCollector();
    const readMs: number[] = [];
    const composeMs: number[] = [];
    const fileMs: number[] = [];
    const digestMs: number[] = [];
    const digestWithListMs: number[] = [];
    let peakRss = 0;
    let rssGrowth = 0;
    let longestBlockMs = 0;
    let limits: ReturnType<typeof blockKit> | undefined;
    let fileLines = 0;
    try {
      for (let round_ = 0; round_ < ROUNDS; round_++) {
        collectGarbage();
        const baseRss = process.memoryUsage.rss();
        let roundPeakRss = baseRss;
        const sample = () => (roundPeakRss = Math.max(roundPeakRss, process.memoryUsage.rss()));
        const sampler = setInterval(sample, RSS_SAMPLE_MS);
        const delay = monitorEventLoopDelay({ resolution: 1 });
        delay.enable();
        const t0 = performance.now();
        const report = await readValidation(archiver, DSP.dspUuid, { fullList: true });
        const t1 = performance.now();
        await setTimeout(2 * RSS_SAMPLE_MS); // lets the delay monitor see the last block end
        delay.disable();
        const t1b = performance.now();
        const digest = validationDigest('prod', DSP, report, BLOCKERS);
        const t2 = performance.now();
        const file = digest.file?.content() ?? '';
        const t3 = performance.now();
        sample();
        clearInterval(sampler);
        rssGrowth = Math.max(rssGrowth, roundPeakRss - baseRss);
        peakRss = Math.max(peakRss, roundPeakRss);
        if (round_ > 0) {
          readMs.push(t1 - t0);
          composeMs.push(t2 - t1b);
          fileMs.push(t3 - t2);
          longestBlockMs = Math.max(longestBlockMs, delay.max / 1e6);
        }
        limits = blockKit(digest.message.blocks ?? []);
        fileLines = lineCount(file);
      }
      const entries: ValidationEntry[] = [];
      const { pendingCount } = await archiver.validationErrors(DSP.dspUuid, (entry) => entries.push(entry));
      for (let round_ = 0; round_ < ROUNDS; round_++) {
        for (const [fullList, times] of [
          [false, digestMs],
          [true, digestWithListMs],
        ] as const) {
          const t0 = performance.now();
          const tally = new ValidationTally({ fullList });
          for (const entry of entries) tally.add(entry);
          validationDigest('prod', DSP, tally.report(pendingCount), BLOCKERS);
          if (round_ > 0) times.push(performance.now() - t0);
        }
      }
    } finally {
      close();
    }
    const figures = {
      errors: ERRORS,
      bodyMegabytes: round(payload.length / 1e6),
      streamedReadMs: summarize(readMs),
      longestEventLoopBlockMs: round(longestBlockMs),
      digestMs: summarize(digestMs),
      digestTargetMs: TARGET_DIGEST_MS,
      digestAndFullListLinesMs: summarize(digestWithListMs),
      composeMessageMs: summarize(composeMs),
      fullListFileMs: summarize(fileMs),
      peakRssMb: round(peakRss / 1e6),
      rssGrowthMb: round(rssGrowth / 1e6),
      rssGrowthTargetMb: TARGET_RSS_GROWTH_MB,
      blockKit: { ...limits, limits: { blocks: 50, sectionChars: 3000, messageChars: 'well under 13k' } },
      fileLinesWithHeader: fileLines,
    };
    log(JSON.stringify(figures, null, 2));
    return figures;
  },
};
