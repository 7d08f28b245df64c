import type { Environment } from '../../src/environments.js';
import { buttonsOf } from '../../src/sandbox/slack-requests.js';
import { startStack, type Stack, type StackOptions } from '../../src/sandbox/stack.js';
import type { StoredMessage } from '../../src/sandbox/slack-stand-in.js';
import type { Run } from '../../src/store/runs.js';
import { waitFor } from './wait.js';

export const SUBMISSION = '3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69';

/** A stack whose archive runs poll fast. */
export function startArchiveStack(options: StackOptions = {}): Promise<Stack> {
  return startStack({ ...options, env: { ARCHIVER_POLL_INTERVAL_MS: '40', ...options.env } });
}

export function runWhen(
  stack: Stack,
  id: number,
  what: string,
  check: (run: Run) => boolean,
  timeoutMs = 8000,
): Promise<Run> {
  return waitFor(
    what,
    () => {
      const run = stack.bot.runs.get(id);
      return run && check(run) ? run : undefined;
    },
    timeoutMs,
  );
}

export function atStep(stack: Stack, id: number, step: string, timeoutMs?: number): Promise<Run> {
  return runWhen(
    stack,
    id,
    `R${id} at step ${step}`,
    (run) => run.step === step && run.status !== 'running',
    timeoutMs,
  );
}

export function finished(stack: Stack, id: number, timeoutMs?: number): Promise<Run> {
  return runWhen(stack, id, `R${id} to finish`, (run) => run.finishedAt !== null, timeoutMs);
}

/** The newest message anywhere with a button of this action id. */
export function messageWithButton(stack: Pick<Stack, 'slack'>, actionId: string): Promise<StoredMessage> {
  return waitFor(`a message with ${actionId}`, () =>
    [...stack.slack.messages].reverse().find((m) => buttonsOf(m).some((b) => b.element.action_id === actionId)),
  );
}

/** The private answer Slack received on the response_url of one request. */
export function answerTo(stack: Stack, responseUrl: string) {
  return waitFor(`an answer on ${responseUrl}`, () =>
    stack.slack.responses.find((r) => responseUrl.endsWith(`/response/${r.id}`)),
  );
}

export function dspOf(run: Run): string {
  return (run.state.dsp as { dspUuid: string }).dspUuid;
}

export function posts(stack: Stack, env: Environment, route: 'create' | 'complete'): number {
  return stack.archivers[env].requests.filter((r) => r.route === route && r.method === 'POST').length;
}

/** Presses the newest button of this action id, as `user`. */
export async function clickNewest(stack: Stack, actionId: string, user = 'U0OPERATOR') {
  return stack.requester.click(await messageWithButton(stack, actionId), actionId, { user });
}

/** Every file uploaded into the first run's thread, by file name. */
export function threadFiles(stack: Stack): Map<string, string> {
  const thread = stack.slack.thread(stack.slack.rootMessages()[0]!);
  return new Map(thread.flatMap((m) => m.files ?? []).map((f) => [f.filename, f.content]));
}

/** Messages the bot edited to what they already showed (noise: Slack marks them edited), by `channel/ts`. */
export function unchangedEdits(stack: Stack): string[] {
  return stack.slack.messages.filter((m) => m.unchangedEdits).map((m) => `${m.channel}/${m.ts}`);
}
