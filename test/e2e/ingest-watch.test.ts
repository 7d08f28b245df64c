import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.js';
import type { OffsetClock } from '../../src/clock.js';
import { buttonsOf } from '../../src/sandbox/slack-requests.js';
import { FAST_TIMINGS, SANDBOX_CHANNEL, SANDBOX_INGEST_TOKEN, type Stack } from '../../src/sandbox/stack.js';
import { START_ARCHIVING_ACTION } from '../../src/workflows/ingest-watch/messages.js';
import { answerTo } from '../support/archive.js';
import { textOf } from '../support/block-kit.js';
import {
  checked,
  nextInterval,
  notices,
  projectOf,
  READY,
  seed,
  startWatchStack,
  submission,
  watcherRun,
} from '../support/portal-stack.js';
import { waitFor } from '../support/wait.js';

const TOKEN_REFUSED = /ingest token was refused on prod/;

describe('the ingest watcher', () => {
  let stack: Stack;
  let clock: OffsetClock;
  afterEach(async () => {
    await stack.stop();
  });

  async function start(options: Parameters<typeof startWatchStack>[0] = {}, before?: (s: Stack) => void) {
    ({ stack, clock } = await startWatchStack(options));
    before?.(stack);
    return checked(stack, 0);
  }

  it('posts once per submission that reaches Archiving, with its project, over paged searches; quiet intervals post nothing', async () => {
    await start();
    stack.ingests.prod.maxPageSize = 2;
    for (const n of [1, 2, 3, 4, 5]) seed(stack, n);
    await nextInterval(stack, clock);

    const posted = notices(stack, READY);
    expect(posted).toHaveLength(5);
    expect(textOf(posted[0]!)).toContain('*Ready for archiving* (prod): *Atlas number 1* (`Atlas1`)');
    expect(buttonsOf(posted[0]!).map((b) => b.element.action_id)).toEqual([START_ARCHIVING_ACTION]);
    const searches = stack.ingests.prod.requests.filter((r) => r.path.endsWith('/findBySubmissionState'));
    expect(searches.length).toBeGreaterThanOrEqual(3 + 1);

    const postsBefore = stack.slack.callsTo('chat.postMessage').length;
    await nextInterval(stack, clock);
    await nextInterval(stack, clock);

    expect(stack.slack.callsTo('chat.postMessage')).toHaveLength(postsBefore);
    expect(watcherRun(stack)?.status).toBe('waiting');
  });

  it('sums up in one message the submissions already in Archiving when it starts; later arrivals get a notice each', async () => {
    await start({}, (s) => {
      for (let n = 1; n <= 12; n++) seed(s, n);
    });

    const summary = notices(stack, /Already in Archiving/);
    expect(summary).toHaveLength(1);
    expect(notices(stack, READY)).toHaveLength(0);
    const text = textOf(summary[0]!);
    expect(text).toContain('12 submissions were in Archiving when the watcher started watching prod');
    expect(text).toContain(`\`${submission(1)}\` · *Atlas number 1* (\`Atlas1\`)`);
    expect(text).not.toContain(submission(11));
    expect(text).toContain('… and 2 more');
    expect(buttonsOf(summary[0]!)).toEqual([]);

    stack.ingests.prod.addSubmission(submission(1), 'Archived');
    seed(stack, 13);
    await nextInterval(stack, clock);
    await nextInterval(stack, clock);

    expect(notices(stack, READY).map(textOf)).toEqual([expect.stringContaining('*Atlas number 13*')]);
    expect(notices(stack, /Already in Archiving/).map(textOf)).toEqual([text]);
  });

  it('gives later arrivals a notice each even when the first check failed after its summary', async () => {
    await start({}, (s) => {
      for (let n = 1; n <= 12; n++) seed(s, n);
      seed(s, 20, 'Archived');
      s.ingests.prod.startExport(submission(20), 4);
      s.ingests.prod.failNextOn('exportJobs', { status: 503, message: 'Service Unavailable' });
    });
    expect(watcherRun(stack)?.state.faults).toHaveProperty('prod');

    for (const n of [21, 22, 23, 24]) seed(stack, n);
    await nextInterval(stack, clock);

    expect(notices(stack, /Already in Archiving/)).toHaveLength(1);
    expect(notices(stack, READY)).toHaveLength(4);
  });

  it('escapes a project title and short name from ingest in the notice, its fallback text included', async () => {
    ({ stack, clock } = await startWatchStack());
    seed(stack, 1);
    stack.ingests.prod.setProject(submission(1), {
      uuid: projectOf(1),
      title: '<!channel> Heart <@U0EVIL>',
      shortName: '<https://evil.example|x>',
    });
    await nextInterval(stack, clock);

    const [notice] = notices(stack, READY);
    const shown = `${notice!.text} ${JSON.stringify(notice!.blocks)}`;
    expect(shown).toContain('&lt;!channel&gt; Heart &lt;@U0EVIL&gt;');
    expect(shown).not.toMatch(/<!channel>|<@U0EVIL>|<https:\/\/evil/);
  });

  it('notices a submission again when it leaves Archiving and comes back; the old notice loses its button', async () => {
    await start({}, (s) => seed(s, 1));
    await nextInterval(stack, clock);
    expect(notices(stack, READY)).toHaveLength(1);

    stack.ingests.prod.addSubmission(submission(1), 'Graph valid');
    await nextInterval(stack, clock);
    const [first] = notices(stack, READY);
    await waitFor('the first notice to lose its button', () => buttonsOf(first!).length === 0);
    expect(textOf(first!)).toContain('No longer in Archiving');

    stack.ingests.prod.addSubmission(submission(1), 'Archiving');
    await nextInterval(stack, clock);

    expect(notices(stack, READY)).toHaveLength(2);
  });

  it('starts the same archive run as /hca archive from the button, once however often it is clicked', async () => {
    await start({}, (s) => seed(s, 1));
    const notice = await waitFor('the notice', () => notices(stack, READY)[0]);

    await stack.requester.click(notice, START_ARCHIVING_ACTION);
    const run = await waitFor('the archive run', () => stack.bot.runs.active().find((r) => r.kind === 'archive'));
    const again = await stack.requester.click(notice, START_ARCHIVING_ACTION);

    expect(run).toMatchObject({ subject: submission(1), environment: 'prod', requester: 'U0OPERATOR' });
    expect(run.idempotencyKey).toBe(`archive:prod:${submission(1)}`);
    expect((await answerTo(stack, again.responseUrl)).body.text).toContain(`${run.ref}`);
    expect(stack.bot.runs.mentioning(submission(1), 10).filter((r) => r.kind === 'archive')).toHaveLength(1);
  });

  it('refuses a click by someone who is not an operator', async () => {
    await start({}, (s) => seed(s, 1));
    const notice = await waitFor('the notice', () => notices(stack, READY)[0]);

    const click = await stack.requester.click(notice, START_ARCHIVING_ACTION, { user: 'U0OTHER' });

    expect((await answerTo(stack, click.responseUrl)).body.text).toContain('Only operators');
    expect(stack.bot.runs.active().filter((r) => r.kind === 'archive')).toHaveLength(0);
  });

  it('says so, and starts nothing, when the submission left Archiving before anyone clicked', async () => {
    await start({}, (s) => seed(s, 1));
    const notice = structuredClone(await waitFor('the notice', () => notices(stack, READY)[0]));
    stack.ingests.prod.addSubmission(submission(1), 'Archived');
    await nextInterval(stack, clock);

    const click = await stack.requester.click(notice, START_ARCHIVING_ACTION);

    expect((await answerTo(stack, click.responseUrl)).body.text).toContain(
      `Submission \`${submission(1)}\` (prod) is no longer in Archiving`,
    );
    expect(stack.bot.runs.active().filter((r) => r.kind === 'archive')).toHaveLength(0);
  });

  it('notices an export whose latest job has not moved for EXPORT_STUCK_AFTER_MS, once', async () => {
    await start({ env: { EXPORT_STUCK_AFTER_MS: String(3 * 60_000) } }, (s) => {
      seed(s, 1, 'Archived');
      s.ingests.prod.startExport(submission(1), 4);
    });
    await nextInterval(stack, clock);
    expect(notices(stack, /Export looks stuck/)).toHaveLength(0);

    for (let i = 0; i < 4; i++) await nextInterval(stack, clock);

    const stuck = notices(stack, /Export looks stuck/);
    expect(stuck).toHaveLength(1);
    expect(textOf(stuck[0]!)).toContain('The data transfer is not confirmed');
    expect(textOf(stuck[0]!)).toContain('`Atlas1`');
  });

  it('says a refused token once, not every interval, and says when it works again', async () => {
    await start({}, (s) => {
      seed(s, 1);
      s.ingests.prod.token = 'someone-else';
    });
    await nextInterval(stack, clock);
    await nextInterval(stack, clock);

    expect(notices(stack, TOKEN_REFUSED)).toHaveLength(1);
    expect(notices(stack, READY)).toHaveLength(0);
    expect(textOf(notices(stack, TOKEN_REFUSED)[0]!)).not.toContain(SANDBOX_INGEST_TOKEN);
    expect(watcherRun(stack)?.status).toBe('waiting');

    stack.ingests.prod.token = SANDBOX_INGEST_TOKEN;
    await nextInterval(stack, clock);

    expect(notices(stack, /token works again on prod/)).toHaveLength(1);
    expect(notices(stack, READY)).toHaveLength(1);
  });

  it('reads INGEST_API_TOKEN_FILE again after a 401, so a replaced token works without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-token-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'an-expired-wrangler-token');
    try {
      await start({ withIngestToken: false, env: { INGEST_API_TOKEN_FILE: file } }, (s) => seed(s, 1));
      expect(notices(stack, TOKEN_REFUSED)).toHaveLength(1);

      writeFileSync(file, `${SANDBOX_INGEST_TOKEN}\n`);
      await nextInterval(stack, clock);

      expect(notices(stack, READY)).toHaveLength(1);
      expect(notices(stack, TOKEN_REFUSED)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rides out 5xx, HTML pages, timeouts and malformed pages: the status says so and nothing is lost or doubled', async () => {
    await start({ env: { HTTP_TIMEOUT_MS: '1000' } }, (s) => seed(s, 1));
    const faults = ['html-500', 'malformed-json', 'hang', { status: 503, message: 'Service Unavailable' }] as const;

    for (const fault of faults) {
      seed(stack, faults.indexOf(fault) + 2);
      stack.ingests.prod.failNextOn('search', fault);
      const run = await nextInterval(stack, clock);
      expect(run.state.faults).toHaveProperty('prod');
      expect(run.status).toBe('waiting');
    }
    await nextInterval(stack, clock);

    expect(
      notices(stack, READY)
        .map((m) => /`(5b7c[^`]+)`/.exec(textOf(m))?.[1])
        .sort(),
    ).toEqual([1, 2, 3, 4, 5].map(submission));
    expect(watcherRun(stack)?.state.faults).not.toHaveProperty('prod');
  });

  it('says once in the channel when ingest has failed for three intervals, and once when it answers again', async () => {
    await start();
    const said = () =>
      stack.slack
        .rootMessages(SANDBOX_CHANNEL)
        .map(textOf)
        .filter((t) => /ingest API on prod/.test(t));

    for (let interval = 1; interval <= 6; interval++) {
      stack.ingests.prod.failNextOn('search', { status: 503, message: 'Service Unavailable' });
      await nextInterval(stack, clock);
      expect(said()).toHaveLength(interval < 4 ? 0 : 1);
    }
    await nextInterval(stack, clock);
    await nextInterval(stack, clock);

    expect(said()).toEqual([
      expect.stringContaining('The ingest API on prod has failed for 3 min'),
      expect.stringContaining('The ingest API on prod answers again'),
    ]);
  });

  it('keeps its wait across a restart and does not post the same notice again', async () => {
    await start({}, (s) => seed(s, 1));
    expect(notices(stack, READY)).toHaveLength(1);
    const run = watcherRun(stack)!;

    await stack.restartBot({ clock });
    seed(stack, 2);
    await nextInterval(stack, clock);

    expect(watcherRun(stack)?.id).toBe(run.id);
    expect(notices(stack, READY)).toHaveLength(2);
  });

  it('posts each notice once with two bot processes on one database', async () => {
    const second: RunningBot[] = [];
    try {
      await start({}, (s) => {
        for (const n of [1, 2, 3]) seed(s, n);
      });
      second.push(await startBot(stack.config, { clock, timings: FAST_TIMINGS, logSink: () => undefined }));
      for (const n of [4, 5, 6]) seed(stack, n);
      clock.advance(60_000);
      const after = clock.now();
      stack.bot.runner.kick();
      second[0]!.runner.kick();
      await checked(stack, after);
      await waitFor('six notices', () => notices(stack, READY).length >= 6);

      expect(notices(stack, READY)).toHaveLength(6);
      expect(stack.bot.runs.active().filter((r) => r.kind === 'ingest-watch')).toHaveLength(1);
    } finally {
      await second[0]?.stop();
    }
  });

  it('does not run without an ingest token, and says why at start-up', async () => {
    const lines: string[] = [];
    ({ stack, clock } = await startWatchStack({ withIngestToken: false, logSink: (line) => lines.push(line) }));

    expect(watcherRun(stack)).toBeUndefined();
    expect(lines.join('\n')).toContain('INGEST_WATCH_CHANNEL is set but there is no ingest token');
  });
});
