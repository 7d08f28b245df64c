import { describe, expect, it } from 'vitest';
import { compareDeclared } from '../../../src/workflows/upload-area/declared-files.js';
import { areaFindings } from '../../../src/workflows/upload-area/findings.js';
import {
  checkReport,
  checksumText,
  emptyAreaSentence,
  LIST_LIMIT,
  notifyFailuresText,
  progressLine,
  spreadsheetSentence,
  syncPlanText,
  unknownAreaSentence,
  verifyText,
} from '../../../src/workflows/upload-area/messages.js';
import { planSync } from '../../../src/workflows/upload-area/sync-plan.js';
import { verifySync } from '../../../src/workflows/upload-area/verify.js';
import { stored } from './objects.js';

const AREA = '4f9d3a1c-8b2e-4c55-9a0f-1e2d3c4b5a69';
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

describe('checkReport', () => {
  const files = [
    stored('a_R1.fastq.gz', 2 * GIB),
    stored('A_R1.fastq.gz', 10),
    stored('run 2/b+1.fastq.gz', 0),
    stored('metadata.xlsx', 5),
  ];
  const base = { bucket: 'hca-util-upload-area', areaUuid: AREA, findings: areaFindings(files) };

  it('heads the report with the area, its name tag, its file count and size', () => {
    const named = checkReport({ ...base, areaName: { kind: 'named', name: 'Liver MA' }, spreadsheets: [] });
    const noTagging = checkReport({ ...base, areaName: { kind: 'no-tagging' }, spreadsheets: [] });

    expect(named.headline).toBe(
      `Upload area ${AREA} (“Liver MA”): 4 files, 2.0 GB in s3://hca-util-upload-area/${AREA}/.`,
    );
    expect(noTagging.headline).toContain('(this S3 server has no object tagging, so no name tag)');
  });

  it('has a section for each finding, and the spreadsheet comparison with its lists', () => {
    const comparison = compareDeclared(['a_R1.fastq.gz', 'gone.fastq.gz'], files);

    const report = checkReport({
      ...base,
      areaName: { kind: 'unnamed' },
      spreadsheets: [{ name: 'metadata.xlsx', outcome: { kind: 'compared', columns: [], comparison } }],
    });

    expect(report.sections).toEqual([
      { title: 'Files by extension', lines: ['.fastq.gz: 3 (2.0 GB)', '.xlsx: 1 (5 bytes)'] },
      { title: 'Empty files (1)', lines: ['run 2/b+1.fastq.gz'] },
      { title: 'Names that differ only by case (1)', lines: ['A_R1.fastq.gz | a_R1.fastq.gz'] },
      { title: 'Names S3 tools or the cluster may trip over (1)', lines: ['run 2/b+1.fastq.gz: space, plus'] },
      {
        title: 'Spreadsheet metadata.xlsx',
        lines: [
          'metadata.xlsx declares 2 files: 1 missing from the area, 2 in the area but not declared, 0 declared but empty.',
        ],
      },
      { title: 'metadata.xlsx: declared but missing (1)', lines: ['gone.fastq.gz'] },
      { title: 'metadata.xlsx: in the area, not declared (2)', lines: ['A_R1.fastq.gz', 'run 2/b+1.fastq.gz'] },
    ]);
    expect(report.file).toBeUndefined();
  });

  it('cuts a long list short and attaches every name as TSV', () => {
    const many = Array.from({ length: LIST_LIMIT + 5 }, (_, i) => stored(`empty\t${i}.bam`, 0));

    const report = checkReport({
      ...base,
      findings: areaFindings(many),
      areaName: { kind: 'unnamed' },
      spreadsheets: [],
    });

    const empty = report.sections.find((s) => s.title.startsWith('Empty files'));
    expect(empty?.lines).toHaveLength(LIST_LIMIT + 1);
    expect(empty?.lines.at(-1)).toBe('… and 5 more (all in the attached list)');
    expect(report.file?.filename).toBe(`upload-area-${AREA}.tsv`);
    const rows = report.file?.content.trimEnd().split('\n') ?? [];
    expect(rows[0]).toBe('finding\tname');
    expect(rows.filter((row) => row.startsWith('empty\t'))).toHaveLength(LIST_LIMIT + 5);
    expect(rows).toContain('empty\tempty\\t0.bam');
  });

  it('lists 200,000 names (a spreadsheet at the size cap) without running out of stack', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => `file_${i}_R1.fastq.gz`);
    const comparison = compareDeclared(many, []);

    const report = checkReport({
      ...base,
      areaName: { kind: 'unnamed' },
      spreadsheets: [{ name: 'metadata.xlsx', outcome: { kind: 'compared', columns: [], comparison } }],
    });

    const missing = report.file?.content
      .split('\n')
      .filter((row) => row.startsWith('declared in metadata.xlsx, missing'));
    expect(missing).toHaveLength(200_000);
  });

  it('says so when the area holds no spreadsheet', () => {
    const report = checkReport({
      ...base,
      findings: areaFindings([stored('x.bam')]),
      areaName: { kind: 'unnamed' },
      spreadsheets: [],
    });

    expect(report.sections).toContainEqual({ title: 'Metadata spreadsheets', lines: ['No .xlsx file in the area.'] });
  });
});

