import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import type { S3CallMatch, S3Fault, S3FaultProxy, S3Operation } from '../../src/sandbox/s3-fault-proxy.js';
import { SANDBOX_AREA, SANDBOX_AREA_FILES, SANDBOX_SUBMISSION } from '../../src/sandbox/secure-area.js';
import { SlackRequester } from '../../src/sandbox/slack-requests.js';
import { FAST_TIMINGS, SANDBOX_SIGNING_SECRET, startStandIns, type StandIns } from '../../src/sandbox/stack.js';
import { UPLOAD_AREA_ACTIONS } from '../../src/workflows/upload-area/questions.js';
import { messageWithButton } from '../support/archive.js';
import { crash, startBotProcess } from '../support/bot-process.js';
import { ingestBucket } from '../support/upload-area.js';
import { waitFor } from '../support/wait.js';

describe('a sync whose bot is killed mid-copy', () => {
  let standIns: StandIns | undefined;
  let scratch: string | undefined;
  let child: ChildProcess | undefined;
  let bot: RunningBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    if (child && child.exitCode === null && child.signalCode === null) await crash(child);
    await standIns?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /**
   * Starts a sync on dev in a bot process, with `fault` on the calls `match` selects, approves it, and kills the
   * process once `killWhen` holds.
   */
  async function syncAndKill(
    match: S3CallMatch,
    fault: S3Fault,
    killWhen: (proxy: S3FaultProxy) => Promise<boolean> | boolean,
  ) {
    standIns = await startStandIns({ withS3: true });
    const proxy = standIns.s3!.proxy;
    proxy.failNext(match, fault);
    scratch = mkdtempSync(join(tmpdir(), 'hca-sync-crash-'));
    const env = {
      ...standIns.env,
      DATABASE_PATH: join(scratch, 'bot.sqlite'),
      ARCHIVER_POLL_INTERVAL_MS: '40',
      SYNC_CONCURRENCY: '1',
    };
    await liveUntil(env, killWhen, async (requester) => {
      await requester.command(`upload-area sync ${SANDBOX_AREA} ${SANDBOX_SUBMISSION} dev`);
      const request = await messageWithButton(standIns!, UPLOAD_AREA_ACTIONS.approveSync);
      await requester.click(request, UPLOAD_AREA_ACTIONS.approveSync);
    });
    return env;
  }

  /** Runs the bot in a process on `env`'s database, lets `act` drive it, and kills it once `killWhen` holds. */
  async function liveUntil(
    env: Record<string, string>,
    killWhen: (proxy: S3FaultProxy) => Promise<boolean> | boolean,
    act: (requester: SlackRequester) => Promise<void> = async () => undefined,
  ) {
    const spawned = startBotProcess(env);
    child = spawned.child;
    await act(
      new SlackRequester({
        eventsUrl: `http://127.0.0.1:${await spawned.port}/slack/events`,
        signingSecret: SANDBOX_SIGNING_SECRET,
        slack: standIns!.slack,
      }),
    );
    await waitFor('the moment to kill the bot', () => killWhen(standIns!.s3!.proxy), 20_000);
    await crash(spawned.child);
  }

  /** A new bot on the same database finishes the run; what it asked S3 is counted from here on. */
  async function resume(env: Record<string, string>) {
    const s3 = standIns!.s3!;
    s3.proxy.reset();
    bot = await startBot(loadConfig(env), { timings: FAST_TIMINGS, logSink: () => undefined });
    const run = await waitFor(
      'the run to finish',
      () => {
        const r = bot!.runs.get(1);
        return r?.finishedAt ? r : undefined;
      },
      20_000,
    );
    const count = (operation: S3Operation) => s3.proxy.count(operation);
    return { run, count, copied: s3.proxy.calls.filter((c) => c.operation === 'CopyObject').map((c) => c.key) };
  }

  async function destinationSize(name: string): Promise<number | undefined> {
    const client = standIns!.s3!.client;
    return client
      .send(new HeadObjectCommand({ Bucket: ingestBucket('dev'), Key: `${SANDBOX_SUBMISSION}/${name}` }))
      .then(
        (head) => head.ContentLength,
        () => undefined,
      );
  }

  it('after some objects: the resumed run copies only the rest, and finds the copy whose answer was lost at the destination', async () => {
    const env = await syncAndKill(
      { operation: 'CopyObject', keyPrefix: `${SANDBOX_SUBMISSION}/cells_R2` },
      'lose-answer',
      async () => (await destinationSize('cells_R2.fastq.gz')) !== undefined,
    );
    const copiedBeforeCrash = await Promise.all(Object.keys(SANDBOX_AREA_FILES).map(destinationSize));

    const { run, count, copied } = await resume(env);

    expect(copiedBeforeCrash.map((size) => size !== undefined)).toEqual([true, true, false, true]);
    expect(run.status).toBe('succeeded');
    expect(copied).toEqual([`${SANDBOX_SUBMISSION}/run 2/cells+lane2_R1.fastq.gz`]);
    expect(count('UploadPartCopy')).toBe(0);
    expect(JSON.stringify(standIns!.slack.messages)).toContain('verified: 4 files');
  });

  it('after two crashes in a row: no object is copied twice, and each lost answer is found at the destination', async () => {
    const env = await syncAndKill(
      { operation: 'CopyObject', keyPrefix: `${SANDBOX_SUBMISSION}/cells_R2` },
      'lose-answer',
      async () => (await destinationSize('cells_R2.fastq.gz')) !== undefined,
    );
    const proxy = standIns!.s3!.proxy;
    proxy.reset();
    proxy.failNext({ operation: 'CopyObject', keyPrefix: `${SANDBOX_SUBMISSION}/run 2/` }, 'lose-answer');
    await liveUntil(env, async () => (await destinationSize('run 2/cells+lane2_R1.fastq.gz')) !== undefined);
    const secondLife = proxy.calls.filter((c) => c.operation === 'CopyObject').map((c) => c.key);

    const { run, copied, count } = await resume(env);

    expect(secondLife).toEqual([`${SANDBOX_SUBMISSION}/run 2/cells+lane2_R1.fastq.gz`]);
    expect(copied).toEqual([]);
    expect(count('UploadPartCopy')).toBe(0);
    expect(run.status).toBe('succeeded');
    expect(JSON.stringify(standIns!.slack.messages)).toContain('verified: 4 files');
  });

  it('inside a multipart copy: the unfinished upload is looked for and the object is copied whole again', async () => {
    const env = await syncAndKill(
      { operation: 'CompleteMultipartUpload' },
      'hang',
      (proxy) => proxy.count('CompleteMultipartUpload') === 1,
    );

    const { run, count } = await resume(env);

    expect(run.status).toBe('succeeded');
    expect(count('ListMultipartUploads')).toBe(1);
    expect([count('CreateMultipartUpload'), count('UploadPartCopy'), count('CompleteMultipartUpload')]).toEqual([
      1, 2, 1,
    ]);
    const object = await standIns!.s3!.client.send(
      new GetObjectCommand({ Bucket: ingestBucket('dev'), Key: `${SANDBOX_SUBMISSION}/aligned/cells.bam` }),
    );
    expect((await object.Body!.transformToByteArray()).length).toBe(SANDBOX_AREA_FILES['aligned/cells.bam']!.bytes);
  });
});
