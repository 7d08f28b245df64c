import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLASH_COMMANDS } from '../../src/commands/catalog.js';
import { startStack, type Stack } from '../../src/sandbox/stack.js';
import { testClock } from '../support/reminders.js';
import { waitFor } from '../support/wait.js';

/** What Slack turns into a mention, a channel-wide ping, a link or a date when it stands in a message unescaped. */
const SPECIAL = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@UEVIL00001>',
  '<#CEVIL00001>',
  '<!subteam^SEVIL0001>',
  '<!date^1700000000^{date}|a date>',
  '<https://evil.example/x|click me>',
  '<mailto:evil@example.com|mail me>',
];
const PLAIN = ['`', '```', '*', '_', '~', '&', '>', 'a|b', '&lt;!channel&gt;', 'x'.repeat(300)];
const WORDS = [
  'dev',
  'staging',
  'prod',
  'all',
  'R1',
  'R99',
  'M1',
  'tomorrow',
  '2027-03-04',
  '03/04/2027',
  'in 3 days',
  'cancel',
  'move',
  'check',
  'sync',
  '--include-spreadsheets',
  's3://hca-util-upload-area/3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69/',
  's3://htan-bucket/',
  '--no-runs',
  '8f4c2a9e-1111-4222-8333-000000000001',
  '3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69',
];
/** Every subcommand of every slash command (so a new one is fuzzed too), a misspelt one and none. */
const SUBCOMMANDS: Record<string, string[]> = Object.fromEntries(
  SLASH_COMMANDS.map(({ command, catalog }) => [command, [...catalog.map((entry) => entry.name), 'pnig', '']]),
);
const FUZZED = 10_000;
const AT_ONCE = 16;

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function fuzzedCommands(count: number, seed: number): { command: string; text: string }[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const word = () => {
    const roll = next();
    if (roll < 0.35) return pick(SPECIAL);
    if (roll < 0.5) return pick(PLAIN);
    if (roll < 0.6) return `${pick(WORDS)}${pick(SPECIAL)}`;
    return pick(WORDS);
  };
  return Array.from({ length: count }, () => {
    const command = next() < 0.8 ? '/hca' : '/htan';
    const words = [next() < 0.15 ? pick(SPECIAL) : pick(SUBCOMMANDS[command]!)];
    const more = Math.floor(next() * 5);
    for (let i = 0; i < more; i++) words.push(word());
    return { command, text: words.join(next() < 0.2 ? '  ' : ' ') };
  });
}

/** Every text Slack shows of a message or reply (its `text` and each text object), not button values. */
function shownTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(shownTexts);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'text' && typeof inner === 'string' ? [inner] : shownTexts(inner),
  );
}

/** The special sequences a message would show as Slack markup. */
function unescaped(message: unknown): string[] {
  const shown = shownTexts(message).join('\n');
  return SPECIAL.filter((special) => shown.includes(special));
}

describe(`${FUZZED} fuzzed /hca and /htan commands`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ clock: testClock() });
    for (const env of ['dev', 'staging', 'prod'] as const) stack.archivers[env].health = 'hang';
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('get private replies that quote what they were sent escaped, and post nothing unescaped', async () => {
    const commands = fuzzedCommands(FUZZED, 20261129);
    const offenders: { command: string; reply: string; found: string[] }[] = [];

    for (let i = 0; i < commands.length; i += AT_ONCE) {
      const batch = commands.slice(i, i + AT_ONCE);
      const replies = await Promise.all(batch.map(({ command, text }) => stack.requester.command(text, { command })));
      replies.forEach((reply, n) => {
        const found = unescaped(reply.body);
        if (reply.status !== 200 || found.length > 0) {
          const { command, text } = batch[n]!;
          offenders.push({ command: `${command} ${text}`, reply: JSON.stringify(reply.body), found });
        }
      });
    }
    const posted = stack.slack.messages.filter((m) => unescaped(m).length > 0);

    expect(offenders.slice(0, 5), `${offenders.length} of ${FUZZED} replies quote Slack markup unescaped`).toEqual([]);
    expect(posted.map((m) => m.text).slice(0, 5)).toEqual([]);
  }, 240_000);

  it('escape a run title made of what was typed, in the reply and in the status message posted in the channel', async () => {
    const before = stack.slack.messages.length;
    const reply = await stack.requester.command('check s3://htan-bucket/<!channel>.csv', { command: '/htan' });
    const status = await waitFor('the status message', () => stack.slack.messages.slice(before)[0]);

    expect(reply.body.text).toContain('&lt;!channel&gt;.csv');
    expect(unescaped(reply.body)).toEqual([]);
    expect(unescaped(status)).toEqual([]);
  });
});
