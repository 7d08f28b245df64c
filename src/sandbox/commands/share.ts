import { z } from 'zod';
import { SANDBOX_FIXTURES } from '../htan-fixtures.js';
import { SANDBOX_CHANNEL } from '../stack.js';
import { defineSandboxCommand } from './sandbox-command.js';

const names = Object.keys(SANDBOX_FIXTURES);

const ShareArgs = z
  .tuple([
    z.string().refine((name) => name in SANDBOX_FIXTURES, {
      error: (issue) => `\`${String(issue.input)}\` is not a fixture: use ${names.join(', ')}.`,
    }),
  ])
  .transform(([fixture]) => ({ fixture }));

/** `/sandbox share <fixture>`: the current user shares an HTAN metadata file in the channel, for `/htan check`. */
export const shareCommand = defineSandboxCommand<z.infer<typeof ShareArgs>>({
  name: 'share',
  usage: `<${names.join('|')}>`,
  summary: 'Share an HTAN metadata file in the channel as the current user (made on the spot), then `/htan check` it.',
  args: ShareArgs,
  async run({ fixture }, { stack, clock, user }) {
    const { name, bytes } = SANDBOX_FIXTURES[fixture]!;
    const created = Math.floor(clock.now() / 1000);
    const file = stack.slack.shareFile({ name, user, channel: SANDBOX_CHANNEL, created, bytes: await bytes() });
    return `\`${user}\` shared \`${name}\` in #${SANDBOX_CHANNEL} (file ${file.id}).`;
  },
});
