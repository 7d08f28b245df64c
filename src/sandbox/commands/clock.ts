import { z } from 'zod';
import { slackDate } from '../../workflows/kit/wording.js';
import { defineSandboxCommand } from './sandbox-command.js';

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

const Step = z.string().transform((word, ctx) => {
  const match = /^\+(\d+)([dhms])$/.exec(word);
  if (!match) {
    ctx.addIssue({
      code: 'custom',
      message: `\`${word}\` is not a step forward: write it like +8d, +3h, +30m or +45s.`,
    });
    return z.NEVER;
  }
  return Number(match[1]) * UNIT_MS[match[2]!]!;
});

const ClockArgs = z.tuple([Step.optional()]).transform(([stepMs]) => ({ stepMs }));

/** `/sandbox clock [+8d|+3h|+30m]`: moves the bot's clock forward, so timers and reminders fall due. */
export const clockCommand = defineSandboxCommand<z.infer<typeof ClockArgs>>({
  name: 'clock',
  usage: '[+8d|+3h|+30m|+45s]',
  summary: "Move the bot's clock forward, wake the runner and fire due reminders; without a step, show the bot's time.",
  args: ClockArgs,
  async run({ stepMs }, { stack, clock }) {
    if (stepMs !== undefined) {
      clock.advance(stepMs);
      stack.bot.runner.kick();
      await stack.bot.scheduler.scanNow();
    }
    const aheadMs = clock.now() - Date.now();
    const ahead = aheadMs >= 60_000 ? ` (${formatDuration(aheadMs)} ahead of real time)` : '';
    return `The bot's clock reads ${slackDate(clock.now(), '{date_long} {time}')}${ahead}.`;
  },
});

function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 60_000);
  for (const [unit, size] of [
    ['d', 1440],
    ['h', 60],
    ['m', 1],
  ] as const) {
    if (rest >= size) parts.push(`${Math.floor(rest / size)}${unit}`);
    rest %= size;
  }
  return parts.join(' ');
}
