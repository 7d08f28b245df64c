import type { App, MessageShortcut as MessageShortcutPayload } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { AuditLog } from '../store/audit.js';
import { failureAnswer, followUp, type FailureDeps } from './failures.js';
import { reply, type CommandOutcome, type Invocation } from './subcommand.js';

/** A message shortcut as the manifest shows it. */
export interface ShortcutSpec {
  callbackId: string;
  /** The menu entry people see (Slack allows 24 characters). */
  name: string;
  description: string;
}

/** A file on the message the shortcut was used on, as the payload gives it. */
export interface MessageFile {
  id: string;
  name?: string;
  filetype?: string;
}

export interface MessageShortcut extends ShortcutSpec {
  handle(invocation: Invocation, files: readonly MessageFile[]): CommandOutcome;
}

export interface ShortcutDeps extends FailureDeps {
  audit: AuditLog;
  clock: Clock;
}

/** Registers message shortcuts: ack at once, decide, audit, answer the person privately, then the follow-up work. */
export function registerShortcuts(app: App, shortcuts: readonly MessageShortcut[], deps: ShortcutDeps): void {
  for (const shortcut of shortcuts) {
    app.shortcut<MessageShortcutPayload>(
      { callback_id: shortcut.callbackId, type: 'message_action' },
      async ({ ack, shortcut: payload, respond }) => {
        await ack();
        const files = ((payload.message as { files?: MessageFile[] }).files ?? []).map((f) => ({
          id: f.id,
          ...(f.name ? { name: f.name } : {}),
          ...(f.filetype ? { filetype: f.filetype } : {}),
        }));
        const invocation: Invocation = {
          userId: payload.user.id,
          channelId: payload.channel.id,
          triggerId: payload.trigger_id,
          responseUrl: payload.response_url,
          now: deps.clock.now(),
        };
        const result = decide(shortcut, invocation, files, deps);
        deps.audit.record({
          at: invocation.now,
          userId: invocation.userId,
          action: `shortcut ${shortcut.callbackId}`,
          arguments: files.map((f) => f.id).join(' '),
          outcome: result.outcome,
          runId: result.runId,
        });
        await respond({ response_type: 'ephemeral', text: result.reply.text });
        followUp(result.afterAck, deps);
      },
    );
  }
}

/** The shortcut's answer, or what the person is told when handling it failed inside the bot. */
function decide(
  shortcut: MessageShortcut,
  invocation: Invocation,
  files: readonly MessageFile[],
  deps: FailureDeps,
): CommandOutcome {
  deps.health.check();
  try {
    return shortcut.handle(invocation, files);
  } catch (error) {
    const failure = failureAnswer(error, `shortcut ${shortcut.callbackId}`, deps);
    return reply(failure.text, failure.outcome);
  }
}
