import type { App } from '@slack/bolt';
import { errorMessage } from '../errors.js';
import { CATALOG } from './catalog.js';
import { registerClicks, type ClickHandler } from './clicks.js';
import type { CommandDeps } from './command-deps.js';
import { createDispatcher, SLASH_COMMAND } from './dispatcher.js';
import { reminderButtons } from './reminder-buttons.js';
import { runButtons } from './run-buttons.js';
import type { Subcommand } from './subcommand.js';

export type { CommandDeps } from './command-deps.js';

/** Every button and modal beyond the questions workflows declare (those come with `runButtons`): one line each. */
const CLICK_HANDLERS: readonly ((deps: CommandDeps) => ClickHandler[])[] = [runButtons, reminderButtons];

/** Builds the subcommands in catalog order. */
export function buildSubcommands(deps: CommandDeps): Subcommand[] {
  const subcommands: Subcommand[] = [];
  for (const entry of CATALOG) subcommands.push(entry.create({ ...deps, subcommands: () => subcommands }));
  return subcommands;
}

/** Registers `/hca`, every button and modal, and App Home. Every listener acks before any network call. */
export function registerCommands(app: App, deps: CommandDeps): void {
  const dispatcher = createDispatcher({
    subcommands: buildSubcommands(deps),
    permissions: deps.permissions,
    audit: deps.audit,
    redactor: deps.redactor,
  });

  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    const result = dispatcher.handle(command.text ?? '', {
      userId: command.user_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      responseUrl: command.response_url,
      now: deps.clock.now(),
    });
    await ack({
      response_type: 'ephemeral',
      text: result.reply.text,
      ...(result.reply.blocks ? { blocks: result.reply.blocks } : {}),
    });
    result.audit();
    result.afterAck?.().catch((error: unknown) => deps.logger.warn('follow-up failed', { error: errorMessage(error) }));
  });

  registerClicks(
    app,
    CLICK_HANDLERS.flatMap((handlers) => handlers(deps)),
    deps,
  );

  app.event('app_home_opened', async ({ event }) => {
    if (event.tab === 'home') await deps.home.opened(event.user);
  });
}
