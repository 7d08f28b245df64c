import { describe, expect, it } from 'vitest';
import { checkMetadataFile, type CheckOptions } from '../../../src/workflows/htan/check-file.js';
import type { MetadataFile } from '../../../src/workflows/htan/read-table.js';
import type { CheckReport } from '../../../src/workflows/htan/report.js';
import type { RuleId } from '../../../src/workflows/htan/rules.js';
import { everyCaseRows, PHI_FALSE_POSITIVES, PHI_TRUE_POSITIVES } from '../../../src/sandbox/htan-fixtures.js';
import {
  CLEAN_BIOSPECIMEN,
  csvFile,
  DIRTY_CLINICAL,
  file,
  PLANTED_DATE,
  PLANTED_PHI,
  workbook,
} from '../../support/htan-files.js';

const OPTIONS: CheckOptions = { maxWorkbookBytes: 10 * 1024 * 1024, currentYear: 2026 };

function check(rows: readonly (readonly string[])[], options: Partial<CheckOptions> = {}): Promise<CheckReport> {
  return checkFile(csvFile('manifest.csv', rows), options);
}

function checkFile(source: MetadataFile, options: Partial<CheckOptions> = {}): Promise<CheckReport> {
  return checkMetadataFile(source, { ...OPTIONS, ...options });
}

function countsOf(report: CheckReport): Partial<Record<RuleId, number>> {
  return Object.fromEntries(report.counts.map((c) => [c.rule, c.count]));
}

function findingsOf(report: CheckReport, rule: RuleId) {
  return report.first.filter((f) => f.rule === rule).map((f) => ({ row: f.row, column: f.column }));
}

describe('checkMetadataFile: a clean file', () => {
  it('says so plainly and names the phase and center', async () => {
    const report = await check(CLEAN_BIOSPECIMEN);

    expect(report.counts).toEqual([]);
    expect(report).toMatchObject({ verdict: 'clean', phiPassed: true, phase: 2, centers: ['HTA209'] });
    expect(report.summary).toBe(
      'Clean: no PHI and no identifier problems found in manifest.csv (4 rows, 8 columns, HTAN Phase 2, HTA209).',
    );
    expect(report.findingsCsv).toBe('sheet,row,column,tier,rule,what,value shape,fix\r\n');
  });
});

