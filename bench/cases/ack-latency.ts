import { App, LogLevel } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TIMINGS } from '../../src/bot.js';
import { SlackRequester } from '../../src/sandbox/slack-requests.js';
import type { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { SANDBOX_BOT_TOKEN, SANDBOX_SIGNING_SECRET, startStack } from '../../src/sandbox/stack.js';
import type { BenchCase } from '../bench-case.js';
import { median, round, summarize } from '../stats.js';

const SLASH_COMMAND = '/hca';
const CONCURRENCY = 50;
/** About 1,000 requests each: V8 optimises the hot paths and SQLite's WAL file reaches its working size. */
const WARMUP_ROUNDS = 20;
const ROUNDS = 200;
const TARGET_MEDIAN_RATIO = 1.2;
const SLACK_ACK_DEADLINE_MS = 3000;

type Target = 'bot' | 'bareBolt';

/** A Bolt app with nothing but a listener that acks, on the same stand-in and signing secret as the bot. */
async function startBareBolt(slack: SlackStandIn): Promise<{ requester: SlackRequester; stop(): Promise<void> }> {
  const app = new App({
    token: SANDBOX_BOT_TOKEN,
    signingSecret: SANDBOX_SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    deferInitialization: true,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command(SLASH_COMMAND, async ({ ack }) => {
    await ack();
  });
  await app.init();
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    requester: new SlackRequester({
      eventsUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SANDBOX_SIGNING_SECRET,
      slack,
    }),
    stop: () => app.stop() as Promise<void>,
  };
}

/** Sends CONCURRENCY signed `/hca help` at once; the time from sending to the ack body of each. */
async function burst(requester: SlackRequester, target: Target): Promise<{ latencies: number[]; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const latencies = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const sent = performance.now();
      const reply = await requester.command('help');
      const elapsed = performance.now() - sent;
      const helpShown = target === 'bareBolt' || reply.body.text?.includes('what you can do here');
      if (reply.status !== 200 || !helpShown) {
        throw new Error(`${target} answered /hca help with ${reply.status}: ${JSON.stringify(reply.body)}`);
      }
      return elapsed;
    }),
  );
  const used = process.cpuUsage(cpu);
  return { latencies, cpuMs: (used.user + used.system) / 1000 };
}

export const ackLatency: BenchCase = {
  name: 'ack-latency',
  summary: `ack latency of a signed ${SLASH_COMMAND} help, ${CONCURRENCY} at once, the bot against a bare Bolt app that only acks`,
  async run(log) {
    // The bot as deployed: production pacing and log level (the stack discards the lines).
    const stack = await startStack({ env: { LOG_LEVEL: 'info' }, timings: DEFAULT_TIMINGS });
    const bare = await startBareBolt(stack.slack);
    const requesters: Record<Target, SlackRequester> = { bot: stack.requester, bareBolt: bare.requester };
    const rounds: Record<Target, number[][]> = { bot: [], bareBolt: [] };
    const cpuMs: Record<Target, number> = { bot: 0, bareBolt: 0 };
    try {
      for (let i = 0; i < WARMUP_ROUNDS + ROUNDS; i++) {
        const order: Target[] = i % 2 === 0 ? ['bot', 'bareBolt'] : ['bareBolt', 'bot'];
        for (const target of order) {
          const measured = await burst(requesters[target], target);
          if (i < WARMUP_ROUNDS) continue;
          rounds[target].push(measured.latencies);
          cpuMs[target] += measured.cpuMs;
        }
      }
    } finally {
      await bare.stop();
      await stack.stop();
    }

    const figures = (target: Target) => {
      const latencies = rounds[target].flat();
      return { ...summarize(latencies), cpuMsPerRequest: round(cpuMs[target] / latencies.length, 3) };
    };
    const bot = figures('bot');
    const bareBolt = figures('bareBolt');
    // Each bot round against the bare round next to it, so load from other processes mostly cancels out.
    const pairedRatios = rounds.bot.map((r, i) => median(r) / median(rounds.bareBolt[i]!));
    const ratios = {
      median: round(bot.p50Ms / bareBolt.p50Ms),
      p99: round(bot.p99Ms / bareBolt.p99Ms),
      pairedRounds: round(median(pairedRatios)),
      cpuPerRequest: round(bot.cpuMsPerRequest / bareBolt.cpuMsPerRequest),
    };
    for (const [label, f] of [['bot      ', bot] as const, ['bare Bolt', bareBolt] as const]) {
      log(`${label} p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  max ${f.maxMs} ms  cpu ${f.cpuMsPerRequest} ms/request`);
    }
    log(
      `ratios    median ${ratios.median} (target <= ${TARGET_MEDIAN_RATIO})  p99 ${ratios.p99}` +
        `  median of paired rounds ${ratios.pairedRounds}  cpu ${ratios.cpuPerRequest}`,
    );
    return {
      concurrency: CONCURRENCY,
      requestsPerApp: bot.count,
      warmupRounds: WARMUP_ROUNDS,
      rounds: ROUNDS,
      bot,
      bareBolt,
      ratios,
      targets: { medianRatio: TARGET_MEDIAN_RATIO, p99BelowMs: SLACK_ACK_DEADLINE_MS },
      met: ratios.median <= TARGET_MEDIAN_RATIO && bot.p99Ms < SLACK_ACK_DEADLINE_MS,
    };
  },
};
