import type { Redactor } from '../redactor.js';
import { onlyOperators } from '../workflows/kit/approval.js';
import { context, quote } from '../workflows/kit/blocks.js';
import type { ThreadMessage } from '../integrations/slack.js';
import type { AuditLog } from '../store/audit.js';
import { describeArgsError } from './args.js';
import { closest } from './did-you-mean.js';
import { failureAnswer, type FailureDeps } from './failures.js';
import type { Permissions } from './permissions.js';
import { reply, type CommandOutcome, type Invocation, type Subcommand } from './subcommand.js';

export interface DispatcherDeps extends FailureDeps {
  /** The slash command, `/hca` or `/htan`. */
  command: string;
  subcommands: readonly Subcommand[];
  permissions: Permissions;
  audit: AuditLog;
  redactor: Redactor;
}

/** Parses `/hca …` text, checks who may run it, runs it and prepares the audit row. Synchronous: it runs before ack(). */
export function createDispatcher(deps: DispatcherDeps) {
  const { command, subcommands, permissions, audit, redactor } = deps;
  const byName = new Map(subcommands.map((s) => [s.name, s]));

  function decide(words: string[], invocation: Invocation): { action: string; result: CommandOutcome } {
    const [name, ...rest] = words;
    if (!name) {
      return {
        action: command,
        result: reply(usageSummary(command, subcommands, permissions, invocation.userId), 'usage: empty'),
      };
    }
    const subcommand = byName.get(name.toLowerCase());
    if (!subcommand) {
      const guess = closest(name.toLowerCase(), [...byName.keys()]);
      const hint = guess ? ` Did you mean \`${command} ${guess}\`?` : '';
      return {
        action: `${command} ${name}`,
        result: reply(
          `Unknown subcommand ${quote(name)}.${hint} See \`${command} help\`.`,
          'usage: unknown subcommand',
        ),
      };
    }
    const action = `${command} ${subcommand.name}`;
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
    try {
      return { action, result: subcommand.execute(parsed.data, invocation) };
    } catch (error) {
      const failure = failureAnswer(error, action, deps);
      return { action, result: reply(failure.text, failure.outcome) };
    }
  }

  return {
    /** Decides the answer; `audit()` writes the audit row, after the ack so that it does not delay it. */
    handle(text: string, invocation: Invocation): CommandOutcome & { audit(): void } {
      deps.health.check();
      const typed = redactor.redaction(text);
      const words = linksAsUrls(typed.text)
        .trim()
        .split(/\s+/)
        .filter((w) => w.length > 0);
      const { action, result } = decide(words, invocation);
      const entry = {
        at: invocation.now,
        userId: invocation.userId,
        action,
        arguments: words.slice(1).join(' '),
        outcome: result.outcome,
        runId: result.runId,
      };
      const answer = typed.redacted ? { ...result, reply: withRedactionNote(result.reply) } : result;
      return { ...answer, audit: () => audit.record(entry) };
    },
  };
}

export const REDACTION_NOTE =
  ':lock: Part of what you typed looked like a secret (a key, a token or a password) and was replaced by `[redacted]` before anything was stored, posted or logged. Secrets belong in Secrets Manager, not in Slack.';

/** The reply, saying that the command's text was redacted before use. */
function withRedactionNote(reply: ThreadMessage): ThreadMessage {
  return {
    text: `${reply.text}\n${REDACTION_NOTE}`,
    ...(reply.blocks ? { blocks: [...reply.blocks, context(REDACTION_NOTE)] } : {}),
  };
}

/** Slack's link markup (`<https://…|label>`, which may hold spaces) as its bare URL, so a pasted link is one word. */
function linksAsUrls(text: string): string {
  return text.replace(/<((?:https?|mailto):[^<>|\s]+)(?:\|[^<>]*)?>/g, '$1');
}

/** The subcommands a user may run, for help and the empty command. */
export function visibleSubcommands(subcommands: readonly Subcommand[], permissions: Permissions, userId: string) {
  return subcommands.filter((s) => s.access === 'anyone' || permissions.isOperator(userId));
}

export function usageLine(command: string, subcommand: Subcommand): string {
  return `${command} ${subcommand.name}${subcommand.usage ? ` ${subcommand.usage}` : ''}`;
}

function usageSummary(command: string, subcommands: readonly Subcommand[], permissions: Permissions, userId: string) {
  const names = visibleSubcommands(subcommands, permissions, userId).map((s) => s.name);
  return `Usage: \`${command} <subcommand>\`, one of: ${names.map((n) => `\`${n}\``).join(', ')}. \`${command} help\` explains each.`;
}
