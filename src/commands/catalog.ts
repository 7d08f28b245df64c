import { ARCHIVE, createArchiveCommand } from './archive.js';
import { CANCEL, createCancelCommand } from './cancel.js';
import type { SubcommandDeps } from './command-deps.js';
import { createHelpCommand, HELP } from './help.js';
import { createPingCommand, PING } from './ping.js';
import { createRemindCommand, REMIND } from './remind.js';
import { createRemindersCommand, REMINDERS } from './reminders.js';
import { createRetryCommand, RETRY } from './retry.js';
import { createRunsCommand, RUNS } from './runs.js';
import { createStatusCommand, STATUS } from './status.js';
import type { Subcommand, SubcommandSpec } from './subcommand.js';
import { createUploadAreaCommand, UPLOAD_AREA } from './upload-area.js';

/** A subcommand as help and the manifest show it, with the factory that builds it. */
export interface CatalogEntry extends SubcommandSpec {
  create(deps: SubcommandDeps): Subcommand;
}

/** Every `/hca` subcommand, one line each, in the order help lists them; the manifest's usage hint is generated from it. */
export const CATALOG: readonly CatalogEntry[] = [
  { ...HELP, create: createHelpCommand },
  { ...PING, create: createPingCommand },
  { ...ARCHIVE, create: createArchiveCommand },
  { ...STATUS, create: createStatusCommand },
  { ...RUNS, create: createRunsCommand },
  { ...CANCEL, create: createCancelCommand },
  { ...RETRY, create: createRetryCommand },
  { ...REMIND, create: createRemindCommand },
  { ...REMINDERS, create: createRemindersCommand },
  { ...UPLOAD_AREA, create: createUploadAreaCommand },
];

/** The slash command's usage hint in manifest.yml (Slack allows 1,000 characters). */
export function usageHint(specs: readonly SubcommandSpec[] = CATALOG): string {
  return specs.map((s) => `${s.name}${s.usage ? ` ${s.usage}` : ''}`).join(' | ');
}
