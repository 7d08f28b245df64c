import { z } from 'zod';
import { defineSandboxCommand } from './sandbox-command.js';

/** `/sandbox help`: the sandbox commands, generated from the registry. */
export const helpCommand = defineSandboxCommand({
  name: 'help',
  usage: '',
  summary: 'List the sandbox commands.',
  args: z.tuple([]),
  run(_args, { commands }) {
    const lines = commands.map((c) => `• \`/sandbox ${c.name}${c.usage ? ` ${c.usage}` : ''}\` — ${c.summary}`);
    return `*Sandbox commands* (they change the stand-ins, not the bot):\n${lines.join('\n')}`;
  },
});
