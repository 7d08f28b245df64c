import { startBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';

try {
  const bot = await startBot(loadConfig());
  const shutdown = () => {
    void bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  const message =
    error instanceof ConfigError
      ? error.message
      : `Start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
