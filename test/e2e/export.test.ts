import { afterEach, describe, expect, it } from 'vitest';
import type { OffsetClock } from '../../src/clock.js';
import { buttonsOf } from '../../src/sandbox/slack-requests.js';
import type { Stack } from '../../src/sandbox/stack.js';
import { WATCH_PORTAL_ACTION } from '../../src/workflows/portal/messages.js';
import { answerTo, finished, runWhen } from '../support/archive.js';
import { textOf } from '../support/block-kit.js';
import { projectOf, seed, startWatchStack, submission } from '../support/portal-stack.js';
import { waitFor } from '../support/wait.js';

const HOUR = 3_600_000;

describe('/hca export', () => {
  let stack: Stack;
  let clock: OffsetClock;
  afterEach(async () => {
    await stack.stop();
  });

  const start = async (options: Parameters<typeof startWatchStack>[0] = {}) => {
    ({ stack, clock } = await startWatchStack({
      watch: false,
      ...options,
      env: { ARCHIVER_POLL_INTERVAL_MS: '40', EXPORT_STUCK_AFTER_MS: String(6 * HOUR), ...options.env },
    }));
  };
  const threadText = (runId: number) => {
    const run = stack.bot.runs.get(runId)!;
    const root = stack.slack.messages.find((m) => m.ts === run.threadTs)!;
    return stack.slack.thread(root).map(textOf).join('\n');
  };

  it('says it needs an ingest token, and starts nothing, when the bot has none', async () => {
    await start({ withIngestToken: false });

    const reply = await stack.requester.command(`export ${submission(1)} prod`);

    expect(reply.body.text).toContain('the bot has no ingest token');
    expect(stack.bot.runs.active()).toEqual([]);
  });

  it('refuses a UUID that is not one, saying which kind it wants', async () => {
    await start();

    const reply = await stack.requester.command('export 5b7c9d1e prod');

    expect(reply.body.text).toContain('is not a valid ingest submission UUID');
  });

  it('follows a submission from Archived to Exported, then gives the next steps and offers the portal watch', async () => {
    await start();
    seed(stack, 1, 'Archived');
    stack.azul.addCatalog('dcp44');

    const reply = await stack.requester.command(`export ${submission(1)} prod`, { user: 'U0OTHER' });
    const runId = Number(/R(\d+)/.exec(reply.body.text ?? '')?.[1]);
    await runWhen(stack, runId, 'the first look', (r) => r.status === 'waiting');
    stack.ingests.prod.startExport(submission(1), 4);
    await runWhen(stack, runId, 'EXPORTING seen', (r) => String(r.state.ingestState) === 'Exporting');
    stack.ingests.prod.updateExport(submission(1), { exportedAssays: 4, isDataTransferComplete: true });
    const run = await finished(stack, runId);

    expect(run.status).toBe('succeeded');
    const thread = threadText(runId);
    expect(thread).toContain('Ingest state: Archived');
    expect(thread).toContain('No export job: it has not been exported');
    expect(thread).toContain('Latest export job: EXPORTING to DCP 2');
    expect(thread).toContain('Progress: 0 of 4 assays exported · data transfer not confirmed');
    expect(thread).toContain('data release import form');
    expect(thread).toMatch(/expected in dcp45, around \w+day \d+ \w+ \d{4} \(releases are about monthly\)/);
    const offer = await waitFor('the portal offer', () =>
      stack.slack.messages.find((m) => buttonsOf(m).some((b) => b.element.action_id === WATCH_PORTAL_ACTION)),
    );

    const click = await stack.requester.click(offer, WATCH_PORTAL_ACTION);
    const watch = await waitFor('the portal watch', () =>
      stack.bot.runs.active().find((r) => r.kind === 'portal' && r.params.watch === true),
    );
    expect(watch.params.projectUuid).toBe(projectOf(1));
    const other = await stack.requester.click(offer, WATCH_PORTAL_ACTION, { user: 'U0OTHER' });
    expect((await answerTo(stack, other.responseUrl)).body.text).toContain('Only operators');
    expect(click.status).toBe(200);
  });

  it('keeps following an export across a restart during its wait, and reports each state once', async () => {
    await start();
    seed(stack, 1, 'Archived');

    const reply = await stack.requester.command(`export ${submission(1)} prod`);
    const runId = Number(/R(\d+)/.exec(reply.body.text ?? '')?.[1]);
    await runWhen(stack, runId, 'the first look', (r) => r.status === 'waiting');
    await stack.restartBot({ clock });
    stack.ingests.prod.startExport(submission(1), 4);
    await runWhen(stack, runId, 'EXPORTING seen by the new bot', (r) => String(r.state.ingestState) === 'Exporting');
    await stack.restartBot({ clock });
    stack.ingests.prod.updateExport(submission(1), { exportedAssays: 4, isDataTransferComplete: true });
    const run = await finished(stack, runId);

    expect(run.status).toBe('succeeded');
    const thread = threadText(runId);
    expect(thread.match(/Ingest state: Archived/g)).toHaveLength(1);
    expect(thread.match(/Latest export job: EXPORTING to DCP 2/g)).toHaveLength(1);
    expect(thread.match(/data release import form/g)).toHaveLength(1);
  });

  it('says once per stall that nothing changes, stops as timed out after 30 days, and a retry follows again', async () => {
    await start();
    seed(stack, 1, 'Archived');

    const reply = await stack.requester.command(`export ${submission(1)} prod`);
    const runId = Number(/R(\d+)/.exec(reply.body.text ?? '')?.[1]);
    await runWhen(stack, runId, 'the first look', (r) => r.status === 'waiting');
    clock.advance(8 * 24 * HOUR);
    stack.bot.runner.kick();
    await runWhen(stack, runId, 'the stall notice', (r) => Number(r.state.stallNotices) > 0);
    clock.advance(23 * 24 * HOUR);
    stack.bot.runner.kick();
    const run = await finished(stack, runId);
    await stack.requester.command(`retry R${runId}`);
    const again = await runWhen(stack, runId, 'following again', (r) => r.status === 'waiting');

    expect(threadText(runId).match(/Nothing has changed for/g)).toHaveLength(2);
    expect(run.status).toBe('timed_out');
    expect(run.lastError).toContain('Nothing changed for 30 days');
    expect(again.status).toBe('waiting');
  });

  it('ends as failed with the runbook’s advice when the latest job has not moved for EXPORT_STUCK_AFTER_MS', async () => {
    await start();
    seed(stack, 1, 'Archived');
    stack.ingests.prod.startExport(submission(1), 4);

    const reply = await stack.requester.command(`export ${submission(1)}`);
    const runId = Number(/R(\d+)/.exec(reply.body.text ?? '')?.[1]);
    await runWhen(stack, runId, 'the first look', (r) => r.status === 'waiting');
    clock.advance(7 * HOUR);
    stack.bot.runner.kick();
    const run = await finished(stack, runId);

    expect(run).toMatchObject({ status: 'failed', step: 'follow' });
    expect(run.lastError).toContain('Export looks stuck: still EXPORTING, with no update for 7 h');
    expect(threadText(runId)).toContain('The data transfer is not confirmed (`isDataTransferComplete` is not true)');
  });

  it('ends as failed on a FAILED job, listing its errors', async () => {
    await start();
    seed(stack, 1, 'Exporting');
    stack.ingests.prod.startExport(submission(1), 4);
    stack.ingests.prod.updateExport(submission(1), {
      status: 'FAILED',
      errors: [{ errorCode: 'GCP', message: 'failed request to GCP file transfer status' }],
    });

    const reply = await stack.requester.command(`export ${submission(1)} prod`);
    const run = await finished(stack, Number(/R(\d+)/.exec(reply.body.text ?? '')?.[1]));

    expect(run.status).toBe('failed');
    expect(threadText(run.id)).toContain('• failed request to GCP file transfer status');
    expect(threadText(run.id)).toContain('Exporter errors');
  });

  it('fails without retrying when ingest refuses the token, saying what to do and not the token', async () => {
    await start();
    seed(stack, 1, 'Archived');
    stack.ingests.prod.token = 'someone-else';

    const reply = await stack.requester.command(`export ${submission(1)} prod`);
    const run = await finished(stack, Number(/R(\d+)/.exec(reply.body.text ?? '')?.[1]));

    expect(run.status).toBe('failed');
    expect(run.lastError).toContain('the ingest token expired or lacks authority');
    expect(run.lastError).toContain('copies a fresh token from the ingest UI');
    expect(run.attempts).toBe(0);
  });

  it('pauses on ingest 5xx, HTML pages and timeouts, and carries on', async () => {
    await start({ env: { HTTP_TIMEOUT_MS: '1000' } });
    seed(stack, 1, 'Exported');
    stack.ingests.prod.failNext('html-500');
    stack.ingests.prod.failNext('hang');
    stack.ingests.prod.failNext({ status: 502, message: 'Bad Gateway' });

    const reply = await stack.requester.command(`export ${submission(1)} prod`);
    const runId = Number(/R(\d+)/.exec(reply.body.text ?? '')?.[1]);
    for (let paused = 0; paused < 3; paused++) {
      await runWhen(stack, runId, `pause ${paused + 1}`, (r) => r.attempts >= paused + 1);
      clock.advance(HOUR);
      stack.bot.runner.kick();
    }
    const run = await finished(stack, runId);

    expect(run.status).toBe('succeeded');
    expect(threadText(runId)).toContain('Paused: The ingest API');
  });
});
