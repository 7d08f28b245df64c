import { z } from 'zod';
import { HTAN_CHECK_KIND, LATEST_FILE_WINDOW_MS, type CheckSource } from '../workflows/htan/check.js';
import { quote } from '../workflows/kit/blocks.js';
import type { RunCommandDeps } from './run-deps.js';
import { startRun } from './start-run.js';
import { defineSubcommand, type CommandOutcome, type Invocation, type SubcommandSpec } from './subcommand.js';

export const HTAN_CHECK: SubcommandSpec = {
  name: 'check',
  usage: '[Slack file link|s3://bucket/key]',
  summary:
    'Check an HTAN metadata file (CSV, TSV or .xlsx) for PHI and HTAN identifier problems; with no argument, the last file you shared in this channel in the last 10 minutes. The message shortcut *Check HTAN metadata* does the same for a message’s file.',
  access: 'anyone',
};

/** `F0ABC123`, `https://x.slack.com/files/U…/F…/name.csv` or `https://files.slack.com/files-pri/T…-F…/name.csv`. */
const SLACK_FILE = /^(?:https:\/\/[^/\s]+\.slack\.com\/files(?:-pri)?\/[A-Z0-9]+[/-])?(F[A-Z0-9]{6,})(?:[/?#]\S*)?$/;

const sourceArg = z.string().transform((text, ctx): Exclude<CheckSource, { type: 'latest' }> => {
  const word = text.replace(/^<(.*)>$/, '$1').replace(/\|.*$/, '');
  if (/^s3:\/\/[^/\s]+\/\S+$/.test(word)) return { type: 's3', url: word };
  const slack = SLACK_FILE.exec(word);
  if (slack) return { type: 'slack', fileId: slack[1]! };
  ctx.addIssue({
    code: 'custom',
    message: `${quote(word)} is neither a Slack file link (⋮ → Copy link on the file) nor an s3://bucket/key URL.`,
  });
  return z.NEVER;
});

export const HtanCheckArgs = z.tuple([sourceArg.optional()]).transform(([source]) => ({ source }));

/** Starts a check of one file, or points at the check of it that is running. */
export function startCheck(deps: RunCommandDeps, source: CheckSource, invocation: Invocation): CommandOutcome {
  const key =
    source.type === 's3'
      ? source.url
      : source.type === 'slack'
        ? source.fileId
        : `latest:${invocation.channelId}:${invocation.userId}`;
  return startRun(
    deps,
    {
      kind: HTAN_CHECK_KIND,
      params: { source },
      idempotencyKey: `htan-check:${key}`,
      subject: source.type === 's3' ? source.url : source.type === 'slack' ? source.fileId : 'last shared file',
    },
    invocation,
  );
}

/** `/htan check [file link|s3://…]`: anyone may check a file; the result goes to the run's thread. */
export function createHtanCheckCommand(deps: RunCommandDeps) {
  return defineSubcommand<z.infer<typeof HtanCheckArgs>>({
    ...HTAN_CHECK,
    args: HtanCheckArgs,
    execute({ source }, invocation) {
      const latest = {
        type: 'latest' as const,
        sinceSeconds: Math.floor((invocation.now - LATEST_FILE_WINDOW_MS) / 1000),
      };
      return startCheck(deps, source ?? latest, invocation);
    },
  });
}
