import { unlinkSync } from 'node:fs';
import { z } from 'zod';
import { corruptDatabase } from '../store-faults.js';
import { defineSandboxCommand } from './sandbox-command.js';

const DbArgs = z.tuple([
  z.enum(['corrupt', 'delete'], {
    error: (issue) => `\`${String(issue.input)}\` is not a fault: use corrupt or delete.`,
  }),
]);

/** `/sandbox db corrupt|delete`: damage the bot's database file under it, or delete it. */
export const dbCommand = defineSandboxCommand<z.infer<typeof DbArgs>>({
  name: 'db',
  usage: 'corrupt|delete',
  summary: "Damage the bot's database file under it (as a failing disk would), or delete it.",
  args: DbArgs,
  run([fault], { stack }) {
    const path = stack.config.databasePath;
    if (fault === 'delete') {
      unlinkSync(path);
      return `Deleted \`${path}\` under the running bot: \`GET /healthz\` says so and commands that would write refuse.`;
    }
    corruptDatabase(path);
    return `Damaged \`${path}\`: the bot's next read or write of any table fails ("database disk image is malformed"), and a restart refuses to start on it.`;
  },
});
