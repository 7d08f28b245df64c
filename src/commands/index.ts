import type { App } from '@slack/bolt';
import { SHORTCUTS, SLASH_COMMANDS, type SlashCommand } from './catalog.js';
import { registerClicks, type ClickHandler } from './clicks.js';
import type { CommandDeps } from './command-deps.js';
import { htanChecklistButtons } from './htan-buttons.js';
import { createDispatcher } from './dispatcher.js';
import { followUp } from './failures.js';
import { ingestWatchButtons } from './ingest-watch-buttons.js';
import { portalButtons } from './portal.js';
import { reminderButtons } from './reminder-buttons.js';
import { runButtons } from './run-buttons.js';
import { registerShortcuts } from './shortcuts.js';
import type { Subcommand } from './subcommand.js';

export type { CommandDeps } from './command-deps.js';

/** Every button and modal beyond the questions workflows declare (those come with `runButtons`): one line each. */
const CLICK_HANDLERS: readonly ((deps: CommandDeps) => ClickHandler[])[] = [
  runButtons,
  reminderButtons,
  htanChecklistButtons,
  ingestWatchButtons,
  portalButtons,
];

/** Builds a slash command's subcommands in catalog order. */
export function buildSubcommands(deps: CommandDeps, slash: SlashCommand): Subcommand[] {
  const subcommands: Subcommand[] = [];
  for (const entry of slash.catalog) {
    subcommands.push(entry.create({ ...deps, command: slash.command, subcommands: () => subcommands }));
  }
  return subcommands;
}

/** Registers the slash commands, every button, modal and shortcut, and App Home. Every listener acks first. */
export function registerCommands(app: App, deps: CommandDeps): void {
  for (const slash of SLASH_COMMANDS) registerSlashCommand(app, deps, slash);

  registerClicks(
    app,
    CLICK_HANDLERS.flatMap((handlers) => handlers(deps)),
    deps,
  );
  registerShortcuts(
    app,
    SHORTCUTS.map((shortcut) => shortcut.create(deps)),
    deps,
  );

  app.event('app_home_opened', async ({ event }) => {
    if (event.tab === 'home') await deps.home.opened(event.user);
  });
}

function registerSlashCommand(app: App, deps: CommandDeps, slash: SlashCommand): void {
  const dispatcher = createDispatcher({
    command: slash.command,
    subcommands: buildSubcommands(deps, slash),
    permissions: deps.permissions,
    audit: deps.audit,
    redactor: deps.redactor,
    health: deps.health,
    logger: deps.logger,
  });

  app.command(slash.command, async ({ command, ack }) => {
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
    followUp(result.afterAck, deps);
  });
}
