import { describe, expect, it } from 'vitest';
import { uuidArg, uuidsIn } from '../../src/commands/args.js';

const UUID = '3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69';
const OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('UUIDs in what was pasted', () => {
  it.each([
    ['a bare UUID', UUID],
    ['upper case', UUID.toUpperCase()],
    ['braces', `{${UUID}}`],
    ['angle brackets as Slack escapes them', `&lt;${UUID}&gt;`],
    ['angle brackets', `<${UUID}>`],
    ['a portal URL', `https://data.humancellatlas.org/explore/projects/${UUID}`],
    ['an ingest submission URL', `https://contribute.data.humancellatlas.org/submissions/detail?uuid=${UUID}&tab=data`],
    [
      'an ingest API URL',
      `https://api.ingest.archive.data.humancellatlas.org/submissionEnvelopes/search/findByUuidUuid?uuid=${UUID}`,
    ],
    ['percent-encoded braces', `%7B${UUID.toUpperCase()}%7D`],
    ['a Slack link whose label repeats it', `<https://data.humancellatlas.org/explore/projects/${UUID}|${UUID}>`],
  ])('takes the one UUID from %s', (_what, text) => {
    expect(uuidsIn(text)).toEqual([UUID]);
    expect(uuidArg('project', 'anywhere').parse(text)).toBe(UUID);
  });

  it('refuses text with two different UUIDs, saying which kind to paste', () => {
    const result = uuidArg('ingest submission', 'the ingest UI').safeParse(`https://x.org/${UUID}/y/${OTHER}`);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      `\`https://x.org/${UUID}/y/${OTHER}\` holds 2 different UUIDs; paste only the ingest submission UUID.`,
    );
  });

  it('refuses text without a whole UUID, saying where to find one', () => {
    for (const text of ['not-a-uuid', UUID.slice(0, 35), `${UUID}0`, `a${UUID}`.replace('3f1c', 'zf1c')]) {
      const result = uuidArg('project', 'its portal URL').safeParse(text);
      expect(result.error?.issues[0]?.message).toBe(
        `\`${text}\` is not a valid project UUID (8-4-4-4-12 hexadecimal; its portal URL).`,
      );
    }
  });
});
