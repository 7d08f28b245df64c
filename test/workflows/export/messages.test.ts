import { describe, expect, it } from 'vitest';
import type { ExportJob } from '../../../src/integrations/ingest.js';
import { exportedNextSteps, exportSummaryLines } from '../../../src/workflows/export/messages.js';
import { exportVerdict } from '../../../src/workflows/export/verdict.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 1, 12);
const SUBMISSION = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const project = { title: 'Heart atlas', shortName: 'HeartAtlas' };

function job(overrides: Partial<ExportJob> = {}): ExportJob {
  return {
    id: 'j1',
    status: 'EXPORTING',
    createdAt: NOW - 10 * HOUR,
    updatedAt: NOW - 8 * HOUR,
    destination: { name: 'DCP', version: '2' },
    totalAssayCount: 40,
    dataTransferComplete: false,
    errors: [],
    ...overrides,
  };
}

function summary(jobs: ExportJob[], state = 'Exporting', exportedAssays?: number) {
  return exportSummaryLines({
    submissionUuid: SUBMISSION,
    env: 'prod',
    state,
    project,
    verdict: exportVerdict(jobs, NOW, 6 * HOUR),
    exportedAssays,
    now: NOW,
  });
}

describe('export summary', () => {
  it('shows the latest job’s status, destination, progress, and why it looks stuck with the runbook’s advice', () => {
    const lines = summary([job()], 'Exporting', 12);

    expect(lines.slice(0, 2)).toEqual([
      `*Export of submission \`${SUBMISSION}\`* (prod) · *Heart atlas* (\`HeartAtlas\`)`,
      'Ingest state: Exporting',
    ]);
    expect(lines[2]).toMatch(/^Latest export job: EXPORTING to DCP 2, started <!date\^\d+\^.*\(8 h ago\)$/);
    expect(lines[3]).toBe('Progress: 12 of 40 assays exported · data transfer not confirmed');
    expect(lines[4]).toBe(':warning: *Export looks stuck:* still EXPORTING, with no update for 8 h.');
    expect(lines.join('\n')).toContain('The data transfer is not confirmed');
  });

  it('lists a failed job’s errors, a few of them', () => {
    const errors = Array.from({ length: 7 }, (_, i) => `error <${i}>`);

    const lines = summary([job({ status: 'FAILED', errors, updatedAt: NOW })]);

    expect(lines).toContain(':warning: *Export looks stuck:* the job FAILED; the job reports 7 errors.');
    expect(lines).toContain('• error &lt;0&gt;');
    expect(lines).toContain('…and 2 more');
    expect(lines.join('\n')).toContain('Exporter errors');
  });

  it('shows an export that is moving without alarm', () => {
    const lines = summary([job({ updatedAt: NOW - HOUR, dataTransferComplete: true })], 'Exporting', 39);

    expect(lines.at(-1)).toBe('Progress: 39 of 40 assays exported · data transfer complete');
    expect(lines.join('\n')).not.toContain('stuck');
  });

  it('explains a submission that has no export job yet', () => {
    expect(summary([], 'Archiving').at(-1)).toBe(
      'No export job: it has not been exported: export follows Archived when Export was among its submit actions.',
    );
    expect(summary([], 'Exporting').at(-1)).toBe('No export job: ingest lists no export job for it yet.');
  });
});

describe('next steps after export', () => {
  it('links the data release import form, then the portal watch with the estimate', () => {
    expect(
      exportedNextSteps('https://forms.example/release', 'expected in dcp44, around Thursday 31 December 2026'),
    ).toEqual([
      '*Next steps:*',
      '1. Fill in the <https://forms.example/release|data release import form>.',
      '2. Watch the portal until the project is live, then verify it and send the link to the contributor. It is expected in dcp44, around Thursday 31 December 2026.',
    ]);
  });
});
