import type { Clock } from '../clock.js';
import type { UploadAreaConfig } from '../config.js';
import type { Environment } from '../environments.js';
import type { Logger, Redactor } from '../logger.js';
import type { AuditLog } from '../store/audit.js';
import type { HomePublisher } from './home/publisher.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import type { RunCommandDeps } from './run-deps.js';
import type { Subcommand } from './subcommand.js';

/** Everything the slash command, its subcommands, the buttons and App Home are built from. */
export interface CommandDeps extends RunCommandDeps, ReminderCommandDeps {
  audit: AuditLog;
  redactor: Redactor;
  clock: Clock;
  logger: Logger;
  defaultEnvironment: Environment;
  /** Which buckets `/hca upload-area` accepts, to check its arguments before any run starts. */
  uploadAreas: Pick<UploadAreaConfig, 'bucket' | 'ingestBuckets'>;
  home: Pick<HomePublisher, 'opened'>;
}

/** What a catalog entry's factory gets: the command deps, and the subcommands (for help). */
export interface SubcommandDeps extends CommandDeps {
  subcommands(): readonly Subcommand[];
}
