import { z } from 'zod';
import { defineSandboxCommand } from './sandbox-command.js';

const FileArgs = z.tuple([z.string().optional()]).transform(([name]) => ({ name }));

/** `/sandbox file [name]`: a file the bot uploaded, in full (the transcript shows only its first lines). */
export const fileCommand = defineSandboxCommand<z.infer<typeof FileArgs>>({
  name: 'file',
  usage: '[name]',
  summary: 'Show in full the newest file the bot uploaded whose name holds `name` (default: the newest file).',
  args: FileArgs,
  run({ name }, { stack }) {
    const files = stack.slack.messages.flatMap((m) => m.files ?? []).reverse();
    const file = name ? files.find((f) => f.filename.toLowerCase().includes(name.toLowerCase())) : files[0];
    if (!file) {
      const names = [...new Set(files.map((f) => `\`${f.filename}\``))].reverse().join(', ');
      return name
        ? `No file the bot uploaded is named like \`${name}\`.${names ? ` Its files: ${names}.` : ''}`
        : 'The bot has uploaded no file yet.';
    }
    return `📎 *${file.filename}*${file.title ? ` — ${file.title}` : ''}\n\`\`\`${file.content.replace(/\n$/, '')}\`\`\``;
  },
});
