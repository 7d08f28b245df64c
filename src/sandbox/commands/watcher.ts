import { z } from 'zod';
import { SANDBOX_CHANNEL, SANDBOX_INGEST_TOKEN } from '../stack.js';
import { defineSandboxCommand } from './sandbox-command.js';

const WatcherArgs = z.tuple([z.literal('on', { error: 'Write `/sandbox watcher on`.' })]).transform(() => ({}));

/** `/sandbox watcher on`: restarts the bot with an ingest token and the ingest watcher posting in the channel. */
export const watcherCommand = defineSandboxCommand<z.infer<typeof WatcherArgs>>({
  name: 'watcher',
  usage: 'on',
  summary:
    'Restart the bot with an ingest token and INGEST_WATCH_CHANNEL set: it reads ingest states and watches prod for submissions in Archiving and stuck exports.',
  args: WatcherArgs,
  async run(_args, { stack }) {
    await stack.restartBot({
      env: { INGEST_API_TOKEN: SANDBOX_INGEST_TOKEN, INGEST_WATCH_CHANNEL: SANDBOX_CHANNEL, INGEST_WATCH_ENVS: 'prod' },
    });
    return `The bot restarted with an ingest token; the ingest watcher posts in <#${SANDBOX_CHANNEL}> (prod, every ${stack.config.ingestWatch!.intervalMs / 60_000} min of bot time).`;
  },
});
