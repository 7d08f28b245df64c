import { z } from 'zod';
import { fillDisk, freeDisk } from '../store-faults.js';
import { defineSandboxCommand } from './sandbox-command.js';

const DiskArgs = z.tuple([
  z.enum(['full', 'ok'], { error: (issue) => `\`${String(issue.input)}\` is not a disk state: use full or ok.` }),
]);

/** `/sandbox disk full|ok`: every write of the bot fails as on a full disk, or works again. */
export const diskCommand = defineSandboxCommand<z.infer<typeof DiskArgs>>({
  name: 'disk',
  usage: 'full|ok',
  summary: 'Fill the bot\'s disk (every database write fails with SQLite\'s "database or disk is full"), or free it.',
  args: DiskArgs,
  run([state], { stack }) {
    if (state === 'ok') {
      freeDisk(stack.bot.db);
      return 'The disk has room again: the next write goes through (watch the log say the bot can save again).';
    }
    fillDisk(stack.bot.db);
    return 'The disk is full: every write of the bot fails from now on (reads work). Try a command, a button, `GET /healthz`.';
  },
});
