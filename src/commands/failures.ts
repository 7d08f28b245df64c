import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { StoreFailures } from '../store/health.js';

export interface FailureDeps {
  health: StoreFailures;
  logger: Logger;
}

/**
 * What a person is told when handling their command or click failed inside the bot, and its audit outcome: the store
 * could not save (reported once to the log by the store's health), or a bug (logged each time).
 */
export function failureAnswer(error: unknown, what: string, deps: FailureDeps): { text: string; outcome: string } {
  const unsaved = deps.health.failed(what, error);
  if (unsaved) return { text: unsaved.message, outcome: `refused: cannot save (${unsaved.reason})` };
  deps.logger.error(`${what} failed`, { error: errorMessage(error) });
  return {
    text: 'The bot failed to handle this because of an error on its side (it is in the log).',
    outcome: 'failed: internal error',
  };
}

/** Runs work left for after the ack; its failure is reported like any other. */
export function followUp(work: (() => Promise<void>) | undefined, deps: FailureDeps): void {
  work?.().catch((error: unknown) => {
    if (!deps.health.failed('follow-up', error)) deps.logger.warn('follow-up failed', { error: errorMessage(error) });
  });
}
