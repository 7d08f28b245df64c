import { ARCHIVE } from './archive.js';
import { CANCEL } from './cancel.js';
import { HELP } from './help.js';
import { PING } from './ping.js';
import { REMIND } from './remind.js';
import { REMINDERS } from './reminders.js';
import { RETRY } from './retry.js';
import { RUNS } from './runs.js';
import { STATUS } from './status.js';
import type { SubcommandSpec } from './subcommand.js';

/** Every `/hca` subcommand in the order help lists them; the manifest's usage hint is generated from it. */
export const CATALOG: readonly SubcommandSpec[] = [HELP, PING, ARCHIVE, STATUS, RUNS, CANCEL, RETRY, REMIND, REMINDERS];

/** The slash command's usage hint in manifest.yml (Slack allows 1,000 characters). */
export function usageHint(specs: readonly SubcommandSpec[] = CATALOG): string {
  return specs.map((s) => `${s.name}${s.usage ? ` ${s.usage}` : ''}`).join(' | ');
}