describe('checkMetadataFile: PHI', () => {
  const dirty = DIRTY_CLINICAL;

  it('counts by rule and tier, blocking rules first', async () => {
    const report = await check(dirty);

    expect(report.verdict).toBe('blocked');
    expect(report.phiPassed).toBe(false);
    expect(report.totals).toEqual({ block: 5, warn: 4 });
    expect(report.counts.map((c) => [c.rule, c.tier, c.count])).toEqual([
      ['phi-date', 'block', 2],
      ['phi-email', 'block', 1],
      ['phi-excel-serial-date', 'block', 1],
      ['phi-header-identifier', 'block', 1],
      ['id-duplicate-participant', 'warn', 1],
      ['id-extra-underscore', 'warn', 1],
      ['phi-age-over-89', 'warn', 1],
      ['phi-header-date', 'warn', 1],
    ]);
    expect(report.summary).toBe(
      '5 findings must be fixed before submission of manifest.csv (4 rows, 5 columns, HTAN Phase 2, HTA209); 4 findings need a look.',
    );
  });

  it('lists findings by row, column and rule with values masked, in the report and its CSV', async () => {
    const report = await check(dirty);

    expect(report.first.slice(0, 3)).toEqual([
      { row: 1, column: 'Patient Name', rule: 'phi-header-identifier', tier: 'block', masked: '' },
      { row: 2, column: 'Collection Date', rule: 'phi-date', tier: 'block', masked: '9999-99-99' },
      {
        row: 2,
        column: 'NOTES',
        rule: 'phi-email',
        tier: 'block',
        masked: 'xxxxxxx.xxxxxxx@xxxxxxx.… (27 characters)',
      },
    ]);
    expect(report.findingsCsv.split('\r\n')[2]).toBe(
      ',2,Collection Date,block,phi-date,calendar date,9999-99-99,convert it to days from birth (HTAN accepts no calendar dates)',
    );
    const everything = JSON.stringify(report);
    for (const secret of [PLANTED_PHI, PLANTED_DATE, '617', '555-1234', '03/05/2021']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('flags every true positive of the reference once and no false positive', async () => {
    const report = await check(everyCaseRows(), { firstFindings: 1000 });

    const flagged = report.first.map((f) => [f.row, f.column, f.rule]).sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(flagged).toEqual(PHI_TRUE_POSITIVES.map(([, rule], i) => [i + 2, 'NOTES', rule]));
    expect(report.file.rows).toBe(PHI_TRUE_POSITIVES.length + PHI_FALSE_POSITIVES.length);
  });

  it('says when only warnings were found', async () => {
    const report = await check([
      ['HTAN_PARTICIPANT_ID', 'Age'],
      ['HTA209_1', '95'],
    ]);

    expect(report).toMatchObject({ verdict: 'warnings', phiPassed: true });
    expect(report.summary).toBe(
      'Nothing blocks submission of manifest.csv (1 row, 2 columns, HTAN Phase 2, HTA209); 1 finding needs a look.',
    );
  });

  it('flags Excel date cells in workbooks and names the sheet', async () => {
    const content = await workbook({
      Clinical: [
        ['HTAN_PARTICIPANT_ID', 'Visit'],
        ['HTA209_1', new Date(Date.UTC(2020, 0, 2))],
      ],
      Extra: [['Notes'], ['ok'], [PLANTED_PHI]],
    });

    const report = await checkFile(file('clinical.xlsx', content));

    expect(report.first).toEqual([
      { sheet: 'Clinical', row: 2, column: 'Visit', rule: 'phi-excel-date-cell', tier: 'block', masked: '9999-99-99' },
      { sheet: 'Extra', row: 3, column: 'Notes', rule: 'phi-email', tier: 'block', masked: expect.any(String) },
    ]);
    expect(report.findingsCsv).toContain('Clinical,2,Visit,block,phi-excel-date-cell,');
    expect(report.file).toEqual({ name: 'clinical.xlsx', format: 'xlsx', rows: 3, columns: 2 });
  });

  it('scans a 1,000-column header and keeps the report short', async () => {
    const header = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `Contact Email ${i}` : `Measure ${i}`));
    const rows = [header, header.map(() => '1')];

    const report = await check(rows);

    expect(countsOf(report)).toEqual({ 'phi-header-identifier': 500, 'id-columns-missing': 1 });
    expect(report.first).toHaveLength(20);
    expect(report.findingsCsv.split('\r\n')).toHaveLength(503);
  });

  it('keeps counts complete when it keeps fewer findings than it found', async () => {
    const rows = [['Notes'], ...Array.from({ length: 50 }, () => ['2021-03-05'])];

    const report = await check(rows, { keepFindings: 10 });

    expect(countsOf(report)['phi-date']).toBe(50);
    expect(report.complete).toBe(false);
    expect(report.findingsCsv.split('\r\n')).toHaveLength(12);
  });

  it('scans cells past the last header and flags the row', async () => {
    const report = await check([['HTAN_PARTICIPANT_ID'], ['HTA209_1', PLANTED_PHI]]);

    expect(report.first).toEqual([
      expect.objectContaining({ row: 2, column: '(column 2, no header)', rule: 'phi-email' }),
      expect.objectContaining({ row: 2, column: '', rule: 'row-cell-count' }),
    ]);
  });
});

describe('checkMetadataFile: identifiers', () => {
  it('checks Phase 2 grammar, length, whitespace and style', async () => {
    const long = `HTA209_${'1'.repeat(21)}_B${'1'.repeat(21)}`;
    const report = await check([
      ['HTAN_BIOSPECIMEN_ID', 'HTAN_PARENT_ID'],
      ['HTA209_1_B1_234', 'HTA209_1'],
      [long, 'HTA209_1'],
      [` HTA209_1_B2`, 'HTA209_1'],
      ['HTA200_01_B1', 'HTA200_01'],
      ['HTA210_1_B1', 'HTA210_1'],
      ['HTA209_1_B3, HTA209_1_B4', 'HTA209_1'],
      ['', 'HTA209_1'],
      ['HTA209_1_D1', 'HTA209_1'],
      [`HTA209_${'1'.repeat(21)}_B${'1'.repeat(20)}`, `HTA209_${'1'.repeat(21)}`],
    ]);

    expect(countsOf(report)).toEqual({
      'id-extra-underscore': 1,
      'id-too-long': 1,
      'id-whitespace': 1,
      'id-leading-zero': 2,
      'id-unassigned-center': 2,
      'id-several': 1,
      'id-missing': 1,
      'id-format': 1,
      'id-length-50': 1,
      'id-mixed-centers': 1,
    });
    expect(long).toHaveLength(51);
  });

  it('finds duplicates, self-parents, parents of other participants and parents missing from the file', async () => {
    const report = await check([
      ['HTAN_BIOSPECIMEN_ID', 'HTAN_PARENT_ID'],
      ['HTA209_1_B2', 'HTA209_1_B1'],
      ['HTA209_1_B1', 'HTA209_1'],
      ['HTA209_1_B1', 'HTA209_1'],
      ['HTA209_1_B3', 'HTA209_1_B3'],
      ['HTA209_1_B4', 'HTA209_2_B1'],
      ['HTA209_0000_B1', 'HTA209_1_B2, HTA209_1_B9'],
    ]);

    expect(countsOf(report)).toEqual({
      'id-duplicate': 1,
      'parent-self': 1,
      'parent-other-participant': 1,
      'parent-missing': 2,
    });
    expect(findingsOf(report, 'parent-missing')).toEqual([
      { row: 6, column: 'HTAN_PARENT_ID' },
      { row: 7, column: 'HTAN_PARENT_ID' },
    ]);
    expect(findingsOf(report, 'id-duplicate')).toEqual([{ row: 4, column: 'HTAN_BIOSPECIMEN_ID' }]);
  });

  it('lets a file record point at biospecimens and files of other manifests', async () => {
    const report = await check([
      ['HTAN_DATA_FILE_ID', 'HTAN_PARENT_ID', 'FILENAME'],
      ['HTA209_1_D1', 'HTA209_1_B1', 'fastq/a_R1.fastq.gz'],
      ['HTA209_1_D2', 'HTA209_1_D1', 'bam/a.bam'],
      ['HTA209_1_D3', 'HTA209_1', 'bam/b.bam'],
    ]);

    expect(countsOf(report)).toEqual({ 'id-format': 1 });
    expect(findingsOf(report, 'id-format')).toEqual([{ row: 4, column: 'HTAN_PARENT_ID' }]);
  });

  it('applies the Phase 1 patterns as warnings and reads comma-separated parents', async () => {
    const report = await check([
      ['Component', 'HTAN Data File ID', 'HTAN Parent Biospecimen ID'],
      ['ScRNA-seqLevel1', 'HTA9_1_5', 'HTA9_1_2,HTA9_1_3'],
      ['ScRNA-seqLevel1', 'HTA9_1_x', 'HTA9_1_2'],
    ]);

    expect(report.phase).toBe(1);
    expect(countsOf(report)).toEqual({ 'id-format-phase1': 1 });
    expect(report.verdict).toBe('warnings');
  });

  it('flags identifiers of the other phase and columns of both phases', async () => {
    const inPhase2 = await check([['HTAN_PARTICIPANT_ID'], ['HTA9_1'], ['HTA209_2']]);
    const mixed = await check([
      ['HTAN Participant ID', 'HTAN_BIOSPECIMEN_ID'],
      ['HTA9_1', 'HTA209_1_B1'],
    ]);

    expect(countsOf(inPhase2)).toEqual({ 'id-phase-mismatch': 1 });
    expect(findingsOf(inPhase2, 'id-phase-mismatch')).toEqual([{ row: 2, column: 'HTAN_PARTICIPANT_ID' }]);
    expect(findingsOf(mixed, 'id-phase-mismatch')).toEqual([{ row: 1, column: 'HTAN_BIOSPECIMEN_ID' }]);
  });

  it('blocks a participant listed twice in Demographics, and only warns elsewhere', async () => {
    const report = await check([
      ['Component', 'HTAN Participant ID'],
      ['Demographics', 'HTA4_1'],
      ['Demographics', 'HTA4_1'],
      ['Therapy', 'HTA4_2'],
      ['Therapy', 'HTA4_2'],
    ]);

    expect(countsOf(report)).toEqual({ 'id-duplicate': 1, 'id-duplicate-participant': 1 });
  });

  it('warns about a pooled participant record and a file with no HTAN identifier column', async () => {
    const pooled = await check([['HTAN_PARTICIPANT_ID'], ['HTA209_0000']]);
    const none = await check([['Notes'], ['fine']]);

    expect(countsOf(pooled)).toEqual({ 'id-pooled-participant': 1 });
    expect(countsOf(none)).toEqual({ 'id-columns-missing': 1 });
    expect(none.centers).toEqual([]);
  });

  it('lists the centers of a file that mixes them, most frequent first', async () => {
    const report = await check([['HTAN_PARTICIPANT_ID'], ['HTA201_1'], ['HTA209_1'], ['HTA209_2']]);

    expect(report.centers).toEqual(['HTA209', 'HTA201']);
    expect(findingsOf(report, 'id-mixed-centers')).toEqual([{ row: 3, column: 'HTAN_PARTICIPANT_ID' }]);
  });
});
