import { afterEach, describe, expect, it } from 'vitest';
import { ARCHIVE_ACTIONS } from '../../src/workflows/archive/questions.js';
import { SANDBOX_APPROVER, SANDBOX_INPUT_BYTES, SANDBOX_OPERATOR, type Stack } from '../../src/sandbox/stack.js';
import {
  answerTo,
  atStep,
  dspOf,
  finished,
  messageWithButton,
  posts,
  startArchiveStack,
  SUBMISSION,
} from '../support/archive.js';

describe('/hca archive', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  it('walks the SOP on dev: create, digest, plan script, wait for files, approval, complete, accessions', async () => {
    stack = await startArchiveStack({ withS3: true });

    const reply = await stack.requester.command(`archive ${SUBMISSION.toUpperCase()} dev`);
    const waiting = await atStep(stack, 1, 'wait-files');
    stack.archivers.dev.uploadFiles(dspOf(waiting));
    const approval = await messageWithButton(stack, ARCHIVE_ACTIONS.complete);
    await stack.requester.click(approval, ARCHIVE_ACTIONS.complete, { user: SANDBOX_OPERATOR });
    const run = await finished(stack, 1);

    expect(reply.body.text).toMatch(/^Started \*R1\* \(archive 3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69\)/);
    expect(run.status).toBe('succeeded');
    expect(run.subject).toBe(SUBMISSION);
    expect(posts(stack, 'dev', 'create')).toBe(1);
    expect(posts(stack, 'dev', 'complete')).toBe(1);
    const createBody = stack.archivers.dev.requests.find((r) => r.route === 'create')!.body;
    expect(createBody).toEqual({ submission_uuid: SUBMISSION, alias_prefix: 'HCA' });
    const [root] = stack.slack.rootMessages();
    const thread = stack.slack.thread(root!);
    const texts = thread.map((m) => m.text);
    expect(texts[0]).toMatch(
      /Asked the dev archiver to convert the submission; waiting for the DSP submission\.\n_Ingest state not checked/,
    );
    expect(JSON.stringify(thread.map((m) => m.blocks))).toMatch(/DSP submission `[0-9a-f-]{36}`\* \(dev, created /);
    const script = thread.flatMap((m) => m.files ?? []).find((f) => f.filename === 'submit-jobs.sh');
    expect(script?.content.match(/^bsub /gm)).toHaveLength(2);
    expect(script?.content).toContain(`-M ${Math.trunc(SANDBOX_INPUT_BYTES / 1e6 + 10000)} `);
    expect(script?.content).toContain('-M 1000 ');
    expect(texts.some((t) => t.startsWith('*R1* is ready to complete DSP submission'))).toBe(true);
    expect(texts.at(-1)).toMatch(
      /Archived\* ingest submission `3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69` \(dev\)[\s\S]*8 entities accessioned[\s\S]*approved by <@U0OPERATOR>/,
    );
  });

  it('asks for four eyes on prod: the requester and non-approvers are refused, the first approver’s click stands', async () => {
    stack = await startArchiveStack();
    await stack.requester.command(`archive ${SUBMISSION} prod`);
    await stack.requester.click(
      await messageWithButton(stack, ARCHIVE_ACTIONS.startOnProd),
      ARCHIVE_ACTIONS.startOnProd,
    );
    const waiting = await atStep(stack, 1, 'wait-files');
    stack.archivers.prod.uploadFiles(dspOf(waiting));
    const approval = await messageWithButton(stack, ARCHIVE_ACTIONS.complete);

    const byRequester = await stack.requester.click(approval, ARCHIVE_ACTIONS.complete, { user: SANDBOX_OPERATOR });
    const byStranger = await stack.requester.click(approval, ARCHIVE_ACTIONS.complete, { user: 'U0STRANGER' });
    const [first, second] = await Promise.all([
      stack.requester.click(approval, ARCHIVE_ACTIONS.complete, { user: SANDBOX_APPROVER }),
      stack.requester.click(approval, ARCHIVE_ACTIONS.complete, { user: SANDBOX_APPROVER }),
    ]);
    const run = await finished(stack, 1);

    expect((await answerTo(stack, byRequester.responseUrl)).body.text).toMatch(
      /On prod only an approver other than the requester <@U0OPERATOR> may do this/,
    );
    expect((await answerTo(stack, byStranger.responseUrl)).body.text).toMatch(/On prod only an approver/);
    const answers = await Promise.all([answerTo(stack, first.responseUrl), answerTo(stack, second.responseUrl)]);
    expect(answers.filter((a) => a.body.replace_original === true)).toHaveLength(1);
    expect(answers.map((a) => String(a.body.text)).join('\n')).toMatch(/Already decided by <@U0APPROVER>/);
    expect(run.status).toBe('succeeded');
    expect(run.state.approvedBy).toBe(SANDBOX_APPROVER);
    expect(posts(stack, 'prod', 'complete')).toBe(1);
    const audit = stack.bot.audit.recent(50).filter((a) => a.action === `button ${ARCHIVE_ACTIONS.complete}`);
    expect(audit.map((a) => a.outcome).sort()).toEqual([
      'decided: complete',
      'refused: already decided',
      'refused: not allowed',
      'refused: not allowed',
    ]);
  });
});
