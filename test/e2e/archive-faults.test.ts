import { afterEach, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/clock.js';
import { ENVIRONMENTS } from '../../src/environments.js';
import {
  SANDBOX_APPROVER,
  SANDBOX_AWS_SECRET,
  SANDBOX_OPERATOR,
  sandboxArchiverKey,
  type Stack,
} from '../../src/sandbox/stack.js';
import { ARCHIVE_ACTIONS } from '../../src/workflows/archive/questions.js';
import {
  answerTo,
  atStep,
  dspOf,
  finished,
  messageWithButton,
  posts,
  runWhen,
  startArchiveStack,
  SUBMISSION,
  unchangedEdits,
} from '../support/archive.js';
import { expectSecretsKept } from '../support/secrets.js';
import { waitFor } from '../support/wait.js';

const FAST_FAULTS = { env: { HTTP_TIMEOUT_MS: '1000' } };
const HOUR_MS = 3_600_000;

describe('/hca archive: bad input, faults and crashes', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  /** Drives a run from wait-files to the end: files uploaded, the approval clicked by `approver`. */
  async function finishFromWaitFiles(approver = SANDBOX_OPERATOR, env: 'dev' | 'prod' = 'dev') {
    const waiting = await atStep(stack, 1, 'wait-files');
    stack.archivers[env].uploadFiles(dspOf(waiting));
    const approval = await messageWithButton(stack, ARCHIVE_ACTIONS.complete);
    await stack.requester.click(approval, ARCHIVE_ACTIONS.complete, { user: approver });
    return finished(stack, 1);
  }

  it.each([
    ['archive', /An argument is missing/],
    [`archive ${SUBMISSION}`, /Name the environment \(dev, staging or prod\): archiving cannot be undone/],
    [`archive ${SUBMISSION} --no-runs`, /Name the environment/],
    [
      'archive not-a-uuid dev',
      /`not-a-uuid` is not a valid ingest submission UUID \(8-4-4-4-12 hexadecimal; copy it from the submission’s page in the ingest UI\)/,
    ],
    [`archive ${SUBMISSION} qa`, /`qa` is not an environment: use dev, staging or prod\./],
    [`archive ${SUBMISSION} dev extra`, /Too many arguments/],
  ])('refuses %j with a usage message and creates nothing', async (text, expected) => {
    stack = await startArchiveStack();

    const reply = await stack.requester.command(text);

    expect(reply.body.text).toMatch(expected);
    expect(reply.body.text).toContain('Usage: `/hca archive <submission-uuid> <dev|staging|prod> [--no-runs]`');
    expect(stack.bot.runs.active()).toEqual([]);
  });

  it('refuses non-operators', async () => {
    stack = await startArchiveStack();

    const reply = await stack.requester.command(`archive ${SUBMISSION} dev`, { user: 'U0VISITOR' });

    expect(reply.body.text).toBe('Only operators may run `/hca archive`.');
    expect(stack.bot.runs.active()).toEqual([]);
  });

  it('links a second request for the same submission and environment to the running one', async () => {
    stack = await startArchiveStack();
    await stack.requester.command(`archive ${SUBMISSION} dev`);

    const again = await stack.requester.command(`archive ${SUBMISSION.toUpperCase()} dev`);

    expect(again.body.text).toMatch(/^\*R1\* \(archive .*\) is already running/);
    await atStep(stack, 1, 'wait-files');
    expect(posts(stack, 'dev', 'create')).toBe(1);
  });

  it('refuses, naming the state, when ingest says the submission is not in Archiving', async () => {
    stack = await startArchiveStack({ withIngestToken: true });
    stack.ingests.dev.addSubmission(SUBMISSION, 'Graph valid');

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const run = await finished(stack, 1);

    expect(run.status).toBe('failed');
    expect(run.lastError).toMatch(/is in state "Graph valid"; archiving needs it in "Archiving"/);
    expect(stack.archivers.dev.requests.filter((r) => r.route)).toEqual([]);
  });

  it('says the ingest token expired or lacks authority on an ingest 401', async () => {
    stack = await startArchiveStack({ withIngestToken: true });
    stack.ingests.dev.addSubmission(SUBMISSION);
    stack.ingests.dev.token = 'a-newer-token';

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const run = await finished(stack, 1);

    expect(run.lastError).toMatch(/refused the bot's ingest API token/);
    expect(run.lastError).toMatch(/expired|authority/);
  });

  it('follows ingest to Archived when it has a token', async () => {
    stack = await startArchiveStack({ withIngestToken: true });
    stack.ingests.dev.addSubmission(SUBMISSION);

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const run = await finishFromWaitFiles();

    expect(run.status).toBe('succeeded');
    expect(stack.ingests.dev.submissions.get(SUBMISSION)).toBe('Archived');
  });

  it('asks before using or duplicating an existing DSP submission, and uses it when told', async () => {
    stack = await startArchiveStack();
    const older = stack.archivers.dev.seedRecord(SUBMISSION);

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const question = await messageWithButton(stack, ARCHIVE_ACTIONS.useExisting);
    await stack.requester.click(question, ARCHIVE_ACTIONS.useExisting);
    const waiting = await atStep(stack, 1, 'wait-files');

    expect(question.text).toContain(older.dspUuid!);
    expect(dspOf(waiting)).toBe(older.dspUuid);
    expect(posts(stack, 'dev', 'create')).toBe(0);
  });

  it('creates a second DSP submission on prod only with an approver who is not the requester', async () => {
    stack = await startArchiveStack();
    const older = stack.archivers.prod.seedRecord(SUBMISSION);
    await stack.requester.command(`archive ${SUBMISSION} prod`);
    const question = await messageWithButton(stack, ARCHIVE_ACTIONS.createNew);

    const byRequester = await stack.requester.click(question, ARCHIVE_ACTIONS.createNew);
    await stack.requester.click(question, ARCHIVE_ACTIONS.createNew, { user: SANDBOX_APPROVER });
    const waiting = await atStep(stack, 1, 'wait-files');

    expect((await answerTo(stack, byRequester.responseUrl)).body.text).toMatch(/On prod only an approver/);
    expect(posts(stack, 'prod', 'create')).toBe(1);
    expect(dspOf(waiting)).not.toBe(older.dspUuid);
  });

  it('fetches the API key once more after a 401 and goes on when the secret was rotated', async () => {
    stack = await startArchiveStack();
    await stack.requester.command('ping dev');
    await finished(stack, 1);
    stack.archivers.dev.apiKey = 'rotated-dev-archiver-key-55';
    stack.secrets.secrets.set(
      'ingest/dev/secrets',
      JSON.stringify({ archiver_api_key: 'rotated-dev-archiver-key-55' }),
    );

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    await atStep(stack, 2, 'wait-files');

    expect(stack.secrets.requests.filter((r) => r.secretId === 'ingest/dev/secrets')).toHaveLength(2);
  });

  it('fails naming the secret id and field when the archiver refuses the key twice', async () => {
    stack = await startArchiveStack();
    stack.archivers.dev.apiKey = 'a-key-the-secret-does-not-hold';

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const run = await finished(stack, 1);

    expect(run.status).toBe('failed');
    expect(run.lastError).toBe(
      'The dev archiver refused the API key from secret "ingest/dev/secrets", field "archiver_api_key", even after fetching it again. Check that the secret holds the archiver\'s current key.',
    );
    expect(stack.secrets.requests).toHaveLength(2);
  });

  it('sends create again on retry after the key was refused twice at create, since nothing was created', async () => {
    stack = await startArchiveStack();
    stack.archivers.dev.failNext('create', 'unauthorized', { times: 2 });

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const failed = await finished(stack, 1);
    await stack.requester.command('retry R1');
    await atStep(stack, 1, 'wait-files');

    expect(failed.step).toBe('create');
    expect(failed.lastError).toMatch(/refused the API key/);
    expect(stack.archivers.dev.submissions(SUBMISSION)).toHaveLength(1);
  });

  it('fails naming the secret when Secrets Manager has no such secret', async () => {
    stack = await startArchiveStack({
      env: {
        ARCHIVER_API_KEY_SECRET_ID: 'ingest/archiver/wrangler/secrets',
        ARCHIVER_API_KEY_SECRET_FIELD: '{env}_archiver_api_key',
      },
    });

    await stack.requester.command(`archive ${SUBMISSION} staging`);
    const run = await finished(stack, 1);

    expect(run.lastError).toMatch(
      /secret "ingest\/archiver\/wrangler\/secrets", field "staging_archiver_api_key"\) does not exist in Secrets Manager/,
    );
  });

  it('reads the key from the wrangler secret layout', async () => {
    stack = await startArchiveStack({
      env: {
        ARCHIVER_API_KEY_SECRET_ID: 'ingest/archiver/wrangler/secrets',
        ARCHIVER_API_KEY_SECRET_FIELD: '{env}_archiver_api_key',
      },
    });
    stack.secrets.secrets.set(
      'ingest/archiver/wrangler/secrets',
      JSON.stringify(Object.fromEntries(ENVIRONMENTS.map((e) => [`${e}_archiver_api_key`, sandboxArchiverKey(e)]))),
    );

    await stack.requester.command(`archive ${SUBMISSION} staging`);

    await atStep(stack, 1, 'wait-files');
  });

  it('pauses on HTML 500 pages, malformed JSON, a plan of the wrong shape and HTTP_TIMEOUT_MS, says so in the thread, and goes on', async () => {
    stack = await startArchiveStack(FAST_FAULTS);
    stack.archivers.dev.failNext('latest', 'html-500');
    stack.archivers.dev.failNext('blockers', 'malformed-json');
    stack.archivers.dev.failNext('fileUploadPlan', 'hang');
    stack.archivers.dev.failNext('fileUploadPlan', { json: { jobs: 'nope' } });

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const run = await finishFromWaitFiles();

    expect(run.status).toBe('succeeded');
    const thread = stack.slack.thread(stack.slack.rootMessages()[0]!).map((m) => m.text);
    expect(
      thread.some((t) =>
        /^Paused: The archiver at 127\.0\.0\.1:\d+ answered HTTP 500 with an HTML error page\./.test(t),
      ),
    ).toBe(true);
    expect(thread.some((t) => t.startsWith('Paused:') && /JSON|shape/i.test(t))).toBe(true);
    expect(
      thread.some((t) =>
        /^Paused: The archiver at 127\.0\.0\.1:\d+ has not answered for 1 s\. Retrying at <!date\^\d+\^\{time_secs\}/.test(
          t,
        ),
      ),
    ).toBe(true);
    expect(thread).toContainEqual(
      expect.stringMatching(
        /^Paused: The archiver at \S+ answered with JSON of an unexpected shape \(jobs: expected a list of jobs, or \{"jobs": \[\]\} while the plan is being written\)\. Retrying at /,
      ),
    );
    expect(posts(stack, 'dev', 'create')).toBe(1);
  });

  it('fails on a 400 from create with what the archiver said, and can be retried', async () => {
    stack = await startArchiveStack();
    stack.archivers.dev.failNext('create', {
      status: 400,
      message: 'You must supply the parameter submission_uuid referring to an Ingest submission envelope uuid.',
    });

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const failed = await finished(stack, 1);
    await stack.requester.command('retry R1');
    await atStep(stack, 1, 'wait-files');

    expect(failed.lastError).toMatch(/HTTP 400.*You must supply the parameter submission_uuid/);
    expect(posts(stack, 'dev', 'create')).toBe(2);
  });

  it('explains a no_entities record', async () => {
    stack = await startArchiveStack();
    stack.archivers.dev.scenarios.set(SUBMISSION, { noEntities: true });

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const run = await finished(stack, 1);

    expect(run.lastError).toMatch(/no_entities[\s\S]*already be in DSP/);
  });

  it('stops after the conversion timeout and, retried, watches again without a second create', async () => {
    stack = await startArchiveStack({ env: { ARCHIVER_CONVERSION_TIMEOUT_MS: '300' } });
    stack.archivers.dev.scenarios.set(SUBMISSION, { failsSilently: true });

    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const first = await finished(stack, 1);
    await stack.requester.command('retry R1');
    await runWhen(stack, 1, 'R1 to watch again', (r) => r.status === 'waiting' && r.step === 'await-dsp');
    const second = await finished(stack, 1);

    expect(first.lastError).toMatch(/No DSP submission appeared within 1 s of the request\. Retry resumes watching/);
    expect(second.status).toBe('failed');
    expect(posts(stack, 'dev', 'create')).toBe(1);
  });

  it('after a crash between the create intent and its answer, watches instead of posting again, then asks a person', async () => {
    stack = await startArchiveStack({ env: { ...FAST_FAULTS.env, ARCHIVER_CONVERSION_TIMEOUT_MS: '400' } });
    stack.archivers.dev.failNext('create', 'hang');
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    await waitFor('the create POST', () => posts(stack, 'dev', 'create') === 1);

    await stack.restartBot();
    const question = await messageWithButton(stack, ARCHIVE_ACTIONS.createAgain);
    const postsBeforeAnswer = posts(stack, 'dev', 'create');
    await stack.requester.click(question, ARCHIVE_ACTIONS.createAgain);
    const run = await finishFromWaitFiles();

    expect(postsBeforeAnswer).toBe(1);
    expect(posts(stack, 'dev', 'create')).toBe(2);
    expect(run.status).toBe('succeeded');
  });

  it('after a crash while the archiver was already converting, picks up the new DSP submission without posting again', async () => {
    stack = await startArchiveStack(FAST_FAULTS);
    stack.archivers.dev.failNext('create', 'hang', { processed: true });
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    await waitFor('the create POST', () => posts(stack, 'dev', 'create') === 1);

    await stack.restartBot();
    const run = await finishFromWaitFiles();

    expect(run.status).toBe('succeeded');
    expect(posts(stack, 'dev', 'create')).toBe(1);
  });

  it('after a crash during complete, treats it as sent and follows the outcome without sending it again', async () => {
    stack = await startArchiveStack(FAST_FAULTS);
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const waiting = await atStep(stack, 1, 'wait-files');
    stack.archivers.dev.failNext('complete', 'hang', { processed: true });
    stack.archivers.dev.uploadFiles(dspOf(waiting));
    const approval = await messageWithButton(stack, ARCHIVE_ACTIONS.complete);
    await stack.requester.click(approval, ARCHIVE_ACTIONS.complete);
    await waitFor('the complete POST', () => posts(stack, 'dev', 'complete') === 1);

    await stack.restartBot();
    const run = await finished(stack, 1);

    expect(run.status).toBe('succeeded');
    expect(posts(stack, 'dev', 'complete')).toBe(1);
  });

  it('finishes once when the bot restarts after every step', async () => {
    stack = await startArchiveStack();
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const seen: string[] = [];
    let uploaded = false;
    let clicked = false;

    for (;;) {
      const run = await runWhen(
        stack,
        1,
        'a new step',
        (r) => r.finishedAt !== null || !seen.includes(r.step) || (r.step === 'approval' && !clicked),
      );
      if (run.finishedAt) break;
      if (!seen.includes(run.step)) seen.push(run.step);
      if (run.step === 'wait-files' && !uploaded) uploaded = stack.archivers.dev.uploadFiles(dspOf(run));
      if (run.step === 'approval' && run.status === 'awaiting_approval' && !clicked) {
        await stack.requester.click(await messageWithButton(stack, ARCHIVE_ACTIONS.complete), ARCHIVE_ACTIONS.complete);
        clicked = true;
      }
      await stack.restartBot();
    }

    expect(stack.bot.runs.get(1)?.status).toBe('succeeded');
    expect(seen.length).toBeGreaterThanOrEqual(8);
    expect(posts(stack, 'dev', 'create')).toBe(1);
    expect(posts(stack, 'dev', 'complete')).toBe(1);
    expect(stack.slack.rootMessages()).toHaveLength(1);
    expect(unchangedEdits(stack)).toEqual([]);
  });

  it('waits through the transitional plan and says so in the status message', async () => {
    stack = await startArchiveStack({ archiverTimings: { planMs: Infinity } });
    await stack.requester.command(`archive ${SUBMISSION} dev`);

    await runWhen(
      stack,
      1,
      'R1 waiting for the plan',
      (r) => r.step === 'plan' && r.status === 'waiting' && (r.state.pollDelayMs as number) > 40,
    );
    await waitFor('the status message', () => stack.slack.rootMessages()[0]?.text.includes('archive'));
    const root = stack.slack.rootMessages()[0]!;
    await waitFor('the plan wait shown', () => JSON.stringify(root.blocks).includes('for the file upload plan'));
    stack.archivers.dev.timings.planMs = 0;

    await atStep(stack, 1, 'wait-files');
  });

  it('waits for DSP to finish validating before the digest, and after ten minutes reports what it has', async () => {
    const clock = new OffsetClock();
    stack = await startArchiveStack({ clock, archiverTimings: { validationMs: Infinity } });
    await stack.requester.command(`archive ${SUBMISSION} dev`);

    await runWhen(stack, 1, 'R1 waiting for validation', (r) => r.step === 'digest' && r.status === 'waiting');
    const root = stack.slack.rootMessages()[0]!;
    await waitFor('the validation wait shown', () =>
      JSON.stringify(root.blocks).includes("for the file upload plan and DSP's validation results"),
    );
    const digests = () => stack.slack.thread(root).filter((m) => m.text.startsWith('DSP submission'));
    expect(digests()).toEqual([]);

    clock.advance(10 * 60_000);
    stack.bot.runner.kick();
    await atStep(stack, 1, 'wait-files');

    expect(digests().map((m) => m.text)).toEqual([
      expect.stringMatching(/: no validation errors yet \(\d+ pending validation results\)\.$/),
    ]);
  });

  it('waits for validation again after a retry, however long ago the digest first began', async () => {
    const clock = new OffsetClock();
    stack = await startArchiveStack({ clock, archiverTimings: { validationMs: Infinity } });
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    await runWhen(stack, 1, 'R1 waiting for validation', (r) => r.step === 'digest' && r.status === 'waiting');
    stack.archivers.dev.failNext('validationErrors', { status: 400, message: 'Submission locked' });
    stack.bot.runner.kick();
    expect((await finished(stack, 1)).status).toBe('failed');

    clock.advance(60 * 60_000);
    await stack.requester.command('retry R1');
    await runWhen(stack, 1, 'R1 waiting again', (r) => r.step === 'digest' && r.status === 'waiting');

    const root = stack.slack.rootMessages()[0]!;
    expect(stack.slack.thread(root).filter((m) => m.text.startsWith('DSP submission'))).toEqual([]);
  });

  it('leaves sequencing runs out with --no-runs and says there are no files to upload', async () => {
    stack = await startArchiveStack();

    await stack.requester.command(`archive ${SUBMISSION} dev --no-runs`);
    await atStep(stack, 1, 'approval');

    expect(stack.archivers.dev.requests.find((r) => r.route === 'create')!.body).toEqual({
      submission_uuid: SUBMISSION,
      alias_prefix: 'HCA',
      exclude_types: ['sequencingRun'],
    });
    const thread = stack.slack.thread(stack.slack.rootMessages()[0]!).map((m) => m.text);
    expect(thread).toContain('File upload plan: no files to upload (sequencing runs were excluded).');
  });

  it('cancels after the create saying what stays in DSP and what to do, and /hca retry resumes the run', async () => {
    stack = await startArchiveStack();
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const waiting = await atStep(stack, 1, 'wait-files');

    const reply = await stack.requester.command('cancel R1');
    const note = await waitFor('the thread note', () =>
      stack.slack.thread(stack.slack.rootMessages()[0]!).find((m) => m.text.startsWith(':no_entry_sign: Cancelled')),
    );
    const shown = await waitFor('the status message to offer Retry', () =>
      stack.slack
        .rootMessages()
        .map((m) => `${m.text} ${JSON.stringify(m.blocks)}`)
        .find((t) => t.includes('Cancelled') && t.includes('run_retry')),
    );
    await stack.requester.command('retry R1');
    const run = await finishFromWaitFiles();

    const left = `DSP submission \`${dspOf(waiting)}\` (dev) stays in DSP as a draft: nothing was submitted to the archives. \`/hca retry R1\` resumes this run with it; to remove it, delete the DSP submission and its ingest archive record`;
    expect(reply.body.text).toContain(left);
    expect(note.text).toMatch(
      /^:no_entry_sign: Cancelled by <@U0OPERATOR> at step `wait-files`: the bot stopped working on R1\./,
    );
    expect(note.text).toContain(left);
    expect(shown).toMatch(/^R1 archive .*: Cancelled /);
    expect(run.status).toBe('succeeded');
    expect(dspOf(run)).toBe(dspOf(waiting));
    expect(posts(stack, 'dev', 'create')).toBe(1);
    expect(posts(stack, 'dev', 'complete')).toBe(1);
  });

  it('says nothing was created in DSP when a run is cancelled on prod before Start on prod', async () => {
    stack = await startArchiveStack();
    await stack.requester.command(`archive ${SUBMISSION} prod`);
    await atStep(stack, 1, 'confirm-start');

    const reply = await stack.requester.command('cancel R1');

    expect(reply.body.text).toMatch(
      /^Cancelled \*R1\*.*\. Nothing was created in DSP\. `\/hca retry R1` resumes this run\.$/,
    );
    expect(posts(stack, 'prod', 'create')).toBe(0);
  });

  it('times out an unanswered approval, and a retry asks again', async () => {
    const clock = new OffsetClock();
    stack = await startArchiveStack({ clock, env: { APPROVAL_TIMEOUT_MS: String(HOUR_MS) } });
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const waiting = await atStep(stack, 1, 'wait-files');
    stack.archivers.dev.uploadFiles(dspOf(waiting));
    await runWhen(stack, 1, 'the approval request', (r) => r.status === 'awaiting_approval');
    clock.advance(HOUR_MS);
    stack.bot.runner.kick();
    const expired = await finished(stack, 1);
    const status = await stack.requester.command('status R1');
    const runs = await stack.requester.command('runs');
    const timedOutRoot = await waitFor('the status message to say timed out, with Retry', () =>
      stack.slack
        .rootMessages()
        .map((m) => `${m.text} ${JSON.stringify(m.blocks)}`)
        .find((shown) => /Timed out .*run_retry/.test(shown)),
    );
    await stack.requester.command('retry R1');
    await runWhen(
      stack,
      1,
      'a second approval request',
      (r) => r.step === 'approval' && r.state.resumedAt !== undefined && r.status === 'awaiting_approval',
    );
    const [expiredRequest, approval] = stack.slack.messages.filter((m) => m.text.includes('is ready to complete'));
    const stale = await stack.requester.click(expiredRequest!, ARCHIVE_ACTIONS.complete);
    await stack.requester.click(approval!, ARCHIVE_ACTIONS.complete);

    expect((await answerTo(stack, stale.responseUrl)).body.text).toMatch(
      /This message is out of date: R1 has moved on/,
    );
    expect(expired.lastError).toMatch(/^Timed out: nobody approved/);
    expect(expired.status).toBe('timed_out');
    expect(status.body.text).toMatch(/^\*R1\* archive .* — timed out/);
    expect(runs.body.text).toMatch(/\*Recently finished\*\n• \*R1\* archive .* — timed out, ended/);
    expect(timedOutRoot).toMatch(/^R1 archive .*: Timed out /);
    expect((await finished(stack, 1)).status).toBe('succeeded');
  });

  it('reminds the thread when nothing changed for the stall notice time, and Re-check now polls at once and says so', async () => {
    stack = await startArchiveStack({ env: { ARCHIVER_STALL_NOTICE_MS: '200', ARCHIVER_POLL_INTERVAL_MS: '100' } });
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    await atStep(stack, 1, 'wait-files');

    await waitFor('a stall notice', () =>
      stack.slack
        .thread(stack.slack.rootMessages()[0]!)
        .find((m) => m.text.startsWith(':hourglass: Nothing has changed')),
    );
    const root = await messageWithButton(stack, ARCHIVE_ACTIONS.recheck);
    const before = stack.archivers.dev.requests.filter((r) => r.route === 'blockers').length;
    const click = await stack.requester.click(root, ARCHIVE_ACTIONS.recheck);

    await waitFor(
      'a re-check',
      () => stack.archivers.dev.requests.filter((r) => r.route === 'blockers').length > before,
    );
    expect((await answerTo(stack, click.responseUrl)).body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Re-checking R1 on dev now; its status message changes when something does.',
    });
  });

  it('keeps the archiver key and AWS secret out of Slack, the logs at debug level and the database', async () => {
    const lines: string[] = [];
    stack = await startArchiveStack({ env: { LOG_LEVEL: 'debug' }, logSink: (line) => lines.push(line) });
    stack.archivers.dev.failNext('validationErrors', 'unauthorized');
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    await finishFromWaitFiles();

    expectSecretsKept(stack, lines, [sandboxArchiverKey('dev'), SANDBOX_AWS_SECRET, 'not-for-the-bot-dev']);
  });
});
