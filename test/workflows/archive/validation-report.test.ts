import { describe, expect, it } from 'vitest';
import { validationDigest } from '../../../src/workflows/archive/validation-digest.js';
import { FULL_LIST_MAX_CHARS, OTHER_NAMES } from '../../../src/workflows/archive/validation-report.js';
import { NO_BLOCKERS, reportOf } from '../../support/validation.js';

const DSP = { dspUuid: 'd5c0ffee-0000-4000-8000-000000000000', created: '2021-03-04T10:11:12.345Z' };

describe('the validation report kept of /validationErrors', () => {
  it('stops the complete list at its cap, and the digest and file title say how many it holds', () => {
    const huge = 'x'.repeat(FULL_LIST_MAX_CHARS / 4 - 100);
    const entries = Array.from({ length: 6 }, (_, i) => ({
      submittable: `s${i}`,
      messages: { Core: [`${i}${huge}`] },
    }));

    const report = reportOf(entries, 0, { fullList: true });
    const digest = validationDigest('prod', DSP, report, NO_BLOCKERS);

    expect(report.total).toBe(6);
    expect(report.fullList!.listed).toBe(4);
    expect(digest.file!.title).toBe('The first 4 of 6 validation messages');
    expect(digest.file!.content().length).toBeLessThanOrEqual(FULL_LIST_MAX_CHARS + 100);
    expect(JSON.stringify(digest.message.blocks)).toContain(
      `The first 4 of 6 messages are in the attached file; \`GET /archiveSubmissions/${DSP.dspUuid}/validationErrors\` has them all.`,
    );
  });

  it('counts authors past the first hundred together, so a broken body cannot grow the report', () => {
    const entries = Array.from({ length: 150 }, (_, i) => ({ submittable: 's', messages: { [`Author${i}`]: ['m'] } }));

    const report = reportOf(entries, 0);

    expect(report.byAuthor.size).toBe(101);
    expect(report.byAuthor.get(OTHER_NAMES)).toBe(50);
    expect(report.examples.size).toBe(101);
    expect(report.total).toBe(150);
  });

  it('keeps at most three examples per author, each clipped', () => {
    const long = 'y'.repeat(50_000);
    const entries = Array.from({ length: 10 }, (_, i) => ({ submittable: 's', messages: { Core: [`${i}${long}`] } }));

    const report = reportOf(entries, 0);

    expect(report.examples.get('Core')).toHaveLength(3);
    expect(Math.max(...report.examples.get('Core')!.map((e) => e.length))).toBeLessThanOrEqual(1000);
  });

  it('writes one line per message even when a message holds tabs or line breaks', () => {
    const entries = [{ submittable: 's', messages: { Core: ['one\ttwo', 'three\r\nfour'] } }];

    const text = reportOf(entries, 0, { fullList: true }).fullList!.text();

    expect(text.trimEnd().split('\n')).toEqual([
      'entity_type\tauthor\tsubmittable\tmessage',
      's\tCore\ts\tone two',
      's\tCore\ts\tthree four',
    ]);
  });

  it('builds no list unless asked', () => {
    expect(reportOf([{ submittable: 's', messages: { Core: ['m'] } }], 0).fullList).toBeUndefined();
  });
});