describe('one-sentence explanations', () => {
  it('for an unknown and an empty area', () => {
    expect(unknownAreaSentence('hca-util-upload-area', AREA)).toBe(
      `There is no upload area ${AREA}: nothing is stored under s3://hca-util-upload-area/${AREA}/. Check the UUID with \`hca-util list\`.`,
    );
    expect(emptyAreaSentence(AREA, { kind: 'named', name: 'Liver MA' })).toBe(
      `Upload area ${AREA} (“Liver MA”) is empty: the contributor has not uploaded any file yet.`,
    );
  });

  it.each([
    [
      { kind: 'unreadable', reason: 'corrupt' } as const,
      'm.xlsx is not a readable .xlsx workbook (damaged, or another format); ask the contributor to upload it again.',
    ],
    [
      { kind: 'unreadable', reason: 'password-protected' } as const,
      'm.xlsx is password-protected, so the bot cannot read it; ask the contributor to upload it without a password.',
    ],
    [
      { kind: 'unreadable', reason: 'legacy-xls' } as const,
      'm.xlsx is an Excel 97–2003 workbook with an .xlsx name; ask the contributor to save it as .xlsx.',
    ],
    [
      { kind: 'too-large', size: 25.3 * MIB, capBytes: 20 * MIB } as const,
      'm.xlsx is 25.3 MB, more than the 20.0 MB the bot reads into memory; review it in the AWS WorkSpace.',
    ],
    [
      { kind: 'too-big-to-open', why: 'unzips to more than 200.0 MB' } as const,
      'm.xlsx unzips to more than 200.0 MB, more than the bot opens safely (a metadata spreadsheet unzips to a few MB in a few dozen parts); review it in the AWS WorkSpace.',
    ],
    [
      { kind: 'no-file-name-column', sheets: 3 } as const,
      'm.xlsx has no column headed …file_core.file_name in the first rows of its 3 sheets, so its files cannot be compared.',
    ],
  ])('for a spreadsheet: %j', (outcome, sentence) => {
    expect(spreadsheetSentence('m.xlsx', outcome)).toBe(sentence);
  });
});

describe('sync texts', () => {
  it('states the plan: what is copied, skipped, replaced, copied in parts and left out', () => {
    const plan = planSync(
      [stored('new.bam', 3 * MIB), stored('big.bam', 9 * MIB), stored('same.bam', 5), stored('m.xlsx', 5)],
      [stored('same.bam', 5), stored('big.bam', 1, { etag: 'x' })],
      { includeSpreadsheets: false },
    );

    const text = syncPlanText({
      env: 'prod',
      source: `s3://hca-util-upload-area/${AREA}/`,
      destination: 's3://org-hca-data-archive-upload-prod/0b7e7f7c-2d1a-4e8b-b6a5-9c8d7e6f5a4b/',
      plan,
      multipartThresholdBytes: 6 * MIB,
    });

    expect(text.headline).toBe(
      `Sync on prod: copy 2 files, 12.0 MB, from s3://hca-util-upload-area/${AREA}/ to ` +
        's3://org-hca-data-archive-upload-prod/0b7e7f7c-2d1a-4e8b-b6a5-9c8d7e6f5a4b/, server-side.',
    );
    expect(text.sections).toEqual([
      { title: 'Already at the destination (skipped)', lines: ['1 file, 5 bytes'] },
      { title: 'At the destination but different, copied again (1)', lines: ['big.bam'] },
      { title: 'Copied in parts (1)', lines: ['big.bam'] },
      { title: 'Spreadsheets left out (1); --include-spreadsheets copies them', lines: ['m.xlsx'] },
    ]);
  });

  it('shows progress with rate and estimate, and no rate before any byte', () => {
    const start = progressLine({ filesDone: 0, files: 12, bytesDone: 0, bytes: Math.round(3.4 * GIB), elapsedMs: 0 });
    const later = progressLine({
      filesDone: 3,
      files: 12,
      bytesDone: Math.round(1.2 * GIB),
      bytes: Math.round(3.4 * GIB),
      elapsedMs: 20_000,
    });

    const end = progressLine({ filesDone: 12, files: 12, bytesDone: 2048, bytes: 2048, elapsedMs: 2000 });

    expect(start).toBe('0 of 12 files, 0 bytes of 3.4 GB');
    expect(end).toBe('12 of 12 files, 2.0 kB of 2.0 kB, 1.0 kB/s');
    expect(later).toBe('3 of 12 files, 1.2 GB of 3.4 GB, 61.4 MB/s, about 1 min left');
  });

  it('says "verified: N files, X GB" or lists the exact differences', () => {
    const expected = [stored('a.bam', 1.5 * GIB), stored('b.bam', 10), stored('c.bam', 5)];

    const good = verifyText(verifySync(expected, expected));
    const bad = verifyText(verifySync(expected, [stored('a.bam', 1.5 * GIB), stored('b.bam', 9)]));

    expect(good).toEqual({ headline: 'verified: 3 files, 1.5 GB', sections: [] });
    expect(bad.headline).toBe('not verified: of 3 files, 1 missing at the destination and 1 of the wrong size.');
    expect(bad.sections).toEqual([
      { title: 'Missing at the destination (1)', lines: ['c.bam'] },
      { title: 'Of the wrong size (1)', lines: ['b.bam: 9 bytes at the destination, 10 at the source'] },
    ]);
  });

  it('reports checksums still pending and notifies that failed', () => {
    expect(checksumText([], 4).headline).toBe('The upload service has checksummed all 4 files.');
    expect(checksumText(['x.bam'], 4)).toEqual({
      headline: 'The upload service has not checksummed 1 of 4 files yet.',
      sections: [{ title: 'Not checksummed yet', lines: ['x.bam'] }],
    });
    expect(checksumText(['x.bam'], 4, 'The upload service at u.test answered HTTP 500.').headline).toBe(
      'The upload service has not checksummed 1 of 4 files yet (asking it last failed: The upload service at u.test answered HTTP 500.).',
    );
    expect(notifyFailuresText(['x.bam', 'y.bam'], 'The upload service at u.test answered HTTP 503.').headline).toBe(
      'The upload service could not be told about 2 copied files (last answer: The upload service at u.test answered HTTP 503.); `/hca retry` notifies them again.',
    );
  });
});
