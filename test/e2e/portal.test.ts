import { afterEach, describe, expect, it } from 'vitest';
import type { OffsetClock } from '../../src/clock.js';
import { SANDBOX_CHANNEL, type Stack } from '../../src/sandbox/stack.js';
import type { StandInAzulProject } from '../../src/sandbox/azul-stand-in.js';
import { finished, runWhen } from '../support/archive.js';
import { textOf } from '../support/block-kit.js';
import { projectOf, startWatchStack } from '../support/portal-stack.js';
import { heartAtlas } from '../support/portal.js';
import { waitFor } from '../support/wait.js';

const DAY = 86_400_000;

function atlas(n: number, overrides: Partial<StandInAzulProject> = {}): StandInAzulProject {
  const fileTypes = [
    { format: 'fastq.gz', count: 12 },
    { format: 'loom', count: 2 },
  ];
  return heartAtlas({
    uuid: projectOf(n),
    title: `Atlas number ${n}`,
    shortName: `Atlas${n}`,
    estimatedCellCount: 52_000,
    fileTypes,
    ...overrides,
  });
}

describe('/hca portal', () => {
  let stack: Stack;
  let clock: OffsetClock;
  afterEach(async () => {
    await stack.stop();
  });

  const start = async (env: Record<string, string> = {}) => {
    ({ stack, clock } = await startWatchStack({ watch: false, env: { ARCHIVER_POLL_INTERVAL_MS: '40', ...env } }));
  };
  const command = async (text: string, user?: string) => {
    const reply = await stack.requester.command(text, { user });
    const id = Number(/Started \*R(\d+)\*/.exec(reply.body.text ?? '')?.[1]);
    return { reply, id };
  };
  const threadText = (runId: number) => {
    const run = stack.bot.runs.get(runId)!;
    const root = stack.slack.messages.find((m) => m.ts === run.threadTs)!;
    return stack.slack.thread(root).map(textOf).join('\n');
  };

  it('says where a live project is, what the portal shows, and gives the link for the contributor', async () => {
    await start();
    stack.azul.publish('dcp43', atlas(1, { accessible: false }));

    const { id } = await command(`portal ${projectOf(1).toUpperCase()}`, 'U0OTHER');
    const run = await finished(stack, id);

    expect(run.status).toBe('succeeded');
    const thread = threadText(id);
    expect(thread).toContain(`is live on the HCA Data Portal in dcp43`);
    expect(thread).toContain('*Atlas number 1* (`Atlas1`)');
    expect(thread).toContain('Cells: 52,000 · File types: fastq.gz (12), loom (2)');
    expect(thread).toContain('Managed access');
    expect(thread).toContain(
      `Link for the contributor: https://data.humancellatlas.org/explore/projects/${projectOf(1)}`,
    );
    const asked = stack.azul.requests.filter((r) => r.path.startsWith('/index/projects/'));
    expect(asked.map((r) => [r.path, r.catalog])).toEqual([[`/index/projects/${projectOf(1)}`, 'dcp43']]);
  });

  it('estimates the first release for a project that is not live yet, after asking every release catalog', async () => {
    await start();

    const { id } = await command(`portal ${projectOf(1)}`);
    await finished(stack, id);

    expect(threadText(id)).toMatch(
      /is not on the HCA Data Portal yet \(checked dcp43, dcp42\)\.\nIf it was exported before the next release, it is expected in dcp44, around \w+ \d+ \w+ \d{4} \(releases are about monthly\)/,
    );
  });

  it('fails with Azul’s reason for a UUID it refuses (400), without retrying', async () => {
    await start();
    const versionZero = '0a1b2c3d-4e5f-0a6b-8c7d-000000000001';

    const { id } = await command(`portal ${versionZero}`);
    const run = await finished(stack, id);

    expect(run.status).toBe('failed');
    expect(run.lastError).toContain(
      `Azul refused the project UUID ${versionZero}: '${versionZero}' is not a valid UUID.`,
    );
    expect(run.attempts).toBe(0);
  });

  it('fails without retrying when a catalog it was told of is unknown (404)', async () => {
    await start();
    const first = await command(`portal ${projectOf(1)}`);
    await finished(stack, first.id);
    stack.azul.catalogs.delete('dcp43');
    stack.azul.indexed.delete('dcp43');

    const { id } = await command(`portal ${projectOf(2)}`);
    const run = await finished(stack, id);

    expect(run.status).toBe('failed');
    expect(run.lastError).toContain('Azul at 127.0.0.1');
    expect(run.lastError).toContain("has no catalog dcp43: Catalog name 'dcp43' does not exist.");
  });

  it('honours a 429’s Retry-After and a 5xx: the run pauses, then answers', async () => {
    await start();
    stack.azul.publish('dcp43', atlas(1));
    stack.azul.limitNext(1);
    stack.azul.failNext('project', { status: 503, message: 'Service Unavailable' });

    const { id } = await command(`portal ${projectOf(1)}`);
    await runWhen(stack, id, 'the 429 pause', (r) => r.attempts === 1);
    const paused = stack.bot.runs.get(id)!;
    const run = await finished(stack, id, 10_000);

    expect(paused.lastError).toContain('rate-limiting the bot (HTTP 429) and asked it to wait 1 s');
    expect(run.status).toBe('succeeded');
    const limited = stack.azul.requests.findIndex((r) => r.status === 429);
    const next = stack.azul.requests[limited + 1]!;
    expect(next.at - stack.azul.requests[limited]!.at).toBeGreaterThanOrEqual(990);
  });

  it('lets only operators watch', async () => {
    await start();

    const { reply } = await command(`portal ${projectOf(1)} --watch`, 'U0OTHER');

    expect(reply.body.text).toContain('Only operators');
    expect(stack.bot.runs.active()).toEqual([]);
  });

  it('watches daily across a restart, then posts once when live and closes the project’s reminder with a note', async () => {
    await start({ PORTAL_WATCH_INTERVAL_MS: String(DAY) });
    await stack.requester.command(`remind ${projectOf(1)} next-release Managed access, first available release`);
    const reminder = stack.bot.reminders.activeForProject(projectOf(1))!;

    const { id } = await command(`portal ${projectOf(1)} --watch`);
    await runWhen(stack, id, 'the first wait', (r) => r.status === 'waiting');
    expect(threadText(id)).toContain('Watching: the bot asks Azul again every 24 h');
    await stack.restartBot({ clock });
    clock.advance(DAY);
    stack.bot.runner.kick();
    await runWhen(stack, id, 'the second check', (r) => r.status === 'waiting' && r.state.checks === 2);
    const requestsPerCheck = stack.azul.requests.length / 2;
    stack.azul.addCatalog('dcp44');
    stack.azul.publish('dcp44', atlas(1));
    clock.advance(DAY);
    stack.bot.runner.kick();
    const run = await finished(stack, id);

    expect(run.status).toBe('succeeded');
    expect(requestsPerCheck).toBeLessThanOrEqual(3);
    expect(threadText(id).match(/is live on the HCA Data Portal/g)).toHaveLength(1);
    expect(stack.bot.reminders.get(reminder.id)).toMatchObject({ status: 'done', handledAction: 'released' });
    const note = await waitFor('the note', () =>
      stack.slack.rootMessages(SANDBOX_CHANNEL).find((m) => m.text.includes(`${reminder.ref} is marked released`)),
    );
    expect(note.text).toContain(`\`${projectOf(1)}\` (Atlas1)`);
    expect(note.text).toContain(`https://data.humancellatlas.org/explore/projects/${projectOf(1)}`);
  });

  it('stops watching after PORTAL_WATCH_MAX_DAYS as timed out, which a retry watches again', async () => {
    await start({ PORTAL_WATCH_INTERVAL_MS: String(DAY), PORTAL_WATCH_MAX_DAYS: '2' });

    const { id } = await command(`portal ${projectOf(1)} --watch`);
    for (let day = 1; day <= 2; day++) {
      await runWhen(stack, id, `wait ${day}`, (r) => r.status === 'waiting' && r.state.checks === day);
      clock.advance(DAY);
      stack.bot.runner.kick();
    }
    const run = await finished(stack, id);

    expect(run.status).toBe('timed_out');
    expect(run.lastError).toContain('not live on the HCA Data Portal within 2 days');
    const retry = await stack.requester.command(`retry R${id}`);
    expect(retry.body.text).toContain(`R${id}`);
    await runWhen(stack, id, 'watching again', (r) => r.status === 'waiting');
  });
});
