import { describe, expect, it } from 'vitest';
import { compareDeclared } from '../../../src/workflows/upload-area/declared-files.js';
import { stored } from './objects.js';

describe('compareDeclared', () => {
  it('finds declared files that are missing, files not declared, and declared files that are empty', () => {
    const files = [stored('a_R1.fastq.gz'), stored('a_R2.fastq.gz', 0), stored('stray.bam'), stored('metadata.xlsx')];

    const comparison = compareDeclared(['a_R1.fastq.gz', 'a_R2.fastq.gz', 'b_R1.fastq.gz', 'A_R1.fastq.gz'], files);

    expect(comparison).toEqual({
      declared: 4,
      missing: ['A_R1.fastq.gz', 'b_R1.fastq.gz'],
      undeclared: ['stray.bam'],
      empty: ['a_R2.fastq.gz'],
    });
  });

  it('finds nothing to report when the spreadsheet and the area agree', () => {
    const comparison = compareDeclared(['run 2/x.fastq.gz'], [stored('run 2/x.fastq.gz'), stored('meta.xlsx')]);

    expect(comparison).toEqual({ declared: 1, missing: [], undeclared: [], empty: [] });
  });
});
