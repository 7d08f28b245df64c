import { afterEach, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/clock.js';
import { CONFIG_VARIABLES } from '../../src/config.js';
import { plainJob } from '../../src/sandbox/archiver-stand-in.js';
import { buttonsOf } from '../../src/sandbox/slack-requests.js';
import { SANDBOX_APPROVER, SANDBOX_OPERATOR, type Stack } from '../../src/sandbox/stack.js';
import { CANCEL_ACTION } from '../../src/workflows/engine/status-message.js';
import { ARCHIVE_ACTIONS } from '../../src/workflows/archive/questions.js';
import {
  answerTo,
  atStep,
  clickNewest,
  dspOf,
  finished,
  messageWithButton,
  posts,
  runWhen,
  startArchiveStack,
  SUBMISSION,
  threadFiles,
  unchangedEdits,
} from '../support/archive.js';
import { waitFor } from '../support/wait.js';

const threadTexts = (stack: Stack, index = 0) =>
  stack.slack.thread(stack.slack.rootMessages()[index]!).map((m) => m.text);

describe('/hca archive on first use: safe defaults and messages a wrangler can act on', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  it('goes straight on in dev, and on prod posts what it will do and creates nothing before Start on prod', async () => {
    stack = await startArchiveStack();
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    await atStep(stack, 1, 'wait-files');
    await stack.requester.command(`archive ${SUBMISSION} prod`);
    const asking = await atStep(stack, 2, 'confirm-start');
    const question = await messageWithButton(stack, ARCHIVE_ACTIONS.startOnProd);
    const byStranger = await stack.requester.click(question, ARCHIVE_ACTIONS.startOnProd, { user: 'U0STRANGER' });
    const createsBeforeStart = posts(stack, 'prod', 'create');

    const started = await stack.requester.click(question, ARCHIVE_ACTIONS.startOnProd);
    await atStep(stack, 2, 'wait-files');

    expect(threadTexts(stack, 0).some((t) => t.includes('will archive'))).toBe(false);
    expect(asking.status).toBe('awaiting_approval');
    expect(question.text).toMatch(
      /^:rotating_light: \*R2 will archive ingest submission `3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69` on prod\.\*\nOnce started, the prod archiver converts the submission into a \*new DSP submission\*/,
    );
    expect(question.text).toContain('<@U0OPERATOR> (or an operator): start it when this is the submission');
    expect(createsBeforeStart).toBe(0);
    expect((await answerTo(stack, byStranger.responseUrl)).body.text).toBe('Only operators may answer this.');
    expect((await answerTo(stack, started.responseUrl)).body.text).toMatch(/<@U0OPERATOR> started the run on prod/);
    expect(posts(stack, 'prod', 'create')).toBe(1);
    expect(posts(stack, 'dev', 'create')).toBe(1);
  });

  it('answers a submission the bot archived before as already archived by that run, and leaves it on request', async () => {
    stack = await startArchiveStack();
    await stack.requester.command(`archive ${SUBMISSION} dev --no-runs`);
    await atStep(stack, 1, 'approval');
    await clickNewest(stack, ARCHIVE_ACTIONS.complete);
    const first = await finished(stack, 1);

    const again = await stack.requester.command(`archive ${SUBMISSION} dev`);
    const answer = await messageWithButton(stack, ARCHIVE_ACTIONS.leaveArchived);
    await stack.requester.click(answer, ARCHIVE_ACTIONS.leaveArchived);
    const second = await finished(stack, 2);

    expect(first.status).toBe('succeeded');
    expect(again.body.text).toMatch(/^Started \*R2\*/);
    expect(answer.text).toMatch(
      /^:white_check_mark: \*Already archived\* by \*R1\* on <!date\^\d+\^\{date_short\}\|[^>]+> \(4 accessions\) — <https:\/\/slack\.com\/archives\/C0OPS\/p\d+\|see its thread>\./,
    );
    expect(answer.text).toContain('Nothing was sent to the archiver.');
    expect(second.status).toBe('succeeded');
    expect(second.state.leftArchived).toBe(true);
    expect(posts(stack, 'dev', 'create')).toBe(1);
    await waitFor('R2’s status message to say nothing was done', () =>
      JSON.stringify(stack.slack.rootMessages()[1]?.blocks).includes('Already archived: nothing was done'),
    );
  });

  it('finds an archived submission from ingest and DSP accessions, and archives again on prod only with four eyes', async () => {
    stack = await startArchiveStack({ withIngestToken: true });
    const archived = stack.archivers.prod.seedRecord(SUBMISSION, { completed: true });
    stack.ingests.prod.addSubmission(SUBMISSION, 'Exported');
    await stack.requester.command(`archive ${SUBMISSION} prod`);
    const answer = await messageWithButton(stack, ARCHIVE_ACTIONS.archiveAgain);

    const byRequester = await stack.requester.click(answer, ARCHIVE_ACTIONS.archiveAgain);
    const createsAfterRequester = posts(stack, 'prod', 'create');
    await stack.requester.click(answer, ARCHIVE_ACTIONS.archiveAgain, { user: SANDBOX_APPROVER });
    const waiting = await atStep(stack, 1, 'wait-files');

    expect(answer.text).toMatch(
      /^:white_check_mark: \*Already archived\* in prod on <!date\^\d+\^[^>]+> \(8 accessions\)\./,
    );
    expect(answer.text).toContain('• Ingest says the submission is "Exported".');
    expect(answer.text).toContain(`• DSP submission \`${archived.dspUuid}\``);
    expect(answer.text).toContain('8 entities accessioned');
    expect(answer.text).toContain('On prod an approver other than <@U0OPERATOR> must choose *Archive again*.');
    expect((await answerTo(stack, byRequester.responseUrl)).body.text).toMatch(/On prod only an approver other than/);
    expect(createsAfterRequester).toBe(0);
    expect(posts(stack, 'prod', 'create')).toBe(1);
    expect(dspOf(waiting)).not.toBe(archived.dspUuid);
    expect(
      stack.slack.messages.some((m) => buttonsOf(m).some((b) => b.element.action_id === ARCHIVE_ACTIONS.startOnProd)),
    ).toBe(false);
  });

  it('refuses Cancel on an out-of-date question, and every Cancel asks for confirmation first', async () => {
    const clock = new OffsetClock();
    stack = await startArchiveStack({ clock, env: { APPROVAL_TIMEOUT_MS: '3600000' } });
    await stack.requester.command(`archive ${SUBMISSION} dev --no-runs`);
    await runWhen(stack, 1, 'the approval request', (r) => r.status === 'awaiting_approval');
    clock.advance(3_600_000);
    stack.bot.runner.kick();
    await finished(stack, 1);
    await stack.requester.command('retry R1');
    await runWhen(stack, 1, 'a second approval request', (r) => r.step === 'approval' && r.state.asked === 2);
    const [expired, current] = stack.slack.messages.filter((m) => m.text.includes('is ready to complete'));

    const stale = await stack.requester.click(expired!, CANCEL_ACTION);
    const stillAsking = stack.bot.runs.get(1)!;
    const cancel = await stack.requester.click(current!, CANCEL_ACTION);
    const cancelled = await finished(stack, 1);

    expect((await answerTo(stack, stale.responseUrl)).body.text).toBe(
      'This message is out of date: R1 has moved on since. Use its latest message in the thread.',
    );
    expect(stillAsking.status).toBe('awaiting_approval');
    expect(cancel.status).toBe(200);
    expect(cancelled.status).toBe('cancelled');
    const cancels = stack.slack.messages
      .flatMap((m) => buttonsOf(m))
      .filter((b) => b.element.action_id === CANCEL_ACTION);
    expect(cancels.length).toBeGreaterThanOrEqual(3);
    expect(cancels.every((b) => (b.element as { confirm?: unknown }).confirm)).toBe(true);
  });

  it('posts the plan as JSON with how to run it, the EC2 route when nothing converts, and a summary of accessions', async () => {
    stack = await startArchiveStack();
    stack.archivers.dev.scenarios.set(SUBMISSION, { jobs: (ctx) => Array.from({ length: 10 }, () => plainJob(ctx)) });
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    const waiting = await atStep(stack, 1, 'wait-files');
    stack.archivers.dev.uploadFiles(dspOf(waiting));
    await clickNewest(stack, ARCHIVE_ACTIONS.complete, SANDBOX_OPERATOR);
    await finished(stack, 1);

    const dsp = dspOf(waiting);
    const files = threadFiles(stack);
    expect([...files.keys()]).toEqual([
      `validation-errors-${dsp}.tsv`,
      'submit-jobs.sh',
      `file-upload-plan-${dsp}.json`,
      'run-on-ec2.sh',
      `accessions-${dsp}.tsv`,
    ]);
    expect((JSON.parse(files.get(`file-upload-plan-${dsp}.json`)!) as { jobs: unknown[] }).jobs).toHaveLength(10);
    expect(files.get('run-on-ec2.sh')).toContain('docker run --rm -v "$WORK_DIR":/data');
    const planMessage = stack.slack
      .thread(stack.slack.rootMessages()[0]!)
      .find((m) => m.files?.some((f) => f.filename === 'submit-jobs.sh'))!;
    const howTo = planMessage.text.slice(planMessage.text.indexOf('*How to run the file archiver jobs*'));
    expect(planMessage.files!.map((f) => f.filename)).toEqual([
      'submit-jobs.sh',
      `file-upload-plan-${dsp}.json`,
      'run-on-ec2.sh',
    ]);
    expect(planMessage.text).toMatch(
      /^\*File upload plan \(dev\)\*: 10 jobs, 20 files · no conversion 10\n\*How to run/,
    );
    expect(howTo).toContain('`scp submit-jobs.sh ebi-cli.ebi.ac.uk:/nfs/production/hca/<project>/`');
    expect(howTo).toContain(
      '`bash submit-jobs.sh /nfs/production/hca/<project>` submits 10 jobs; `bjobs -W` lists them',
    );
    expect(howTo).toContain('*Or on the wrangler EC2* (no job needs BAM conversion)');
    const summary = stack.slack.thread(stack.slack.rootMessages()[0]!).find((m) => m.text.includes('*Archived*'))!;
    expect(summary.text).toContain(
      `as DSP submission <https://submission-test.ebi.ac.uk/api/submissions/${dsp}|\`${dsp}\`>.`,
    );
    expect(summary.text).toMatch(
      /24 entities accessioned · took .* · requested by <@U0OPERATOR> · approved by <@U0OPERATOR>/,
    );
    const shown = JSON.stringify(summary.blocks);
    expect(shown.match(/→ \*[A-Z-]+\d+\*/g)).toHaveLength(20);
    expect(shown).toContain('The first 20 of 24 accessions; all are in the attached file.');
    expect(files.get(`accessions-${dsp}.tsv`)!.trim().split('\n')).toHaveLength(25);
  });

  it('mentions approvers only on prod, and never edits a message to what it already showed', async () => {
    stack = await startArchiveStack();
    await stack.requester.command(`archive ${SUBMISSION} dev --no-runs`);
    await atStep(stack, 1, 'approval');
    await stack.requester.command(`archive ${SUBMISSION} prod --no-runs`);
    await clickNewest(stack, ARCHIVE_ACTIONS.startOnProd);
    await atStep(stack, 2, 'approval');
    await clickNewest(stack, ARCHIVE_ACTIONS.complete, SANDBOX_APPROVER);
    await finished(stack, 2);
    await stack.bot.runner.stop();

    const [dev, prod] = stack.slack.messages.filter((m) => m.text.includes('is ready to complete'));
    expect(dev!.text).toMatch(
      /^\*R1\* is ready to complete DSP submission `[0-9a-f-]{36}` \(ingest submission `3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69`\) in \*dev\*\./,
    );
    expect(dev!.text).toContain('Any operator may approve on dev.');
    expect(prod!.text).toMatch(/^<@U0APPROVER>: \*R2\* is ready to complete DSP submission/);
    expect(prod!.text).toContain('An approver other than <@U0OPERATOR> must approve on prod.');
    expect(unchangedEdits(stack)).toEqual([]);
  });

  it('speaks the team’s words: no setting names and no raw timestamps in anything a wrangler reads', async () => {
    stack = await startArchiveStack({ withIngestToken: true });
    stack.ingests.prod.addSubmission(SUBMISSION);
    stack.archivers.prod.seedRecord(SUBMISSION);
    const acks = [
      await stack.requester.command(`archive ${SUBMISSION} prod`, { user: 'U0VISITOR' }),
      await stack.requester.command(`archive ${SUBMISSION} prod`),
      await stack.requester.command('cancel R1', { user: 'U0VISITOR' }),
    ];
    await clickNewest(stack, ARCHIVE_ACTIONS.createNew);
    await clickNewest(stack, ARCHIVE_ACTIONS.createNew, SANDBOX_APPROVER);
    stack.archivers.prod.uploadFiles(dspOf(await atStep(stack, 1, 'wait-files')));
    await clickNewest(stack, ARCHIVE_ACTIONS.complete);
    await clickNewest(stack, ARCHIVE_ACTIONS.complete, SANDBOX_APPROVER);
    await finished(stack, 1);
    stack.ingests.dev.addSubmission(SUBMISSION, 'Archiving');
    stack.ingests.dev.token = 'expired';
    await stack.requester.command(`archive ${SUBMISSION} dev`);
    await finished(stack, 2);

    const read = [
      ...acks.map((a) => JSON.stringify(a.body)),
      ...stack.slack.messages.map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`),
      ...stack.slack.responses.map((r) => JSON.stringify(r.body)),
      ...stack.bot.runs.active().map((r) => r.lastError ?? ''),
      stack.bot.runs.get(2)!.lastError!,
    ].map((text) => text.replace(/<!date\^[^>]*>/g, '<date>'));
    const settings = CONFIG_VARIABLES.filter((name) => !['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].includes(name));
    const named = read.flatMap((text) => settings.filter((name) => text.includes(name)));
    const timestamps = read.flatMap((text) => text.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^ "`]*/g) ?? []);
    expect(read.join('\n')).toMatch(/Only operators may run `\/hca archive`/);
    expect(read.join('\n')).toMatch(/refused the bot's ingest API token/);
    expect(named).toEqual([]);
    expect(timestamps).toEqual([]);
  });
});
