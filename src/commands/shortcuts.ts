import type { App, MessageShortcut as MessageShortcutPayload } from '@slack/bolt';
import type { Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../store/audit.js';
import type { CommandOutcome, Invocation } from './subcommand.js';

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

export interface ShortcutDeps {
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
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
        const result = shortcut.handle(invocation, files);
        deps.audit.record({
          at: invocation.now,
          userId: invocation.userId,
          action: `shortcut ${shortcut.callbackId}`,
          arguments: files.map((f) => f.id).join(' '),
          outcome: result.outcome,
          runId: result.runId,
        });
        await respond({ response_type: 'ephemeral', text: result.reply.text });
        await result.afterAck?.().catch((error: unknown) => {
          deps.logger.warn('follow-up failed', { error: errorMessage(error) });
        });
      },
    );
  }
}
