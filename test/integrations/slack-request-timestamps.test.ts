import { describe, expect, it } from 'vitest';
import { timestampProblem } from '../../src/integrations/slack-request-timestamps.js';

const NOW_MS = 1_800_000_000_000;
const NOW_S = NOW_MS / 1000;

describe('timestampProblem', () => {
  it.each([
    ['now', String(NOW_S)],
    ['5 minutes ahead', String(NOW_S + 300)],
    ['an hour old (Bolt refuses stale ones itself)', String(NOW_S - 3600)],
  ])('accepts a timestamp %s', (_name, header) => {
    expect(timestampProblem(header, NOW_MS)).toBeUndefined();
  });

  it('leaves a missing timestamp to Bolt', () => {
    expect(timestampProblem(undefined, NOW_MS)).toBeUndefined();
  });

  it.each([
    ['5 minutes and 1 second ahead', String(NOW_S + 301), 'more than 5 minutes ahead'],
    ['99 hours ahead', String(NOW_S + 99 * 3600), 'more than 5 minutes ahead'],
    ['1e10', '1e10', 'not a plain integer'],
    ['with a fraction', `${NOW_S}.5`, 'not a plain integer'],
    ['in hexadecimal', `0x${NOW_S.toString(16)}`, 'not a plain integer'],
    ['with a sign', `+${NOW_S}`, 'not a plain integer'],
    ['padded with spaces', ` ${NOW_S}`, 'not a plain integer'],
    ['empty', '', 'not a plain integer'],
    ['sent twice', [String(NOW_S), String(NOW_S)], 'not a plain integer'],
  ])('refuses a timestamp %s', (_name, header, problem) => {
    expect(timestampProblem(header, NOW_MS)).toBe(problem);
  });
});
