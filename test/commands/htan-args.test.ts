import { describe, expect, it } from 'vitest';
import { describeArgsError } from '../../src/commands/args.js';
import { HtanCertifiedArgs } from '../../src/commands/htan-certified.js';
import { HtanCheckArgs } from '../../src/commands/htan-check.js';
import { HtanChecklistArgs } from '../../src/commands/htan-checklist.js';

const problem = (schema: { safeParse(input: unknown): { success: boolean; error?: unknown } }, words: string[]) => {
  const parsed = schema.safeParse(words);
  return parsed.success ? undefined : describeArgsError(parsed.error as never);
};

describe('/htan arguments', () => {
  it.each([
    ['F0ABC12345', { type: 'slack', fileId: 'F0ABC12345' }],
    ['https://hca.slack.com/files/U012AB/F0ABC12345/clinical.csv', { type: 'slack', fileId: 'F0ABC12345' }],
    ['<https://hca.slack.com/files/U012AB/F0ABC12345/clinical.csv>', { type: 'slack', fileId: 'F0ABC12345' }],
    ['https://files.slack.com/files-pri/T0123-F0ABC12345/clinical.csv', { type: 'slack', fileId: 'F0ABC12345' }],
    ['s3://htan-metadata/HTA209/clinical data.csv', undefined],
    ['s3://htan-metadata/HTA209/clinical.csv', { type: 's3', url: 's3://htan-metadata/HTA209/clinical.csv' }],
  ])('check reads %s', (word, source) => {
    const parsed = HtanCheckArgs.safeParse(word.split(' '));

    if (source) expect(parsed.data).toEqual({ source });
    else expect(parsed.success).toBe(false);
  });

  it('check without an argument means the last shared file, and refuses anything else plainly', () => {
    expect(HtanCheckArgs.parse([])).toEqual({ source: undefined });
    expect(problem(HtanCheckArgs, ['s3://bucket'])).toBe(
      '`s3://bucket` is neither a Slack file link (⋮ → Copy link on the file) nor an s3://bucket/key URL.',
    );
    expect(problem(HtanCheckArgs, ['F1', 'F2'])).toBe('Too many arguments.');
  });

  it('checklist and certified take a center as its HTA<n> prefix, in any case', () => {
    expect(HtanChecklistArgs.parse(['hta209'])).toEqual({ center: 'HTA209' });
    expect(HtanCertifiedArgs.parse(['jdoe', 'Hta4'])).toEqual({ user: 'jdoe', center: 'HTA4' });
    expect(HtanCertifiedArgs.parse(['3412345'])).toEqual({ user: '3412345', center: undefined });
    expect(problem(HtanCertifiedArgs, [])).toBe('An argument is missing.');
    expect(problem(HtanCertifiedArgs, ['<@U123>'])).toBe('`&lt;@U123&gt;` is not a Synapse username or user id.');
  });
});
