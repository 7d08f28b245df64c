import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_AREA } from '../../src/sandbox/secure-area.js';
import { SANDBOX_OPERATOR, startStack, type Stack } from '../../src/sandbox/stack.js';
import { finished } from '../support/archive.js';
import { putObjects, s3Of, threadText } from '../support/upload-area.js';
import { waitFor } from '../support/wait.js';

const AREA_BUCKET = 'hca-util-upload-area';
const OTHER_AREA = '0c9b8a7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';

describe('/hca upload-area check', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  it("reports the sandbox area's files and compares its spreadsheet with them, in one thread", async () => {
    stack = await startStack({ withS3: true });

    const reply = await stack.requester.command(`upload-area check s3://${AREA_BUCKET}/${SANDBOX_AREA}`);
    const run = await finished(stack, 1);

    expect(reply.body.text).toMatch(/^Started \*R1\* \(check upload area 5e1f2a3b-/);
    expect(run.status).toBe('succeeded');
    const [root] = stack.slack.rootMessages();
    const thread = threadText(stack, root!);
    expect(thread).toContain(
      `Upload area ${SANDBOX_AREA} (this S3 server has no object tagging, so no name tag): 5 files`,
    );
    expect(thread).toContain('metadata.xlsx declares 5 files: 1 missing from the area, 0 in the area but not declared');
    expect(thread).toContain('cells_I1.fastq.gz');
    expect(thread).toContain('run 2/cells+lane2_R1.fastq.gz: space, plus');
    expect(thread).not.toContain('SANDBOX-DONOR-1');
  });

  it('still reports when S3 refuses the spreadsheet and the name tag, naming what it could not read', async () => {
    stack = await startStack({ withS3: true });
    const proxy = s3Of(stack).proxy;
    proxy.deny({ operation: 'GetObject', bucket: AREA_BUCKET });
    proxy.deny({ operation: 'GetObjectTagging', bucket: AREA_BUCKET });

    await stack.requester.command(`upload-area check ${SANDBOX_AREA}`);
    const run = await finished(stack, 1);

    expect(run.status).toBe('succeeded');
    const thread = threadText(stack, stack.slack.rootMessages()[0]!);
    expect(thread).toContain(`(name tag not read: the bot's AWS identity needs s3:GetObjectTagging): 5 files`);
    expect(thread).toMatch(
      /metadata\.xlsx could not be read: S3 refused GetObject on \S+metadata\.xlsx \(AccessDenied\)/,
    );
  });

  it('is for operators only, and bad input starts nothing', async () => {
    stack = await startStack({ withS3: true });

    const stranger = await stack.requester.command(`upload-area check ${SANDBOX_AREA}`, { user: 'U0STRANGER' });
    const otherBucket = await stack.requester.command(`upload-area check s3://elsewhere/${SANDBOX_AREA}/`);
    const noArea = await stack.requester.command('upload-area check');

    expect(stranger.body.text).toMatch(/Only operators/);
    expect(otherBucket.body.text).toContain('is not in the secure upload area bucket hca-util-upload-area');
    expect(noArea.body.text).toContain('An upload area UUID is missing');
    expect(stack.bot.runs.get(1)).toBeUndefined();
    expect(stack.bot.audit.recent(3).map((a) => a.userId)).toContain(SANDBOX_OPERATOR);
  });

  it('explains an unknown area, an empty one, and AccessDenied, each in one sentence', async () => {
    stack = await startStack({ withS3: true });
    await putObjects(stack, AREA_BUCKET, { [`${OTHER_AREA}/`]: '' });
    const unknown = '11111111-2222-4333-8444-555555555555';

    await stack.requester.command(`upload-area check ${unknown}`);
    const first = await finished(stack, 1);
    await stack.requester.command(`upload-area check ${OTHER_AREA}`);
    await finished(stack, 2);
    s3Of(stack).proxy.deny({ operation: 'ListObjectsV2', bucket: AREA_BUCKET });
    await stack.requester.command(`upload-area check ${SANDBOX_AREA}`);
    const denied = await finished(stack, 3);

    expect(first.status).toBe('failed');
    expect(first.lastError).toBe(
      `There is no upload area ${unknown}: nothing is stored under s3://${AREA_BUCKET}/${unknown}/. Check the UUID with \`hca-util list\`.`,
    );
    const [, emptyRoot] = stack.slack.rootMessages();
    await waitFor('the empty-area sentence', () =>
      threadText(stack, emptyRoot!).includes('is empty: the contributor has not uploaded any file yet.'),
    );
    expect(denied.status).toBe('failed');
    expect(denied.lastError).toBe(
      `S3 refused ListObjectsV2 on s3://${AREA_BUCKET}/${SANDBOX_AREA}/ (AccessDenied): the bot's AWS identity needs s3:ListBucket on ${AREA_BUCKET}.`,
    );
  });
});
