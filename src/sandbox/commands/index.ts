import { describeArgsError } from '../../commands/args.js';
import { closest } from '../../commands/did-you-mean.js';
import { UserInputError } from '../../errors.js';
import { archiverCommand } from './archiver.js';
import { azulCommand } from './azul.js';
import { clockCommand } from './clock.js';
import { dbCommand } from './db.js';
import { diskCommand } from './disk.js';
import { exportCommand } from './export.js';
import { fileCommand } from './file.js';
import { helpCommand } from './help.js';
import { homeCommand } from './home.js';
import { ingestCommand } from './ingest.js';
import { ingestTokenCommand } from './ingest-token.js';
import { shareCommand } from './share.js';
import { slackCommand } from './slack.js';
import { uploadFilesCommand } from './upload-files.js';
import { watcherCommand } from './watcher.js';
import type { SandboxCommand, SandboxContext } from './sandbox-command.js';

/** Every `/sandbox` command, in the order help lists them. Add new ones here. */
export const SANDBOX_COMMANDS: readonly SandboxCommand[] = [
  archiverCommand,
  uploadFilesCommand,
  shareCommand,
  ingestTokenCommand,
  watcherCommand,
  ingestCommand,
  exportCommand,
  azulCommand,
  clockCommand,
  fileCommand,
  homeCommand,
  slackCommand,
  diskCommand,
  dbCommand,
  helpCommand,
];

/** Runs `/sandbox <name> …`; bad input throws a UserInputError that says what to type. */
export async function runSandboxCommand(
  words: readonly string[],
  context: Omit<SandboxContext, 'commands'>,
): Promise<string> {
  const [name = 'help', ...rest] = words;
  const command = SANDBOX_COMMANDS.find((c) => c.name === name.toLowerCase());
  if (!command) {
    const guess = closest(
      name.toLowerCase(),
      SANDBOX_COMMANDS.map((c) => c.name),
    );
    const hint = guess ? ` Did you mean \`/sandbox ${guess}\`?` : '';
    throw new UserInputError(`Unknown sandbox command \`${name}\`.${hint} See \`/sandbox help\`.`);
  }
  const parsed = command.args.safeParse(rest);
  if (!parsed.success) {
    const usage = `/sandbox ${command.name}${command.usage ? ` ${command.usage}` : ''}`;
    throw new UserInputError(`${describeArgsError(parsed.error)}\nUsage: \`${usage}\``);
  }
  return command.run(parsed.data, { ...context, commands: SANDBOX_COMMANDS });
}
