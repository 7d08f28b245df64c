import { z } from 'zod';
import { errorMessage } from '../errors.js';
import { checklistMessage } from '../workflows/htan/checklist.js';
import { quote } from '../workflows/kit/blocks.js';
import type { HtanCommandDeps } from './htan-deps.js';
import { defineSubcommand, reply, type SubcommandSpec } from './subcommand.js';

export const HTAN_CHECKLIST: SubcommandSpec = {
  name: 'checklist',
  usage: '[center]',
  summary:
    'Show the pre-submission checklist of a center (its HTA<n> prefix) in this channel: anyone may tick items; checks and certifications tick theirs.',
  access: 'anyone',
};

export const centerArg = z
  .string()
  .regex(/^HTA[0-9]{1,3}$/i, {
    error: (issue) => `${quote(String(issue.input))} is not a center: give its HTA<n> prefix, such as HTA209.`,
  })
  .transform((s) => s.toUpperCase());

export const HtanChecklistArgs = z.tuple([centerArg.optional()]).transform(([center]) => ({ center }));

/** `/htan checklist [center]`: posts the checklist in the channel after the ack and remembers the message to update. */
export function createHtanChecklistCommand(deps: HtanCommandDeps) {
  return defineSubcommand<z.infer<typeof HtanChecklistArgs>>({
    ...HTAN_CHECKLIST,
    args: HtanChecklistArgs,
    execute(args, { channelId, now, responseUrl }) {
      const known = deps.checklists.centers(channelId);
      const center = args.center ?? (known.length === 1 ? known[0] : undefined);
      if (!center) {
        const text = known.length
          ? `This channel has checklists for ${known.join(', ')}: say which, e.g. \`/htan checklist ${known[0]}\`.`
          : 'Name the center: `/htan checklist HTA209` (the HTA<n> prefix of your identifiers).';
        return reply(text, 'usage: no center');
      }
      deps.checklists.open(channelId, center, now);
      return reply(`Posting the ${center} checklist in this channel.`, `checklist ${center}`, {
        afterAck: async () => {
          try {
            const posted = await deps.slack.postMessage(
              channelId,
              checklistMessage(deps.checklists.get(channelId, center)),
            );
            deps.checklists.setMessage(channelId, center, posted.ts);
          } catch (error) {
            if (!responseUrl) throw error;
            await deps.slack.respond(responseUrl, {
              text: `The checklist could not be posted: ${errorMessage(error)}`,
            });
          }
        },
      });
    },
  });
}
