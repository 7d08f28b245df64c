import { startCheck } from './htan-check.js';
import type { RunCommandDeps } from './run-deps.js';
import type { MessageShortcut, ShortcutSpec } from './shortcuts.js';
import { reply } from './subcommand.js';

export const CHECK_HTAN_METADATA: ShortcutSpec = {
  callbackId: 'htan_check_metadata',
  name: 'Check HTAN metadata',
  description: 'Check this message’s CSV, TSV or .xlsx file for PHI and HTAN identifier problems.',
};

const SPREADSHEET = /\.(?:csv|tsv|txt|xlsx)$/i;

/** *Check HTAN metadata* on a message: checks its (first spreadsheet) file, like `/htan check <link>`. */
export function createCheckHtanMetadataShortcut(deps: RunCommandDeps): MessageShortcut {
  return {
    ...CHECK_HTAN_METADATA,
    handle(invocation, files) {
      const file = files.find((f) => SPREADSHEET.test(f.name ?? '')) ?? files[0];
      if (!file) {
        return reply(
          'That message has no file. Use *Check HTAN metadata* on a message that carries a CSV, TSV or .xlsx file.',
          'usage: no file',
        );
      }
      return startCheck(deps, { type: 'slack', fileId: file.id }, invocation);
    },
  };
}
