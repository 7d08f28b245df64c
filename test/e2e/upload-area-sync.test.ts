import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/clock.js';
import { SANDBOX_AREA, SANDBOX_AREA_FILES, SANDBOX_SUBMISSION } from '../../src/sandbox/secure-area.js';
import { SANDBOX_APPROVER, SANDBOX_OPERATOR, type Stack } from '../../src/sandbox/stack.js';
import { INTERNAL_ERROR, SLOW_DOWN } from '../../src/sandbox/s3-fault-proxy.js';
import { CANCEL_ACTION } from '../../src/workflows/engine/status-message.js';
import { UPLOAD_AREA_ACTIONS } from '../../src/workflows/upload-area/questions.js';
import { answerTo, atStep, finished, messageWithButton, runWhen } from '../support/archive.js';
import {
  approveSync,
  AREA_BUCKET,
  ingestBucket,
  putObjects,
  s3Of,
  startUploadAreaStack,
  threadText,
} from '../support/upload-area.js';
import { waitFor } from '../support/wait.js';

const SYNC = `upload-area sync ${SANDBOX_AREA} ${SANDBOX_SUBMISSION}`;
const DATA_FILES = Object.keys(SANDBOX_AREA_FILES);

async function destinationObject(stack: Stack, env: string, name: string) {
  const client = s3Of(stack).client;
  const key = `${SANDBOX_SUBMISSION}/${name}`;
  const head = await client.send(new HeadObjectCommand({ Bucket: ingestBucket(env), Key: key }));
  const object = await client.send(new GetObjectCommand({ Bucket: ingestBucket(env), Key: key }));
  return { contentType: head.ContentType, bytes: (await object.Body!.transformToByteArray()).length };
}

