import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Integrations } from '../integrations/index.js';
import type { Environment } from '../environments.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redactor.js';
import type { AuditLog } from '../store/audit.js';
import type { StoreFailures } from '../store/health.js';
import type { WorkflowStores } from '../workflows/engine/workflow.js';
import type { HomePublisher } from './home/publisher.js';
import type { HtanCommandDeps } from './htan-deps.js';
import type { ReminderCommandDeps } from './reminder-deps.js';
import type { RunCommandDeps } from './run-deps.js';
import type { Subcommand } from './subcommand.js';

/** Everything the slash command, its subcommands, the buttons and App Home are built from. */
export interface CommandDeps extends RunCommandDeps, ReminderCommandDeps, HtanCommandDeps {
  audit: AuditLog;
  /** Where store errors go; a command that cannot save is told so. */
  health: StoreFailures;
  redactor: Redactor;
  clock: Clock;
  logger: Logger;
  defaultEnvironment: Environment;
  home: Pick<HomePublisher, 'opened'>;
  config: Config;
  /** The remote services, for answers that read them after the ack (`/hca status <uuid>`). */
  integrations: Integrations;
  stores: WorkflowStores;
}

/** What a catalog entry's factory gets: the command deps, its slash command and its subcommands (for help). */
export interface SubcommandDeps extends CommandDeps {
  command: string;
  subcommands(): readonly Subcommand[];
}
