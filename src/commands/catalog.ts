import { ARCHIVE, createArchiveCommand } from './archive.js';
import { CANCEL, createCancelCommand } from './cancel.js';
import type { SubcommandDeps } from './command-deps.js';
import { createExportCommand, EXPORT } from './export.js';
import { createHelpCommand, HELP } from './help.js';
import { createHtanCertifiedCommand, HTAN_CERTIFIED } from './htan-certified.js';
import { createHtanCheckCommand, HTAN_CHECK } from './htan-check.js';
import { createHtanChecklistCommand, HTAN_CHECKLIST } from './htan-checklist.js';
import { CHECK_HTAN_METADATA, createCheckHtanMetadataShortcut } from './htan-shortcut.js';
import { createPingCommand, PING } from './ping.js';
import { createPortalCommand, PORTAL } from './portal.js';
import { createRemindCommand, REMIND } from './remind.js';
import { createRemindersCommand, REMINDERS } from './reminders.js';
import { createRetryCommand, RETRY } from './retry.js';
import { createRunsCommand, RUNS } from './runs.js';
import { createStatusCommand, STATUS } from './status.js';
import type { CommandDeps } from './command-deps.js';
import type { MessageShortcut, ShortcutSpec } from './shortcuts.js';
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
  { ...EXPORT, create: createExportCommand },
  { ...PORTAL, create: createPortalCommand },
];

/** Every `/htan` subcommand (the HTAN pre-submission checks), one line each, in the order help lists them. */
export const HTAN_CATALOG: readonly CatalogEntry[] = [
  { ...HELP, create: createHelpCommand },
  { ...HTAN_CHECK, create: createHtanCheckCommand },
  { ...HTAN_CHECKLIST, create: createHtanChecklistCommand },
  { ...HTAN_CERTIFIED, create: createHtanCertifiedCommand },
];

/** A slash command of the app and its subcommands. */
export interface SlashCommand {
  command: string;
  /** What it is for, before the list of subcommands in the manifest's description. */
  purpose: string;
  catalog: readonly CatalogEntry[];
}

/** Every slash command, one line each. */
export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { command: '/hca', purpose: 'HCA ingest operations', catalog: CATALOG },
  { command: '/htan', purpose: 'HTAN pre-submission checks', catalog: HTAN_CATALOG },
];

/** A message shortcut as the manifest shows it, with the factory that builds it. */
export interface ShortcutEntry extends ShortcutSpec {
  create(deps: CommandDeps): MessageShortcut;
}

/** Every message shortcut, one line each. */
export const SHORTCUTS: readonly ShortcutEntry[] = [
  { ...CHECK_HTAN_METADATA, create: createCheckHtanMetadataShortcut },
];

/** The slash command's usage hint in manifest.yml (Slack allows 1,000 characters). */
export function usageHint(specs: readonly SubcommandSpec[] = CATALOG): string {
  return specs.map((s) => `${s.name}${s.usage ? ` ${s.usage}` : ''}`).join(' | ');
}
