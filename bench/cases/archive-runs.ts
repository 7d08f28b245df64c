import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARCHIVE_ACTIONS } from '../../src/workflows/archive/questions.js';
import { buttonsOf, SlackRequester } from '../../src/sandbox/slack-requests.js';
import { SANDBOX_OPERATOR, SANDBOX_SIGNING_SECRET, startStandIns } from '../../src/sandbox/stack.js';
import type { BenchCase } from '../bench-case.js';
import { round } from '../stats.js';
import { listeningPort } from '../../test/support/bot-process.js';

const RUNS = Number(process.env.BENCH_ARCHIVE_RUNS ?? 200);
const CHANNELS = 40;
const TIMEOUT_MS = 240_000;
const TARGET_CALLS_PER_RUN = 15;
const TARGET_RSS_MB = 200;

function uuidFor(i: number): string {
  return `0000${String(i).padStart(4, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

/** The most chat.postMessage calls any channel received within one second. */
function busiestSecond(calls: { method: string; args: Record<string, unknown>; at: number }[]): number {
  const byChannel = new Map<string, number[]>();
  for (const call of calls) {
    if (call.method !== 'chat.postMessage') continue;
    const list = byChannel.get(String(call.args.channel)) ?? [];
    list.push(call.at);
    byChannel.set(String(call.args.channel), list);
  }
  let most = 0;
  for (const times of byChannel.values()) {
    times.sort((a, b) => a - b);
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
  }
  return most;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * 200 archive runs at once against the stand-ins, the bot in its own process with production pacing (posts paced per
 * channel, status edits throttled) but fast polls: every run must end archived, each POST sent once.
 */
export const archiveRuns: BenchCase = {
  name: 'archive-runs',
  summary: `${RUNS} concurrent /hca archive runs: correctness, Web API calls per run, posts per channel-second, peak RSS`,
  async run(log) {
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
    const standIns = await startStandIns({
      withS3: true,
      archiverTimings: { conversionMs: 200, planMs: 200, validationMs: 100, completionMs: 200 },
    });
    for (let c = 0; c < CHANNELS; c++)
      standIns.slack.channels.set(`C${String(c).padStart(6, '0')}`, { isPrivate: false, isMember: true });
    const scratch = mkdtempSync(join(tmpdir(), 'hca-bench-'));
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: {
        ...process.env,
        ...standIns.env,
        DATABASE_PATH: join(scratch, 'bot.sqlite'),
        ARCHIVER_POLL_INTERVAL_MS: '250',
        HCA_DEFAULT_ENV: 'dev',
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (process.env.BENCH_BOT_LOG) appendFileSync(process.env.BENCH_BOT_LOG, chunk);
    });
    try {
      const port = await listeningPort(child);
      const requester = new SlackRequester({
        eventsUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SANDBOX_SIGNING_SECRET,
        slack: standIns.slack,
      });
      const started = performance.now();
      const replies = await Promise.all(
        Array.from({ length: RUNS }, (_, i) =>
          requester.command(`archive ${uuidFor(i)} dev`, { channel: `C${String(i % CHANNELS).padStart(6, '0')}` }),
        ),
      );
      const refused = replies.filter((r) => !r.body.text?.startsWith('Started'));
      if (refused.length > 0)
        throw new Error(`${refused.length} archive commands were not started: ${refused[0]!.body.text}`);

      const clicked = new Set<string>();
      const done = () => standIns.archivers.dev.submissions().filter((s) => s.completed).length;
      while (done() < RUNS) {
        if (performance.now() - started > TIMEOUT_MS) throw new Error(`only ${done()} of ${RUNS} runs completed`);
        for (const sub of standIns.archivers.dev.submissions()) {
          if (sub.dspUuid && sub.recorded && !sub.filesUploaded) standIns.archivers.dev.uploadFiles(sub.dspUuid);
        }
        const approvals = standIns.slack.messages.filter(
          (m) => !clicked.has(m.ts) && buttonsOf(m).some((b) => b.element.action_id === ARCHIVE_ACTIONS.complete),
        );
        for (const message of approvals) {
          clicked.add(message.ts);
          await requester.click(message, ARCHIVE_ACTIONS.complete, { user: SANDBOX_OPERATOR });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (Math.round(performance.now() - started) % 10_000 < 100)
          log(`  ${done()} of ${RUNS} completed after ${Math.round((performance.now() - started) / 1000)} s`);
      }
      const summaries = () =>
        standIns.slack.messages.filter((m) => m.text.includes('*Archived* ingest submission')).length;
      while (summaries() < RUNS && performance.now() - started < TIMEOUT_MS)
        await new Promise((r) => setTimeout(r, 100));
      const elapsedS = (performance.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 3000));

      const creates = standIns.archivers.dev.requests.filter((r) => r.route === 'create').length;
      const completes = standIns.archivers.dev.requests.filter((r) => r.route === 'complete').length;
      const webApi = standIns.slack.calls.filter((c) => c.method !== 'auth.test' && c.method !== 'conversations.join');
      const rateLimited = standIns.slack.calls.filter((c) => c.status === 429).length;
      const figures = {
        runs: RUNS,
        channels: CHANNELS,
        archivedSummaries: summaries(),
        createPosts: creates,
        completePosts: completes,
        elapsedSeconds: round(elapsedS),
        webApiCallsPerRun: round(webApi.length / RUNS),
        webApiCallsPerRunTarget: TARGET_CALLS_PER_RUN,
        callsByMethod: Object.fromEntries(
          [...new Set(webApi.map((c) => c.method))].map((m) => [
            m,
            round(webApi.filter((c) => c.method === m).length / RUNS),
          ]),
        ),
        mostPostMessagesInOneChannelSecond: busiestSecond(standIns.slack.calls),
        slack429s: rateLimited,
        botPeakRssMb: round(peakRssMb(child.pid!)),
        botPeakRssTargetMb: TARGET_RSS_MB,
      };
      log(JSON.stringify(figures, null, 2));
      return figures;
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await standIns.stop();
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
