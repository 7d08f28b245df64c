import { DEFAULT_TIMINGS } from '../../src/bot.js';
import { OffsetClock } from '../../src/clock.js';
import { ENVIRONMENTS } from '../../src/environments.js';
import { FAST_TIMINGS, SANDBOX_CHANNEL, startStack, type Stack } from '../../src/sandbox/stack.js';
import { waitFor } from '../../test/support/wait.js';
import type { BenchCase } from '../bench-case.js';
import { median, round, summarize } from '../stats.js';

const SUBMISSIONS = Number(process.env.BENCH_WATCH_SUBMISSIONS ?? 500);
const WATCHED_PROJECTS = 20;
const WATCH_DAYS = 3;
const STORY_ROUNDS = 30;
const SYSTEM_LATENCY_MS = 50;
const INTERVAL_MS = 300_000;
const DAY_MS = 86_400_000;

const submissionOf = (env: number, n: number) =>
  `5b7c9d1e-2f3a-4b4c-8d5e-${String(env * 100_000 + n).padStart(12, '0')}`;
const projectOf = (n: number) => `0a1b2c3d-4e5f-4a6b-8c7d-${String(n).padStart(12, '0')}`;

function ingestRequests(stack: Stack): number {
  return ENVIRONMENTS.reduce((n, env) => n + stack.ingests[env].requests.length, 0);
}

async function interval(stack: Stack, clock: OffsetClock): Promise<void> {
  clock.advance(INTERVAL_MS);
  const after = clock.now();
  stack.bot.runner.kick();
  await waitFor(
    'the watcher’s check',
    () => {
      const run = stack.bot.runs.active().find((r) => r.kind === 'ingest-watch');
      return run && run.status === 'waiting' && (run.wakeAt ?? 0) > after;
    },
    600_000,
  );
}

/** The watcher over 3 environments with SUBMISSIONS in Archiving each: requests and posts per interval. */
async function watcherCost(log: (line: string) => void) {
  const clock = new OffsetClock();
  const stack = await startStack({
    withIngestToken: true,
    clock,
    timings: FAST_TIMINGS,
    env: {
      HTTP_TIMEOUT_MS: '30000',
      INGEST_WATCH_CHANNEL: SANDBOX_CHANNEL,
      INGEST_WATCH_ENVS: ENVIRONMENTS.join(','),
      INGEST_WATCH_INTERVAL_MS: String(INTERVAL_MS),
    },
  });
  try {
    await waitFor('the first (empty) check', () => stack.bot.runs.active().some((r) => r.status === 'waiting'), 60_000);
    ENVIRONMENTS.forEach((env, e) => {
      for (let n = 0; n < SUBMISSIONS; n++) {
        stack.ingests[env].addSubmission(submissionOf(e, n), 'Archiving');
        stack.ingests[env].setProject(submissionOf(e, n), {
          uuid: projectOf(n),
          title: `Atlas ${n}`,
          shortName: `A${n}`,
        });
      }
    });
    const posts = () => stack.slack.callsTo('chat.postMessage').length;
    const [requests0, posts0, started] = [ingestRequests(stack), posts(), performance.now()];
    await interval(stack, clock);
    const first = { ingestRequests: ingestRequests(stack) - requests0, slackPosts: posts() - posts0 };
    const firstSeconds = round((performance.now() - started) / 1000, 1);
    const [requests1, posts1] = [ingestRequests(stack), posts()];
    await interval(stack, clock);
    const quiet = { ingestRequests: ingestRequests(stack) - requests1, slackPosts: posts() - posts1 };
    log(`first interval: ${first.ingestRequests} ingest requests, ${first.slackPosts} posts (${firstSeconds} s)`);
    log(`quiet interval: ${quiet.ingestRequests} ingest requests, ${quiet.slackPosts} posts`);
    return {
      environments: ENVIRONMENTS.length,
      submissionsInArchivingPerEnvironment: SUBMISSIONS,
      firstInterval: {
        ...first,
        seconds: firstSeconds,
        postsPerNewSubmission: round(first.slackPosts / (SUBMISSIONS * 3)),
      },
      quietInterval: quiet,
    };
  } finally {
    await stack.stop();
  }
}

