import { describe, expect, it } from 'vitest';
import type { ExportJob } from '../../../src/integrations/ingest.js';
import { exportVerdict, latestJob, runbookAdvice } from '../../../src/workflows/export/verdict.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 1, 12);
const STUCK_AFTER = 6 * HOUR;

function job(overrides: Partial<ExportJob> = {}): ExportJob {
  return {
    id: 'j1',
    status: 'EXPORTING',
    createdAt: NOW - 2 * HOUR,
    updatedAt: NOW - HOUR,
    destination: { name: 'DCP', version: '2' },
    totalAssayCount: 40,
    dataTransferComplete: false,
    errors: [],
    ...overrides,
  };
}

describe('export verdict', () => {
  it('finds no job when ingest lists none, or only superseded ones', () => {
    expect(exportVerdict([], NOW, STUCK_AFTER)).toEqual({ kind: 'none' });
    expect(exportVerdict([job({ status: 'DEPRECATED' })], NOW, STUCK_AFTER)).toEqual({ kind: 'none' });
  });

  it('takes the newest job that is not deprecated', () => {
    const old = job({ id: 'old', status: 'FAILED', createdAt: NOW - 9 * HOUR });
    const newest = job({ id: 'new', createdAt: NOW - HOUR });
    const superseded = job({ id: 'dep', status: 'DEPRECATED', createdAt: NOW });

    expect(latestJob([newest, old, superseded])?.id).toBe('new');
    expect(exportVerdict([old, newest, superseded], NOW, STUCK_AFTER)).toEqual({ kind: 'exporting', job: newest });
  });

  it('calls an export updated within the threshold exporting, and one older than it stuck', () => {
    const recent = job({ updatedAt: NOW - STUCK_AFTER });
    const quiet = job({ updatedAt: NOW - STUCK_AFTER - 1 });

    expect(exportVerdict([recent], NOW, STUCK_AFTER).kind).toBe('exporting');
    expect(exportVerdict([quiet], NOW, STUCK_AFTER)).toEqual({
      kind: 'stuck',
      job: quiet,
      reasons: ['stale'],
      quietForMs: STUCK_AFTER + 1,
    });
  });

  it('calls a FAILED job stuck at once, and says so with its errors', () => {
    const failed = job({ status: 'FAILED', updatedAt: NOW, errors: ['GCP transfer status request failed'] });

    expect(exportVerdict([failed], NOW, STUCK_AFTER)).toMatchObject({ kind: 'stuck', reasons: ['failed', 'errors'] });
  });

  it('calls a job with errors stuck even while it is fresh', () => {
    expect(exportVerdict([job({ errors: ['boom'] })], NOW, STUCK_AFTER)).toMatchObject({ reasons: ['errors'] });
  });

  it('calls an EXPORTED job exported', () => {
    const done = job({ status: 'EXPORTED', updatedAt: NOW - 30 * 24 * HOUR });

    expect(exportVerdict([done], NOW, STUCK_AFTER)).toEqual({ kind: 'exported', job: done });
  });
});

describe('runbook advice', () => {
  function advice(overrides: Partial<ExportJob>): string {
    const verdict = exportVerdict([job(overrides)], NOW, STUCK_AFTER);
    if (verdict.kind !== 'stuck') throw new Error('expected stuck');
    return runbookAdvice(verdict).join('\n');
  }

  it('suggests checking the GCP transfer when the data transfer is not confirmed', () => {
    const text = advice({ updatedAt: NOW - 7 * HOUR, dataTransferComplete: null });

    expect(text).toContain('The data transfer is not confirmed');
    expect(text).toContain('patch the export job’s `context` with `isDataTransferComplete: true`');
    expect(text).not.toContain('Exporter errors');
  });

  it('points at the exporter logs when the transfer is done but nothing moves', () => {
    expect(advice({ updatedAt: NOW - 7 * HOUR, dataTransferComplete: true })).toContain('`stern ingest-exporter`');
  });

  it('points at the errored queue for exporter errors', () => {
    const text = advice({ status: 'FAILED' });

    expect(text).toContain('Exporter errors');
    expect(text).toContain('`ingest.exporter.errored.queue`');
    expect(text).not.toContain('data transfer is not confirmed');
  });
});
