import { SHORTCUTS, SLASH_COMMANDS, usageHint } from './commands/catalog.js';
import { botScopes } from './integrations/slack-scopes.js';

export const APP_NAME = 'hca-ops-bot';

export interface ShortcutEntry {
  name: string;
  type: 'message' | 'global';
  callback_id: string;
  description: string;
}

export interface SlashCommandEntry {
  command: string;
  description: string;
  usage_hint: string;
  should_escape: boolean;
}

/** The parts of Slack's app manifest this app sets (docs.slack.dev "App manifest reference"). */
export interface SlackManifest {
  _metadata: { major_version: number; minor_version: number };
  display_information: { name: string; description: string; long_description: string; background_color: string };
  features: {
    bot_user: { display_name: string; always_online: boolean };
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    slash_commands: SlashCommandEntry[];
    shortcuts: ShortcutEntry[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

const LONG_DESCRIPTION = [
  `${APP_NAME} runs the HCA ingest team's standard operating procedures from Slack.`,
  'A wrangler types `/hca …` in the operations channel; the bot turns the command into a durable run,',
  'reports its progress in one thread (a status message edited in place, details as replies),',
  'asks a second person before anything irreversible, and survives restarts without repeating side effects.',
  'HTAN contributors check their metadata for PHI and identifier problems with `/htan check` and keep',
  'their pre-submission checklist with `/htan checklist`.',
  '`/hca help` and `/htan help` list what you may run.',
].join(' ');

/** The app manifest for Socket Mode; manifest.yml is this, written by `npm run manifest`. */
export function buildManifest(): SlackManifest {
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: APP_NAME,
      description:
        'Runs HCA ingest operations (archiving, checks, reminders) as durable workflows with one thread each.',
      long_description: LONG_DESCRIPTION,
      background_color: '#1d4e89',
    },
    features: {
      bot_user: { display_name: APP_NAME, always_online: true },
      app_home: { home_tab_enabled: true, messages_tab_enabled: false, messages_tab_read_only_enabled: false },
      slash_commands: SLASH_COMMANDS.map((slash) => ({
        command: slash.command,
        description: `${slash.purpose}: ${slash.catalog.map((s) => s.name).join(', ')}`,
        usage_hint: usageHint(slash.catalog),
        should_escape: false,
      })),
      shortcuts: SHORTCUTS.map((s) => ({
        name: s.name,
        type: 'message' as const,
        callback_id: s.callbackId,
        description: s.description,
      })),
    },
    oauth_config: { scopes: { bot: botScopes() } },
    settings: {
      event_subscriptions: { bot_events: ['app_home_opened'] },
      interactivity: { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: true,
      token_rotation_enabled: false,
    },
  };
}
