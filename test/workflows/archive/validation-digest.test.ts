import { describe, expect, it } from 'vitest';
import type { BlockersSummary, ValidationReport } from '../../../src/integrations/archiver.js';
import { entityType, validationDigest } from '../../../src/workflows/archive/validation-digest.js';

const DSP = { dspUuid: 'd5c0ffee-0000-4000-8000-000000000000', created: '2021-03-04T10:11:12.345Z' };

const NO_BLOCKERS: BlockersSummary = {
  notReadyFileCount: 0,
  totalMetadataBlockers: 0,
  emptySubmission: false,
  anyPendingValidationResult: false,
  issuesPerDataType: {},
};

function report(count: number): ValidationReport {
  return {
    errors: Array.from({ length: count }, (_, i) => ({
      submittable: `https://submission.ebi.ac.uk/api/${i % 2 ? 'samples' : 'assayData'}/${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
      messages: (i % 2
        ? { Biosamples: [`A sample must have a release date. (${i})`] }
        : {
            FileReference: [`The file [${i}.bam] referenced in the metadata is not exists on the file storage area.`],
          }) as Record<string, string[]>,
    })),
    pendingCount: 2,
  };
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
    expect(digest.fullList).toBeUndefined();
  });

  it('says so when there are no errors and attaches no file', () => {
    const digest = validationDigest('dev', DSP, { errors: [], pendingCount: 0 }, NO_BLOCKERS);

    expect(digest.message.text).toBe(
      'DSP submission `d5c0ffee-0000-4000-8000-000000000000` (dev, created <!date^1614852672^{date_short_pretty} {time}|2021-03-04T10:11:12.345Z>): no validation errors.',
    );
    expect(digest.fullList).toBeUndefined();
  });

  it('keeps a digest of 100,000 errors within Block Kit limits and puts every message in the file', () => {
    const digest = validationDigest('prod', DSP, report(100_000), NO_BLOCKERS);

    const size = blockKitSize(digest.message.blocks!);
    expect(size.blocks).toBeLessThanOrEqual(50);
    expect(size.longestText).toBeLessThanOrEqual(3000);
    expect(size.characters).toBeLessThan(12_000);
    expect(digest.fullList!().trimEnd().split('\n')).toHaveLength(100_001);
  });
});
