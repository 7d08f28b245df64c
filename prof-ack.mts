import { DEFAULT_TIMINGS } from './src/bot.js';
import { startStack } from './src/sandbox/stack.js';
const stack = await startStack({ env: { LOG_LEVEL: 'info' }, timings: DEFAULT_TIMINGS });
for (let i = 0; i < 120; i++) await Promise.all(Array.from({ length: 50 }, () => stack.requester.command('help')));
await stack.stop();
process.exit(0);
