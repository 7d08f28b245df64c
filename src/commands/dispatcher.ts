import type { Redactor } from '../logger.js';
import { onlyOperators } from '../workflows/kit/approval.js';
import type { AuditLog } from '../store/audit.js';
import { describeArgsError } from './args.js';
import { closest } from './did-you-mean.js';
import type { Permissions } from './permissions.js';
import { reply, type CommandOutcome, type Invocation, type Subcommand } from './subcommand.js';

export const SLASH_COMMAND = '/hca';

export interface DispatcherDeps {
  subcommands: readonly Subcommand[];
  permissions: Permissions;
  audit: AuditLog;
  redactor: Redactor;
}

/** Parses `/hca …` text, checks who may run it, runs it and prepares the audit row. Synchronous: it runs before ack(). */
export function createDispatcher(deps: DispatcherDeps) {
  const { subcommands, permissions, audit, redactor } = deps;
  const byName = new Map(subcommands.map((s) => [s.name, s]));

  function decide(words: string[], invocation: Invocation): { action: string; result: CommandOutcome } {
    const [name, ...rest] = words;
    if (!name) {
      return {
        action: SLASH_COMMAND,
        result: reply(usageSummary(subcommands, permissions, invocation.userId), 'usage: empty'),
      };
    }
    const subcommand = byName.get(name.toLowerCase());
    if (!subcommand) {
      const guess = closest(name.toLowerCase(), [...byName.keys()]);
      const hint = guess ? ` Did you mean \`${SLASH_COMMAND} ${guess}\`?` : '';
      return {
        action: `${SLASH_COMMAND} ${name}`,
        result: reply(
          `Unknown subcommand \`${name}\`.${hint} See \`${SLASH_COMMAND} help\`.`,
          'usage: unknown subcommand',
        ),
      };
    }
    const action = `${SLASH_COMMAND} ${subcommand.name}`;
    if (subcommand.access === 'operator' && !permissions.isOperator(invocation.userId)) {
      return {
        action,
        result: reply(onlyOperators(`run \`${action}\``), 'refused: not an operator'),
      };
    }
    const parsed = subcommand.args.safeParse(rest);
    if (!parsed.success) {
      const text = `${describeArgsError(parsed.error)}\nUsage: \`${action} ${subcommand.usage}\`.`.replace(' `.', '`.');
      return { action, result: reply(text, 'usage error') };
    }
    return { action, result: subcommand.execute(parsed.data, invocation) };
  }

  return {
    /** Decides the answer; `audit()` writes the audit row, after the ack so that it does not delay it. */
    handle(text: string, invocation: Invocation): CommandOutcome & { audit(): void } {
      const words = text
        .trim()
        .split(/\s+/)
        .filter((w) => w.length > 0);
      const { action, result } = decide(words, invocation);
      const entry = {
        at: invocation.now,
        userId: invocation.userId,
        action,
        arguments: redactor.redact(words.slice(1).join(' ')),
        outcome: result.outcome,
        runId: result.runId,
      };
      return { ...result, audit: () => audit.record(entry) };
    },
  };
}

/** The subcommands a user may run, for help and the empty command. */
export function visibleSubcommands(subcommands: readonly Subcommand[], permissions: Permissions, userId: string) {
  return subcommands.filter((s) => s.access === 'anyone' || permissions.isOperator(userId));
}

export function usageLine(subcommand: Subcommand): string {
  return `${SLASH_COMMAND} ${subcommand.name}${subcommand.usage ? ` ${subcommand.usage}` : ''}`;
}

function usageSummary(subcommands: readonly Subcommand[], permissions: Permissions, userId: string): string {
  const names = visibleSubcommands(subcommands, permissions, userId).map((s) => s.name);
  return `Usage: \`${SLASH_COMMAND} <subcommand>\`, one of: ${names.map((n) => `\`${n}\``).join(', ')}. \`${SLASH_COMMAND} help\` explains each.`;
}
