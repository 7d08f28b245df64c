import { describe, expect, it } from 'vitest';
import { readiness } from '../../../src/workflows/archive/readiness.js';
import { reportOf } from '../../support/validation.js';

const clean = {
  notReadyFileCount: 0,
  totalMetadataBlockers: 0,
  emptySubmission: false,
  anyPendingValidationResult: false,
  issuesPerDataType: {},
};

describe('readiness', () => {
  it('is ready only with no errors, nothing pending, no blockers and a non-empty submission', () => {
    expect(readiness(reportOf([], 0), clean)).toEqual({ ready: true, blocking: [] });
  });

  it.each([
    [{ notReadyFileCount: 3 }, '3 files not ready'],
    [{ totalMetadataBlockers: 1 }, '1 metadata blocker'],
    [{ emptySubmission: true }, 'the DSP submission is empty'],
    [{ anyPendingValidationResult: true }, 'validation still pending'],
  ])('is blocked by %j', (blockers, reason) => {
    expect(readiness(reportOf([], 0), { ...clean, ...blockers })).toEqual({
      ready: false,
      blocking: [reason],
    });
  });

  it('names FileReference errors apart from other validation errors', () => {
    const result = readiness(
      reportOf(
        [
          { submittable: 'a', messages: { FileReference: ['x', 'y'], Core: ['z'] } },
          { submittable: 'b', messages: { FileReference: ['w'] } },
        ],
        1,
      ),
      clean,
    );

    expect(result.blocking).toEqual([
      '3 FileReference errors',
      '1 other validation error',
      '1 pending validation result',
    ]);
  });
});
