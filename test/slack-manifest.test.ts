import type { App } from '@slack/bolt';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CATALOG, HTAN_CATALOG, usageHint } from '../src/commands/catalog.js';
import { registerCommands, type CommandDeps } from '../src/commands/index.js';
import { botScopes, CLIENT_HELPERS, METHOD_SCOPES } from '../src/integrations/slack-scopes.js';
import { buildManifest, type SlackManifest } from '../src/slack-manifest.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as SlackManifest;

/** Registers the real listeners on a stand-in App that records what was registered (`command`, `action`, `event`, …). */
function registeredListeners(): { kind: string; id: unknown }[] {
  const registered: { kind: string; id: unknown }[] = [];
  const app = new Proxy({}, { get: (_, kind) => (id: unknown) => registered.push({ kind: String(kind), id }) });
  registerCommands(app as App, { workflows: new Map() } as unknown as CommandDeps);
  return registered;
}

/** Web API methods called in src/ (the sandbox excluded): `client.<group>.<method>(` and the client's helpers. */
function calledSlackMethods(): Map<string, string[]> {
  const called = new Map<string, string[]>();
  const note = (method: string, file: string) => called.set(method, [...(called.get(method) ?? []), file]);
  const sourceFiles = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('sandbox'))
    .map((f) => join(root, 'src', f));
  for (const file of sourceFiles) {
    const source = readFileSync(file, 'utf8');
    const where = relative(root, file);
    for (const match of source.matchAll(/\bclient\s*\.\s*((?:[a-zA-Z]+\s*\.\s*)+[a-zA-Z]+)\s*\(/g)) {
      note(match[1]!.replace(/\s/g, ''), where);
    }
    for (const [helper, methods] of Object.entries(CLIENT_HELPERS)) {
      if (new RegExp(`\\b${helper}\\s*\\(`).test(source)) for (const method of methods) note(method, where);
    }
  }
  return called;
}

describe('manifest.yml', () => {
  it('is what buildManifest() produces, so it cannot drift from the code (run `npm run manifest`)', () => {
    expect(manifest).toEqual(buildManifest());
  });

  it('lists exactly the slash commands registered with Bolt', () => {
    const commands = registeredListeners()
      .filter((l) => l.kind === 'command')
      .map((l) => l.id);

    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(commands);
  });

  it('subscribes to every event the app listens for', () => {
    const events = registeredListeners()
      .filter((l) => l.kind === 'event')
      .map((l) => l.id);

    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(events));
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
  });

  it("gives /hca a usage hint with every subcommand of the registry and its arguments, in the registry's order", () => {
    const [hca] = manifest.features.slash_commands;

    expect(hca!.usage_hint).toBe(usageHint(CATALOG));
    expect(hca!.usage_hint.split(' | ')).toEqual(CATALOG.map((s) => (s.usage ? `${s.name} ${s.usage}` : s.name)));
  });

  it('gives /htan a usage hint with its subcommands, and lists the message shortcuts registered with Bolt', () => {
    const htan = manifest.features.slash_commands.find((c) => c.command === '/htan');
    const shortcuts = registeredListeners()
      .filter((l) => l.kind === 'shortcut')
      .map((l) => l.id);

    expect(htan!.usage_hint).toBe(usageHint(HTAN_CATALOG));
    expect(manifest.features.shortcuts.map((s) => ({ callback_id: s.callback_id, type: 'message_action' }))).toEqual(
      shortcuts,
    );
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ name: 'Check HTAN metadata', type: 'message', callback_id: 'htan_check_metadata' }),
    ]);
    expect(manifest.oauth_config.scopes.bot).toContain('files:read');
  });

  it('asks for exactly the bot scopes of the Web API methods the code calls, plus commands', () => {
    const called = calledSlackMethods();
    const unmapped = [...called].filter(([method]) => !(method in METHOD_SCOPES));

    expect(called.has('chat.postMessage')).toBe(true);
    expect(unmapped, 'called Slack methods without an entry in METHOD_SCOPES').toEqual([]);
    expect(manifest.oauth_config.scopes.bot).toEqual(botScopes(called.keys()));
  });

  it("stays within Slack's manifest limits and runs in Socket Mode with App Home and interactivity", () => {
    const { display_information: display, features, oauth_config: oauth, settings } = manifest;

    expect(display.name.length).toBeLessThanOrEqual(35);
    expect(display.description.length).toBeLessThanOrEqual(140);
    expect(display.long_description.length).toBeLessThanOrEqual(4000);
    expect(display.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    expect(features.slash_commands.length).toBeLessThanOrEqual(50);
    for (const command of features.slash_commands) {
      expect(command.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(command.description.length).toBeLessThanOrEqual(2000);
      expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
      expect(command).not.toHaveProperty('url');
    }
    for (const shortcut of features.shortcuts) {
      expect(shortcut.name.length).toBeLessThanOrEqual(24);
      expect(shortcut.description.length).toBeLessThanOrEqual(150);
    }
    expect(oauth.scopes.bot.length).toBeLessThanOrEqual(255);
    expect(features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: false });
    expect(settings).toMatchObject({ socket_mode_enabled: true, interactivity: { is_enabled: true } });
  });
});

describe('botScopes', () => {
  it('throws for a Slack method that has no scope entry', () => {
    expect(() => botScopes(['chat.postMessage', 'chat.delete'])).toThrow(/chat\.delete/);
  });

  it('returns commands alone when no method is called', () => {
    expect(botScopes([])).toEqual(['commands']);
  });
});
