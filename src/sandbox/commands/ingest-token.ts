import { z } from 'zod';
import { SANDBOX_INGEST_TOKEN } from '../stack.js';
import { defineSandboxCommand } from './sandbox-command.js';

const IngestTokenArgs = z
  .tuple([z.enum(['on', 'off'], { error: (issue) => `\`${String(issue.input)}\` is neither on nor off.` }).optional()])
  .transform(([switched]) => ({ switched }));

/** `/sandbox ingest-token on|off`: restarts the bot with or without an ingest API token. */
export const ingestTokenCommand = defineSandboxCommand<z.infer<typeof IngestTokenArgs>>({
  name: 'ingest-token',
  usage: '[on|off]',
  summary:
    'Restart the bot with an ingest API token (`on`: archive runs read the submission’s state in ingest) or without one (`off`); without an argument, say which.',
  args: IngestTokenArgs,
  async run({ switched }, { stack }) {
    if (switched) {
      await stack.restartBot({ env: { INGEST_API_TOKEN: switched === 'on' ? SANDBOX_INGEST_TOKEN : '' } });
    }
    const restarted = switched ? 'The bot restarted (its runs carry on) ' : 'The bot runs ';
    return stack.config.ingestApiToken
      ? `${restarted}with an ingest API token: archive runs check the submission’s state in ingest first.`
      : `${restarted}without an ingest API token: archive runs say the ingest state was not checked.`;
  },
});
