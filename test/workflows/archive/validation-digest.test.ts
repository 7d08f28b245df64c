import { describe, expect, it } from 'vitest';
import type { ValidationEntry } from '../../../src/integrations/archiver-validation.js';
import { validationDigest } from '../../../src/workflows/archive/validation-digest.js';
import { entityType } from '../../../src/workflows/archive/validation-report.js';
import { NO_BLOCKERS, reportOf } from '../../support/validation.js';

const DSP = { dspUuid: 'd5c0ffee-0000-4000-8000-000000000000', created: '2021-03-04T10:11:12.345Z' };

function entries(count: number): ValidationEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    submittable: `https://submission.ebi.ac.uk/api/${i % 2 ? 'samples' : 'assayData'}/${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
    messages: (i % 2
      ? { Biosamples: [`A sample must have a release date. (${i})`] }
      : {
          FileReference: [`The file [${i}.bam] referenced in the metadata is not exists on the file storage area.`],
        }) as Record<string, string[]>,
  }));
}

function report(count: number) {
  return reportOf(entries(count), 2, { fullList: true });
}

function blockKitSize(blocks: unknown[]): { blocks: number; longestText: number; characters: number } {
  const texts = JSON.stringify(blocks).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [];
  return {
    blocks: blocks.length,
    longestText: Math.max(0, ...texts.map((t) => t.length - 9)),
    characters: texts.reduce((n, t) => n + t.length, 0),
  };
}

describe('validationDigest', () => {
  it('reads the entity type from a DSP submittable URL', () => {
    expect(entityType('https://submission.ebi.ac.uk/api/samples/0b3ec239-7f31-4756-b14a-6ec80cebd757')).toBe('samples');
    expect(entityType('NoSubmittable')).toBe('NoSubmittable');
  });

  it('counts by author and entity type and marks FileReference errors on sequencing runs as expected', () => {
    const digest = validationDigest('prod', DSP, report(4), { ...NO_BLOCKERS, notReadyFileCount: 2 });

    const text = JSON.stringify(digest.message.blocks);
    expect(digest.total).toBe(4);
    expect(text).toContain('*By validation author:* FileReference 2 · Biosamples 2');
    expect(text).toContain('*By entity type:* assayData 2 · samples 2');
    expect(text).toContain('expected until the data files are uploaded');
    expect(text).toContain('Files not ready: 2');
    expect(text).toContain('Pending results: 2');
    expect(digest.file).toBeUndefined();
  });

  it('says so when there are no errors and attaches no file', () => {
    const digest = validationDigest('dev', DSP, reportOf([], 0, { fullList: true }), NO_BLOCKERS);

    expect(digest.message.text).toBe(
      'DSP submission `d5c0ffee-0000-4000-8000-000000000000` (dev, created <!date^1614852672^{date_short_pretty} {time}|2021-03-04T10:11:12.345Z>): no validation errors.',
    );
    expect(digest.file).toBeUndefined();
  });

  it('keeps a digest of 100,000 errors within Block Kit limits and puts every message in the file', () => {
    const digest = validationDigest('prod', DSP, report(100_000), NO_BLOCKERS);

    const size = blockKitSize(digest.message.blocks!);
    expect(size.blocks).toBeLessThanOrEqual(50);
    expect(size.longestText).toBeLessThanOrEqual(3000);
    expect(size.characters).toBeLessThan(12_000);
    expect(digest.file!.title).toBe('All 100000 validation messages');
    expect(digest.file!.content().trimEnd().split('\n')).toHaveLength(100_001);
  });
});
