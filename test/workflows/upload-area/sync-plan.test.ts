import { describe, expect, it } from 'vitest';
import { isAlreadyCopied, planSync } from '../../../src/workflows/upload-area/sync-plan.js';
import { verifySync } from '../../../src/workflows/upload-area/verify.js';
import { stored } from './objects.js';

describe('isAlreadyCopied', () => {
  const source = stored('x.bam', 100, { minutes: 0 });

  it('is false when nothing is at the destination', () => {
    expect(isAlreadyCopied(source, undefined)).toBe(false);
  });

  it('is true for the same size and ETag (a single-part copy), even if older', () => {
    expect(isAlreadyCopied(source, stored('x.bam', 100, { etag: source.etag, minutes: -5 }))).toBe(true);
  });

  it('is true for the same size and a later write (a multipart copy has another ETag)', () => {
    expect(isAlreadyCopied(source, stored('x.bam', 100, { etag: 'abc-2', minutes: 1 }))).toBe(true);
  });

  it('is false for another size, whatever the time', () => {
    expect(isAlreadyCopied(source, stored('x.bam', 99, { etag: source.etag, minutes: 1 }))).toBe(false);
  });

  it('is false for a corrected re-upload of the same size: another ETag, and newer than the copy', () => {
    const reuploaded = stored('x.bam', 100, { etag: 'corrected', minutes: 10 });
    const oldCopy = stored('x.bam', 100, { etag: 'original', minutes: 5 });

    expect(isAlreadyCopied(reuploaded, oldCopy)).toBe(false);
  });

  it('is false when the destination was written in the same instant with another ETag', () => {
    expect(isAlreadyCopied(source, stored('x.bam', 100, { etag: 'other', minutes: 0 }))).toBe(false);
  });
});

describe('planSync', () => {
  const source = [
    stored('', 0),
    stored('run 2/', 0),
    stored('new.fastq.gz', 10),
    stored('same.fastq.gz', 20),
    stored('changed.fastq.gz', 30, { minutes: 10 }),
    stored('run 2/nested.bam', 40),
    stored('metadata.xlsx', 5),
  ];
  const destination = [
    stored('same.fastq.gz', 20),
    stored('changed.fastq.gz', 30, { etag: 'old', minutes: 5 }),
    stored('unrelated.txt', 1),
  ];

  it('copies what is missing or changed, skips what is there, and leaves spreadsheets out', () => {
    const plan = planSync(source, destination, { includeSpreadsheets: false });

    expect(plan.copy.map((f) => [f.name, f.replaces])).toEqual([
      ['new.fastq.gz', false],
      ['changed.fastq.gz', true],
      ['run 2/nested.bam', false],
    ]);
    expect(plan.present.map((f) => f.name)).toEqual(['same.fastq.gz']);
    expect(plan.leftOut.map((f) => f.name)).toEqual(['metadata.xlsx']);
    expect(plan.bytesToCopy).toBe(80);
  });

  it('copies spreadsheets when asked to include them', () => {
    const plan = planSync(source, destination, { includeSpreadsheets: true });

    expect(plan.copy.map((f) => f.name)).toContain('metadata.xlsx');
    expect(plan.leftOut).toEqual([]);
  });

  it('plans nothing to copy on a re-run after a complete sync', () => {
    const copied = source.filter((f) => f.name !== '' && !f.name.endsWith('/')).map((f) => ({ ...f }));

    const plan = planSync(source, copied, { includeSpreadsheets: true });

    expect(plan.copy).toEqual([]);
    expect(plan.present).toHaveLength(5);
  });
});

describe('verifySync', () => {
  const expected = [stored('a.bam', 10), stored('run 2/b.bam', 1_500_000_000), stored('c.bam', 0)];

  it('verifies when every name is at the destination with its size', () => {
    const verification = verifySync(expected, [...expected, stored('extra.txt')]);

    expect(verification).toEqual({ verified: true, files: 3, bytes: 1_500_000_010, missing: [], wrongSize: [] });
  });

  it('lists missing names and wrong sizes exactly', () => {
    const verification = verifySync(expected, [stored('a.bam', 9), stored('c.bam', 0)]);

    expect(verification.verified).toBe(false);
    expect(verification.missing).toEqual(['run 2/b.bam']);
    expect(verification.wrongSize).toEqual([{ name: 'a.bam', expected: 10, found: 9 }]);
  });
});
