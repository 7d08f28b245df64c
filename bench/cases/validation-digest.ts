import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createArchiverClient } from '../../src/integrations/archiver.js';
import type { BlockersSummary } from '../../src/integrations/archiver.js';
import { validationDigest } from '../../src/workflows/archive/validation-digest.js';
import type { BenchCase } from '../bench-case.js';
import { round, summarize } from '../stats.js';

const ERRORS = 100_000;
const ROUNDS = 15;
const TARGET_DIGEST_MS = 100;
const DSP = { dspUuid: 'b729f228-d587-440c-ae5b-d0c1f34b8766', created: '2021-03-04T10:11:12.345Z' };
const BLOCKERS: BlockersSummary = {
  notReadyFileCount: 3,
  totalMetadataBlockers: 3,
  emptySubmission: false,
  anyPendingValidationResult: false,
  issuesPerDataType: { sequencingRuns: { displayName: 'sequencing runs', count: 3 } },
};

/** A `/validationErrors` body as the archiver builds it: one submittable per error, FileReference and Biosamples. */
function body(): string {
  const errors: Record<string, Record<string, string[]>[]> = {};
  for (let i = 0; i < ERRORS; i++) {
    const id = `${String(i).padStart(8, '0')}-5a13-4938-b759-3feaa7d44a73`;
    errors[`https://submission.ebi.ac.uk/api/${i % 3 ? 'assayData' : 'samples'}/${id}`] =
      i % 3
        ? [
            {
              FileReference: [
                `The file [${id}.bam] referenced in the metadata is not exists on the file storage area.`,
              ],
            },
          ]
        : [{ Biosamples: ['A sample must have a release date.'] }];
  }
  return JSON.stringify({ errors, pending: [] });
}

function blockKit(blocks: Record<string, unknown>[]) {
  const texts = JSON.stringify(blocks).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [];
  return {
    blocks: blocks.length,
    longestTextChars: Math.max(...texts.map((t) => t.length - 9)),
    totalTextChars: texts.reduce((n, t) => n + t.length - 9, 0),
  };
}

/** A 100,000-error `/validationErrors`: fetch + parse through the real adapter, then the digest itself. */
export const validationDigestCase: BenchCase = {
  name: 'validation-digest',
  summary: `${ERRORS} validation errors: fetch and parse, digest time, peak RSS, Block Kit limits`,
  async run(log) {
    const payload = body();
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(payload));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = createArchiverClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      timeoutMs: 60_000,
    });
    const fetchMs: number[] = [];
    const digestMs: number[] = [];
    const fileMs: number[] = [];
    let peakRss = process.memoryUsage().rss;
    const baseRss = peakRss;
    let limits: ReturnType<typeof blockKit> | undefined;
    let fileLines = 0;
    try {
      for (let round_ = 0; round_ < ROUNDS; round_++) {
        const t0 = performance.now();
        const report = await client.validationErrors(DSP.dspUuid, 'bench-key');
        const t1 = performance.now();
        const digest = validationDigest('prod', DSP, report, BLOCKERS);
        const t2 = performance.now();
        const file = digest.fullList?.() ?? '';
        const t3 = performance.now();
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (round_ > 0) {
          fetchMs.push(t1 - t0);
          digestMs.push(t2 - t1);
          fileMs.push(t3 - t2);
        }
        limits = blockKit(digest.message.blocks ?? []);
        fileLines = file.trimEnd().split('\n').length;
      }
    } finally {
      server.close();
    }
    const figures = {
      errors: ERRORS,
      bodyMegabytes: round(payload.length / 1e6),
      fetchAndParseMs: summarize(fetchMs),
      digestMs: summarize(digestMs),
      digestTargetMs: TARGET_DIGEST_MS,
      fullListFileMs: summarize(fileMs),
      peakRssMb: round(peakRss / 1e6),
      rssGrowthMb: round((peakRss - baseRss) / 1e6),
      blockKit: { ...limits, limits: { blocks: 50, sectionChars: 3000, messageChars: 'well under 13k' } },
      fileLinesWithHeader: fileLines,
    };
    log(JSON.stringify(figures, null, 2));
    return figures;
  },
};