/** WATCHED_PROJECTS portal watches, none live, for WATCH_DAYS days: Azul requests per project per day. */
async function portalWatchCost(log: (line: string) => void) {
  const clock = new OffsetClock();
  const stack = await startStack({ clock, env: { PORTAL_WATCH_INTERVAL_MS: String(DAY_MS) } });
  try {
    for (let n = 0; n < WATCHED_PROJECTS; n++) await stack.requester.command(`portal ${projectOf(n)} --watch`);
    const waitingAll = (checks: number) =>
      waitFor(
        `${WATCHED_PROJECTS} watches at check ${checks}`,
        () => {
          const watching = stack.bot.runs.active().filter((r) => r.kind === 'portal');
          return (
            watching.length === WATCHED_PROJECTS &&
            watching.every((r) => r.status === 'waiting' && r.state.checks === checks)
          );
        },
        120_000,
      );
    await waitingAll(1);
    const before = stack.azul.requests.length;
    for (let day = 2; day <= WATCH_DAYS + 1; day++) {
      clock.advance(DAY_MS);
      stack.bot.runner.kick();
      await waitingAll(day);
    }
    const perProjectDay = (stack.azul.requests.length - before) / (WATCHED_PROJECTS * WATCH_DAYS);
    const releaseCatalogs = [...stack.azul.catalogs].filter(([n, c]) => !c.internal && /^dcp\d+$/.test(n)).length;
    log(`portal watch: ${round(perProjectDay)} Azul requests per project per day (target ≤ ${releaseCatalogs + 1})`);
    return {
      watchedProjects: WATCHED_PROJECTS,
      days: WATCH_DAYS,
      azulRequestsPerProjectPerDay: round(perProjectDay),
      target: releaseCatalogs + 1,
    };
  } finally {
    await stack.stop();
  }
}

/**
 * `/hca status <uuid>` with ingest and Azul each answering in 50 ms and Azul paced as in production (one request a
 * second): from the ack to the story's arrival, for stories a second apart and for stories asked back to back.
 */
async function storyLatency(log: (line: string) => void) {
  const stack = await startStack({
    withIngestToken: true,
    timings: { ...FAST_TIMINGS, azulIntervalMs: DEFAULT_TIMINGS.azulIntervalMs },
    env: { LOG_LEVEL: 'error' },
  });
  try {
    stack.ingests.prod.addSubmission(submissionOf(0, 1), 'Exporting');
    stack.ingests.prod.setProject(submissionOf(0, 1), { uuid: projectOf(1), title: 'Atlas 1', shortName: 'A1' });
    stack.ingests.prod.startExport(submissionOf(0, 1), 4);
    for (const standIn of [...ENVIRONMENTS.map((env) => stack.ingests[env]), stack.azul]) {
      standIn.latencyMs = SYSTEM_LATENCY_MS;
    }
    const story = async () => {
      const reply = await stack.requester.command(`status ${submissionOf(0, 1)}`);
      const acked = Date.now();
      const answer = await waitFor(
        'the story',
        () => stack.slack.responses.find((r) => reply.responseUrl.endsWith(`/response/${r.id}`)),
        10_000,
      );
      return answer.at - acked;
    };
    const secondApart: number[] = [];
    for (let round = 0; round < STORY_ROUNDS; round++) {
      secondApart.push(await story());
      await new Promise((resolve) => setTimeout(resolve, DEFAULT_TIMINGS.azulIntervalMs));
    }
    const backToBack: number[] = [];
    for (let round = 0; round < STORY_ROUNDS; round++) backToBack.push(await story());
    log(
      `status story: median ${median(secondApart)} ms after the ack a second apart, ${median(backToBack)} ms back to back (target ≤ 1000 ms)`,
    );
    return {
      rounds: STORY_ROUNDS,
      systemLatencyMs: SYSTEM_LATENCY_MS,
      azulIntervalMs: DEFAULT_TIMINGS.azulIntervalMs,
      ackToAnswerMs: { secondApart: summarize(secondApart), backToBack: summarize(backToBack) },
      targetMs: 1000,
    };
  } finally {
    await stack.stop();
  }
}

/** Issue 9's "Measured": the watcher's cost, the portal watch's Azul requests, and the status story's latency. */
export const portal: BenchCase = {
  name: 'portal',
  summary: `ingest watcher over 3 environments × ${SUBMISSIONS} in Archiving; portal watch Azul requests per project per day; /hca status <uuid> ack-to-answer with 50 ms systems`,
  async run(log) {
    return {
      watcher: await watcherCost(log),
      portalWatch: await portalWatchCost(log),
      statusStory: await storyLatency(log),
    };
  },
};
