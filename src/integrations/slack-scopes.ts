/**
 * The bot scopes each Slack Web API method the bot calls needs (docs.slack.dev method pages).
 * A method that needs none is listed too, so a test can tell "needs nothing" from "forgotten".
 */
export const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.join': ['channels:join'],
  'conversations.open': ['im:write'],
  'files.getUploadURLExternal': ['files:write'],
  'files.info': ['files:read'],
  'files.list': ['files:read'],
  'files.completeUploadExternal': ['files:write'],
  'users.info': ['users:read'],
  'views.open': [],
  'views.publish': [],
};

/** WebClient helpers that call several Web API methods. */
export const CLIENT_HELPERS: Readonly<Record<string, readonly string[]>> = {
  filesUploadV2: ['files.getUploadURLExternal', 'files.completeUploadExternal'],
};

/** Registering a slash command needs this scope. */
export const SLASH_COMMAND_SCOPE = 'commands';

/** The sorted bot scopes for these methods plus `commands`; throws for a method without an entry above. */
export function botScopes(methods: Iterable<string> = Object.keys(METHOD_SCOPES)): string[] {
  const scopes = new Set([SLASH_COMMAND_SCOPE]);
  for (const method of methods) {
    const needed = METHOD_SCOPES[method];
    if (!needed) throw new Error(`Slack method ${method} has no entry in METHOD_SCOPES`);
    for (const scope of needed) scopes.add(scope);
  }
  return [...scopes].sort();
}
