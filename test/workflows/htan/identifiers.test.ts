import { describe, expect, it } from 'vitest';
import {
  hasExtraParts,
  hasLeadingZero,
  isUnassignedCenter,
  parseId,
  prefixPhase,
} from '../../../src/workflows/htan/identifiers.js';

describe('parseId: the reference’s table (htan-submission-rules.md §1.6)', () => {
  it.each([
    ['HTA209_1', 2, 'participant', 'HTA209_1'],
    ['HTA209_EXT1', 2, 'participant', 'HTA209_EXT1'],
    ['HTA209_1_B1', 2, 'biospecimen', 'HTA209_1'],
    ['HTA209_1_D12', 2, 'file', 'HTA209_1'],
    ['HTA209_0000_D23', 2, 'file', 'HTA209_0000'],
    ['HTA210_EXT999_B1', 2, 'biospecimen', 'HTA210_EXT999'],
    ['HTA200_01', 2, 'participant', 'HTA200_01'],
    ['HTA209_0000', 2, 'participant', 'HTA209_0000'],
    ['HTA9_1', 1, 'participant', 'HTA9_1'],
    ['HTA9_1_19512', 1, 'biospecimen-or-file', 'HTA9_1'],
    ['HTA4_0000_1', 1, 'biospecimen-or-file', 'HTA4_0000'],
    ['HTA16_EXT3_3', 1, 'biospecimen-or-file', 'HTA16_EXT3'],
  ])('%s is Phase %i %s of %s', (id, phase, kind, participant) => {
    expect(parseId(id)).toMatchObject({ phase, kind, participant });
  });

  it.each([
    'HTA209_1_B1_234',
    'HTA230_5',
    'HTA199_5',
    'hta209_1',
    'HTA209_1_b1',
    'HTA209_1_B',
    'HTA209_B1',
    'HTA17_1',
    'HTA0_1',
    'HTA209_1_B1 ',
    `HTA209_${'1'.repeat(50)}`,
  ])('%s matches no pattern', (id) => {
    expect(parseId(id)).toBeUndefined();
  });

  it('tells the phase from the prefix alone', () => {
    expect([prefixPhase('HTA16_x'), prefixPhase('HTA229_x'), prefixPhase('HTA17_x'), prefixPhase('X')]).toEqual([
      1,
      2,
      undefined,
      undefined,
    ]);
  });

  it('spots the style warnings of §6', () => {
    expect(hasExtraParts('HTA209_1_B1_234')).toBe(true);
    expect(hasExtraParts('HTA209_1_B1')).toBe(false);
    expect(hasLeadingZero('HTA200_01')).toBe(true);
    expect(hasLeadingZero('HTA209_1_B01')).toBe(true);
    expect(hasLeadingZero('HTA209_0000_B1')).toBe(false);
    expect(isUnassignedCenter(parseId('HTA210_1')!)).toBe(true);
    expect(isUnassignedCenter(parseId('HTA209_1')!)).toBe(false);
  });
});
