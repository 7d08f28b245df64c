import { describe, expect, it } from 'vitest';
import { median, percentile, round, summarize } from '../../bench/stats.js';

describe('percentile', () => {
  it('interpolates between the nearest ranks of 1..100', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);

    expect(percentile(values, 50)).toBeCloseTo(50.5);
    expect(percentile(values, 99)).toBeCloseTo(99.01);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(100);
  });

  it('sorts a copy and leaves the input in its order', () => {
    const values = [30, 10, 20];

    expect(percentile(values, 50)).toBe(20);
    expect(values).toEqual([30, 10, 20]);
  });

  it('returns the only value for every percentile of one value', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('throws for no values and for a percentile outside 0-100', () => {
    expect(() => percentile([], 50)).toThrow(/no values/);
    expect(() => percentile([1, 2], 101)).toThrow(/outside/);
  });
});

describe('median', () => {
  it('is the mean of the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('summarize', () => {
  it('reports count, p50, p99 and max rounded to two decimals', () => {
    expect(summarize([1, 2, 3, 4, 100])).toEqual({ count: 5, p50Ms: 3, p99Ms: 96.16, maxMs: 100 });
  });
});

describe('round', () => {
  it('rounds to the given number of decimals', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(1.23456, 3)).toBe(1.235);
  });
});
