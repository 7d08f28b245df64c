import { describe, expect, it } from 'vitest';
import { maskValue } from '../../../src/workflows/htan/findings.js';
import { HashedIdSet } from '../../../src/workflows/htan/id-set.js';

describe('HashedIdSet', () => {
  it('remembers the first row of each identifier through many resizes', () => {
    const set = new HashedIdSet();
    for (let i = 0; i < 200_000; i++) expect(set.add(`HTA209_${i}_B1`, i + 2)).toBeUndefined();

    expect(set.size).toBe(200_000);
    expect(set.add('HTA209_123_B1', 999_999)).toBe(125);
    expect(set.rowOf('HTA209_199999_B1')).toBe(200_001);
    expect(set.rowOf('HTA209_200000_B1')).toBeUndefined();
    expect(set.rowOf('')).toBeUndefined();
  });

  it('tells apart strings that differ only in order or by one character', () => {
    const set = new HashedIdSet();
    set.add('HTA209_12_B3', 2);

    expect(set.rowOf('HTA209_21_B3')).toBeUndefined();
    expect(set.rowOf('HTA209_12_B4')).toBeUndefined();
    expect(set.rowOf('HTA209_12_B3')).toBe(2);
  });
});

describe('maskValue', () => {
  it('keeps the shape and nothing of the value', () => {
    expect(maskValue('2021-03-05')).toBe('9999-99-99');
    expect(maskValue('Jane Doe, (617) 555-1234')).toBe('Xxxx Xxx, (999) 999-9999');
    expect(maskValue('Åsa ٣')).toBe('Xxx 9');
    expect(maskValue('line one\nline two')).toBe('xxxx xxx⏎xxxx xxx');
    expect(maskValue('a'.repeat(30))).toBe(`${'x'.repeat(24)}… (30 characters)`);
  });
});
