import { z } from 'zod';
import { usageLine, visibleSubcommands } from './dispatcher.js';
import type { Permissions } from './permissions.js';
import { quote } from '../workflows/kit/blocks.js';
import { defineSubcommand, type SubcommandSpec, reply, type Subcommand } from './subcommand.js';

export const HELP: SubcommandSpec = {
  name: 'help',
  usage: '[subcommand]',
  summary: 'List the subcommands you may run, or explain one.',
  access: 'anyone',
};

export const HelpArgs = z.tuple([z.string().optional()]).transform(([name]) => ({ name: name?.toLowerCase() }));
export type HelpArgs = z.infer<typeof HelpArgs>;

/** `/hca help [subcommand]` (and `/htan help`), generated from the registry and filtered to what the caller may run. */
export function createHelpCommand(deps: {
  command: string;
  subcommands: () => readonly Subcommand[];
  permissions: Permissions;
}) {
  return defineSubcommand<HelpArgs>({
    ...HELP,
    args: HelpArgs,
    execute({ name }, { userId }) {
      const visible = visibleSubcommands(deps.subcommands(), deps.permissions, userId);
      if (name) {
        const one = visible.find((s) => s.name === name);
        if (!one)
          return reply(
            `There is no subcommand ${quote(name)} that you may run. See \`${deps.command} help\`.`,
            'usage: unknown help topic',
          );
        return reply(`\`${usageLine(deps.command, one)}\`\n${one.summary}`, 'help shown');
      }
      const lines = visible.map((s) => `• \`${usageLine(deps.command, s)}\` — ${s.summary}`);
      const note =
        visible.length < deps.subcommands().length
          ? '\n_Some subcommands are for operators only and are not listed._'
          : '';
      return reply(`*hca-ops-bot* — what you can do here:\n${lines.join('\n')}${note}`, 'help shown');
    },
  });
}