describe('/hca upload-area sync', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  it('copies small and multipart objects server-side on dev after approval, keeping Content-Type and nested paths, then verifies, notifies and awaits checksums', async () => {
    stack = await startUploadAreaStack();
    const proxy = s3Of(stack).proxy;

    const reply = await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    const run = await finished(stack, 1);

    expect(reply.body.text).toMatch(/^Started \*R1\* \(sync upload area 5e1f2a3b-.* to 7a8b9c0d-/);
    expect(run.status).toBe('succeeded');
    for (const [name, { bytes, contentType }] of Object.entries(SANDBOX_AREA_FILES)) {
      expect(await destinationObject(stack, 'dev', name)).toEqual({ contentType, bytes });
    }
    await expect(destinationObject(stack, 'dev', 'metadata.xlsx')).rejects.toThrow();
    expect(proxy.count('CopyObject')).toBe(3);
    expect(proxy.count('UploadPartCopy')).toBe(2);
    expect(proxy.count('GetObject')).toBe(0);
    expect(stack.uploadServices.dev.notified.map((n) => n.name).sort()).toEqual([...DATA_FILES].sort());
    const [root] = stack.slack.rootMessages();
    const thread = threadText(stack, root!);
    expect(thread).toContain('Sync on dev: copy 4 files, 10.0 MB');
    expect(thread).toContain('Spreadsheets left out (1); --include-spreadsheets copies them');
    expect(thread).toContain('Copied in parts (1)');
    expect(thread).toContain('verified: 4 files, 10.0 MB');
    expect(thread).toContain('The upload service has checksummed all 4 files.');
    await waitFor('the status message to say verified', () =>
      JSON.stringify(root!.blocks).includes('verified: 4 files'),
    );
  });

  it('copies nothing again on a re-run: every object is already there (the copy calls are counted)', async () => {
    stack = await startUploadAreaStack();
    const proxy = s3Of(stack).proxy;
    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    await finished(stack, 1);
    const copies = [proxy.count('CopyObject'), proxy.count('UploadPartCopy'), proxy.count('CreateMultipartUpload')];

    await stack.requester.command(`${SYNC} dev`);
    const rerun = await finished(stack, 2);

    expect(rerun.status).toBe('succeeded');
    expect([proxy.count('CopyObject'), proxy.count('UploadPartCopy'), proxy.count('CreateMultipartUpload')]).toEqual(
      copies,
    );
    const [, root] = stack.slack.rootMessages();
    const thread = threadText(stack, root!);
    expect(thread).toContain('Nothing to copy: all 4 files are already at the destination; 1 spreadsheet left out.');
    expect(thread).toContain('verified: 4 files');
    expect(thread).not.toContain(UPLOAD_AREA_ACTIONS.approveSync);
  });

  it('copies a corrected re-upload of the same size again, and only that file', async () => {
    stack = await startUploadAreaStack();
    const proxy = s3Of(stack).proxy;
    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    await finished(stack, 1);
    const before = proxy.count('CopyObject');
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await s3Of(stack).client.send(
      new PutObjectCommand({
        Bucket: AREA_BUCKET,
        Key: `${SANDBOX_AREA}/cells_R1.fastq.gz`,
        Body: Buffer.alloc(SANDBOX_AREA_FILES['cells_R1.fastq.gz']!.bytes, 7),
      }),
    );

    await stack.requester.command(`${SYNC} dev`);
    await atStep(stack, 2, 'approval');
    await approveSync(stack);
    const rerun = await finished(stack, 2);

    expect(rerun.status).toBe('succeeded');
    expect(proxy.count('CopyObject') - before).toBe(1);
    const [, root] = stack.slack.rootMessages();
    expect(threadText(stack, root!)).toContain('At the destination but different, copied again (1)');
  });

  it('refuses before any approval when the destination bucket does not exist', async () => {
    stack = await startUploadAreaStack({ env: { INGEST_UPLOAD_BUCKET_DEV: 'org-hca-data-archive-upload-missing' } });
    const proxy = s3Of(stack).proxy;

    await stack.requester.command(
      `upload-area sync ${SANDBOX_AREA} s3://org-hca-data-archive-upload-missing/${SANDBOX_SUBMISSION} dev`,
    );
    const run = await finished(stack, 1);

    expect(run.status).toBe('failed');
    expect(run.lastError).toBe(
      'The destination bucket org-hca-data-archive-upload-missing does not exist (NoSuchBucket), so nothing was planned or copied. Check the environment, or the ingest upload bucket the bot is configured with.',
    );
    expect(proxy.calls.map((c) => c.operation)).toEqual(['HeadBucket']);
    expect(JSON.stringify(stack.slack.messages)).not.toContain(UPLOAD_AREA_ACTIONS.approveSync);
  });

  it('names AccessDenied in the thread and fails; after the permission is fixed, /hca retry copies the rest', async () => {
    stack = await startUploadAreaStack();
    const proxy = s3Of(stack).proxy;
    proxy.deny({ operation: 'CopyObject', bucket: ingestBucket('dev'), keyPrefix: `${SANDBOX_SUBMISSION}/cells_R2` });

    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    const failed = await finished(stack, 1);
    proxy.reset();
    await stack.requester.command('retry R1');
    const retried = await runWhen(stack, 1, 'R1 to succeed', (r) => r.status === 'succeeded');

    expect(failed.status).toBe('failed');
    expect(failed.lastError).toBe(
      `S3 refused CopyObject on s3://${ingestBucket('dev')}/${SANDBOX_SUBMISSION}/cells_R2.fastq.gz (AccessDenied): the bot's AWS identity needs s3:GetObject on s3://${AREA_BUCKET}/${SANDBOX_AREA}/cells_R2.fastq.gz and s3:PutObject on the destination.`,
    );
    const [root] = stack.slack.rootMessages();
    expect(threadText(stack, root!)).toContain('(AccessDenied)');
    expect(retried.status).toBe('succeeded');
    expect(proxy.calls.filter((c) => c.operation === 'CopyObject').map((c) => c.key)).toEqual([
      `${SANDBOX_SUBMISSION}/cells_R2.fastq.gz`,
    ]);
    expect((await destinationObject(stack, 'dev', 'cells_R2.fastq.gz')).bytes).toBe(1300);
  });

  it("escapes a contributor's file name wherever the thread, the status message or a reply shows it", async () => {
    stack = await startUploadAreaStack();
    const proxy = s3Of(stack).proxy;
    const name = '<!channel> <@U0EVIL> R3.fastq.gz';
    await putObjects(stack, AREA_BUCKET, { [`${SANDBOX_AREA}/${name}`]: 'reads' });
    proxy.deny({ operation: 'CopyObject', bucket: ingestBucket('dev'), keyPrefix: `${SANDBOX_SUBMISSION}/<!channel>` });

    await stack.requester.command(`upload-area check ${SANDBOX_AREA}`);
    await finished(stack, 1);
    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    const failed = await finished(stack, 2);

    expect(failed.status).toBe('failed');
    expect(failed.lastError).toContain(name);
    const shown = stack.slack.messages.map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`).join('\n');
    expect(shown).toContain('&lt;!channel&gt; &lt;@U0EVIL&gt; R3.fastq.gz');
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toContain('<@U0EVIL>');
  });

  it('backs off when S3 says SlowDown, names it in the thread, and carries on', async () => {
    stack = await startUploadAreaStack();
    const proxy = s3Of(stack).proxy;
    proxy.failNext({ operation: 'CopyObject', keyPrefix: `${SANDBOX_SUBMISSION}/cells_R1` }, SLOW_DOWN, 2);

    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    const run = await finished(stack, 1);

    expect(run.status).toBe('succeeded');
    const [root] = stack.slack.rootMessages();
    const thread = threadText(stack, root!);
    expect(thread).toMatch(/Paused the copy: S3 asked the bot to slow down on CopyObject of s3:\/\/\S+ \(SlowDown\)\./);
    expect(thread.match(/Paused the copy/g)).toHaveLength(1);
    expect(thread).toContain('verified: 4 files');
  });

  it('lists files whose notify failed after its retries, fails, and /hca retry notifies them again', async () => {
    stack = await startUploadAreaStack();
    stack.uploadServices.dev.notifyFault = 'html-500';

    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    const failed = await finished(stack, 1);
    stack.uploadServices.dev.notifyFault = undefined;
    await stack.requester.command('retry R1');
    const retried = await runWhen(stack, 1, 'R1 to succeed', (r) => r.status === 'succeeded');

    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(
      /^The upload service could not be told about 4 copied files \(last answer: The upload service at 127\.0\.0\.1:\d+ answered HTTP 500 with an HTML error page\.\); `\/hca retry` notifies them again\.$/,
    );
    expect(retried.status).toBe('succeeded');
    expect(stack.uploadServices.dev.notified).toHaveLength(4);
  });

  it('keeps files whose notify failed on its list when the run plans again, and notifies them after the retry', async () => {
    stack = await startUploadAreaStack();
    stack.uploadServices.dev.notifyFault = 'html-500';
    s3Of(stack).proxy.failNext(
      { operation: 'CopyObject', keyPrefix: `${SANDBOX_SUBMISSION}/cells_R2` },
      'pretend-success',
    );

    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    const failed = await finished(stack, 1);
    stack.uploadServices.dev.notifyFault = undefined;
    await stack.requester.command('retry R1');
    await runWhen(stack, 1, 'the second approval request', (r) => r.state.asked === 2);
    await approveSync(stack);
    const retried = await runWhen(stack, 1, 'R1 to succeed', (r) => r.status === 'succeeded');

    expect(failed.lastError).toBe('not verified: of 4 files, 1 missing at the destination and 0 of the wrong size.');
    expect(retried.status).toBe('succeeded');
    expect(stack.uploadServices.dev.notified.map((n) => n.name).sort()).toEqual([...DATA_FILES].sort());
    const [root] = stack.slack.rootMessages();
    expect(threadText(stack, root!)).toContain('asks to copy 1 file (1.3 kB)');
  });

  it('verifies against the area as it is at the end: a file added after the plan is named, and the retry copies it', async () => {
    stack = await startUploadAreaStack();
    stack.uploadServices.dev.notifyFault = 'html-500';

    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    await runWhen(stack, 1, 'the notify wait', (r) => r.step === 'notify' && r.status === 'waiting');
    await putObjects(stack, AREA_BUCKET, { [`${SANDBOX_AREA}/late_R3.fastq.gz`]: 'late reads' });
    stack.uploadServices.dev.notifyFault = undefined;
    stack.bot.runner.kick();
    const failed = await finished(stack, 1);
    await stack.requester.command('retry R1');
    await runWhen(stack, 1, 'the second approval request', (r) => r.state.asked === 2);
    await approveSync(stack);
    const retried = await runWhen(stack, 1, 'R1 to succeed', (r) => r.status === 'succeeded');

    expect(failed.lastError).toBe('not verified: of 5 files, 1 missing at the destination and 0 of the wrong size.');
    const [root] = stack.slack.rootMessages();
    expect(threadText(stack, root!)).toContain('late_R3.fastq.gz');
    expect(retried.status).toBe('succeeded');
    expect((await destinationObject(stack, 'dev', 'late_R3.fastq.gz')).bytes).toBe(10);
  });

  it('shows the bytes of a multipart copy in the status message as its parts land', async () => {
    stack = await startUploadAreaStack();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    s3Of(stack).proxy.failNext({ operation: 'UploadPartCopy' }, { until: held });

    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    const root = stack.slack.rootMessages()[0]!;
    const shown = await waitFor('the status message to show a part of the large object copied', () =>
      /Copying: 3 of 4 files, 5\.0 MB of 10\.0 MB/.exec(JSON.stringify(root.blocks)),
    );
    release();
    const run = await finished(stack, 1);

    expect(shown).not.toBeNull();
    expect(run.status).toBe('succeeded');
    expect(stack.bot.runs.get(1)?.state.files).not.toContainEqual(
      expect.objectContaining({ partBytes: expect.anything() }),
    );
  });

  it('keeps the other slots copying while a large copy started in time outlasts the step', async () => {
    const clock = new OffsetClock();
    stack = await startUploadAreaStack({ clock, env: { SYNC_CONCURRENCY: '2' } });
    const proxy = s3Of(stack).proxy;
    let releaseLarge = () => {};
    let releaseSmall = () => {};
    proxy.failNext(
      { operation: 'UploadPartCopy' },
      { until: new Promise<void>((resolve) => (releaseLarge = resolve)) },
      2,
    );
    proxy.failNext({ operation: 'CopyObject' }, { until: new Promise<void>((resolve) => (releaseSmall = resolve)) });

    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    await waitFor('both slots busy', () => proxy.count('UploadPartCopy') > 0 && proxy.count('CopyObject') === 1);
    clock.advance(60_000);
    releaseSmall();
    await waitFor('the other small files copied beside the large one', () => proxy.count('CopyObject') === 3);
    const during = stack.bot.runs.get(1)!;
    releaseLarge();
    const run = await finished(stack, 1);

    expect(during.step).toBe('copy');
    expect(proxy.count('CompleteMultipartUpload')).toBe(1);
    expect(run.status).toBe('succeeded');
  });

  it('cancel mid-sync aborts the multipart upload in flight and starts no other object', async () => {
    stack = await startUploadAreaStack({ env: { SYNC_CONCURRENCY: '1' } });
    const proxy = s3Of(stack).proxy;
    proxy.failNext({ operation: 'UploadPartCopy' }, 'hang', 10);

    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    await waitFor('a part copy in flight', () => proxy.count('UploadPartCopy') > 0);
    const root = stack.slack.rootMessages()[0]!;
    await stack.requester.click(root, CANCEL_ACTION);
    await waitFor('the multipart upload to be aborted', () => proxy.count('AbortMultipartUpload') === 1);
    await stack.bot.runner.runDue();

    expect(stack.bot.runs.get(1)?.status).toBe('cancelled');
    expect(proxy.count('CompleteMultipartUpload')).toBe(0);
    expect(proxy.count('CopyObject')).toBe(0);
  });

  it('asks four eyes on prod: the requester may not approve, an approver may', async () => {
    stack = await startUploadAreaStack();

    await stack.requester.command(`${SYNC} prod`);
    const request = await messageWithButton(stack, UPLOAD_AREA_ACTIONS.approveSync);
    const byRequester = await stack.requester.click(request, UPLOAD_AREA_ACTIONS.approveSync, {
      user: SANDBOX_OPERATOR,
    });
    const waiting = await atStep(stack, 1, 'approval');
    await approveSync(stack, SANDBOX_APPROVER);
    const run = await finished(stack, 1);

    expect(request.text).toContain(`<@${SANDBOX_APPROVER}>`);
    expect((await answerTo(stack, byRequester.responseUrl)).body.text).toMatch(
      /On prod only an approver other than the requester <@U0OPERATOR> may do this/,
    );
    expect(waiting.status).toBe('awaiting_approval');
    expect(run.status).toBe('succeeded');
    expect(run.state.approvedBy).toBe(SANDBOX_APPROVER);
  });

  it('re-plans when a source object disappears after approval (NoSuchKey), naming it; what is left is there already', async () => {
    stack = await startUploadAreaStack();
    await stack.requester.command(`${SYNC} dev`);
    await atStep(stack, 1, 'approval');
    await s3Of(stack).client.send(
      new DeleteObjectCommand({ Bucket: AREA_BUCKET, Key: `${SANDBOX_AREA}/cells_R2.fastq.gz` }),
    );

    await approveSync(stack);
    const run = await finished(stack, 1);

    expect(run.status).toBe('succeeded');
    const [root] = stack.slack.rootMessages();
    const thread = threadText(stack, root!);
    expect(thread).toContain(
      'failed: the object does not exist (NoSuchKey). The area changed since the plan was approved',
    );
    expect(thread).toContain('verified: 3 files');
  });

  it('names a 500 from S3 in the thread and tries again later', async () => {
    stack = await startUploadAreaStack();
    s3Of(stack).proxy.failNext(
      { operation: 'CopyObject', keyPrefix: `${SANDBOX_SUBMISSION}/cells_R1` },
      INTERNAL_ERROR,
      2,
    );

    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    const run = await finished(stack, 1);

    expect(run.status).toBe('succeeded');
    const [root] = stack.slack.rootMessages();
    expect(threadText(stack, root!)).toMatch(
      /Paused the copy: S3 answered 500 \(InternalError\) to CopyObject on s3:\/\/\S+cells_R1\.fastq\.gz\./,
    );
  });

  it('never says done when a copy that reported success left nothing at the destination', async () => {
    stack = await startUploadAreaStack();
    s3Of(stack).proxy.failNext(
      { operation: 'CopyObject', keyPrefix: `${SANDBOX_SUBMISSION}/cells_R2` },
      'pretend-success',
    );

    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    const run = await finished(stack, 1);

    expect(run.status).toBe('failed');
    expect(run.lastError).toBe('not verified: of 4 files, 1 missing at the destination and 0 of the wrong size.');
    const [root] = stack.slack.rootMessages();
    expect(threadText(stack, root!)).toContain('Missing at the destination (1)');
  });

  it('checks the submission in ingest when INGEST_API_TOKEN is set: its upload area must be the destination', async () => {
    stack = await startUploadAreaStack({ withIngestToken: true });
    const unknown = '99999999-1e2f-4a3b-8c4d-5e6f7a8b9c0d';

    await stack.requester.command(`upload-area sync ${SANDBOX_AREA} ${unknown} dev`);
    const refused = await finished(stack, 1);
    await stack.requester.command(`${SYNC} dev`);
    await approveSync(stack);
    const run = await finished(stack, 2);

    expect(refused.status).toBe('failed');
    expect(refused.lastError).toMatch(/has no submission with UUID 99999999-/);
    expect(run.status).toBe('succeeded');
    expect(JSON.stringify(stack.slack.messages)).not.toContain('was not checked in ingest');
  });
});
