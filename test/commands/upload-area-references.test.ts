import { describe, expect, it } from 'vitest';
import { parseAreaReference, parseSubmissionReference } from '../../src/commands/upload-area-references.js';

const AREA = '4f9d3a1c-8b2e-4c55-9a0f-1e2d3c4b5a69';
const SUBMISSION = '0b7e7f7c-2d1a-4e8b-b6a5-9c8d7e6f5a4b';
const BUCKETS = {
  dev: 'org-hca-data-archive-upload-dev',
  staging: 'org-hca-data-archive-upload-staging',
  prod: 'org-hca-data-archive-upload-prod',
};

describe('parseAreaReference', () => {
  it.each([
    AREA,
    `${AREA}/`,
    AREA.toUpperCase(),
    `s3://hca-util-upload-area/${AREA}`,
    `s3://hca-util-upload-area/${AREA}/`,
    `<s3://hca-util-upload-area/${AREA}/>`,
    `{${AREA}}`,
    `  ${AREA}  `,
    `https://contribute.data.humancellatlas.org/upload-areas/${AREA}`,
  ])('takes %s', (text) => {
    expect(parseAreaReference(text, 'hca-util-upload-area')).toEqual({ ok: true, value: AREA });
  });

  it('refuses an area in another bucket', () => {
    expect(parseAreaReference(`s3://other-bucket/${AREA}/`, 'hca-util-upload-area')).toEqual({
      ok: false,
      message: `\`s3://other-bucket/${AREA}/\` is not in the secure upload area bucket hca-util-upload-area: give the area's UUID.`,
    });
  });

  it.each(['not-a-uuid', `s3://hca-util-upload-area/${AREA}/sub/`, `s3://hca-util-upload-area/x${AREA}/`, ''])(
    'refuses %j, saying what to give',
    (text) => {
      const parsed = parseAreaReference(text, 'hca-util-upload-area');

      expect(parsed).toEqual({
        ok: false,
        message: `\`${text}\` is not an upload area: give the area's UUID (8-4-4-4-12 hexadecimal, as \`hca-util list\` shows it) or s3://hca-util-upload-area/<area-uuid>/.`,
      });
    },
  );
});

describe('parseSubmissionReference', () => {
  it.each([
    SUBMISSION,
    `s3://org-hca-data-archive-upload-prod/${SUBMISSION}`,
    `s3://org-hca-data-archive-upload-prod/${SUBMISSION}/`,
    `https://contribute.data.humancellatlas.org/submissions/detail?uuid=${SUBMISSION}&project=`,
  ])('takes %s for prod, with or without the trailing slash the SOP leaves out', (text) => {
    expect(parseSubmissionReference(text, 'prod', BUCKETS)).toEqual({ ok: true, value: SUBMISSION });
  });

  it("refuses another environment's bucket, naming it", () => {
    expect(
      parseSubmissionReference(`s3://org-hca-data-archive-upload-prod/${SUBMISSION}/`, 'staging', BUCKETS),
    ).toEqual({
      ok: false,
      message:
        "org-hca-data-archive-upload-prod is the prod upload bucket, not staging's (org-hca-data-archive-upload-staging); name the environment you mean.",
    });
  });

  it('refuses a bucket that is no upload bucket, and text that holds no UUID', () => {
    const other = parseSubmissionReference(`s3://somewhere/${SUBMISSION}/`, 'dev', BUCKETS);
    const garbage = parseSubmissionReference('submission-42', 'dev', BUCKETS);

    expect(other).toEqual({
      ok: false,
      message:
        '`somewhere` is not the dev upload bucket: give the submission UUID or s3://org-hca-data-archive-upload-dev/<submission-uuid>/.',
    });
    expect(garbage.ok).toBe(false);
  });
});
