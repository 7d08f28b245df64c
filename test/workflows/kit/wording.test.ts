import { describe, expect, it } from 'vitest';
import { duration, formatBytes, plural, slackDate } from '../../../src/workflows/kit/wording.js';

describe('wording', () => {
  it('writes counts with singular or plural nouns', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(2, 'entity', 'entities')).toBe('2 entities');
  });

  it('writes durations in the unit people use', () => {
    expect(duration(400)).toBe('1 s');
    expect(duration(20_000)).toBe('20 s');
    expect(duration(25 * 60_000)).toBe('25 min');
    expect(duration(5 * 3_600_000)).toBe('5 h');
    expect(duration(3 * 86_400_000)).toBe('3 days');
  });

  it("writes dates in Slack's date syntax with an ISO fallback", () => {
    expect(slackDate(Date.UTC(2027, 2, 1, 12))).toBe(
      '<!date^1803902400^{date_short_pretty} {time}|2027-03-01T12:00:00.000Z>',
    );
    expect(slackDate(1500, '{time_secs}')).toBe('<!date^1^{time_secs}|1970-01-01T00:00:01.500Z>');
  });

  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1.0 kB'],
    [5 * 1024 ** 3, '5.0 GB'],
    [2 * 1024 ** 5, '2.0 PB'],
  ])('writes %i bytes as %s, in 1024 multiples as the AWS console labels them', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
