import { SANDBOX_FIXTURES } from '../../src/sandbox/htan-fixtures.js';
import type { ShelvedFile } from '../../src/sandbox/slack-file-shelf.js';
import { SANDBOX_CHANNEL, SANDBOX_OPERATOR, type Stack } from '../../src/sandbox/stack.js';
import type { Run } from '../../src/store/runs.js';
import { finished } from './archive.js';
import { waitFor } from './wait.js';

/** Someone shares a file in the sandbox channel at the bot's present time. */
export async function share(
  stack: Stack,
  file: keyof typeof SANDBOX_FIXTURES | { name: string; bytes: Uint8Array },
  user = SANDBOX_OPERATOR,
): Promise<ShelvedFile> {
  const named =
    typeof file === 'string'
      ? { name: SANDBOX_FIXTURES[file]!.name, bytes: await SANDBOX_FIXTURES[file]!.bytes() }
      : file;
  return stack.slack.shareFile({ ...named, user, channel: SANDBOX_CHANNEL, created: Math.floor(Date.now() / 1000) });
}

/** Sends `/htan <text>` and waits for the run it started to finish. */
export async function htanRun(stack: Stack, text: string, user = SANDBOX_OPERATOR): Promise<Run> {
  const reply = await stack.requester.command(text, { command: '/htan', user });
  const id = /Started \*R(\d+)\*/.exec(reply.body.text ?? '');
  if (!id) throw new Error(`/htan ${text} started no run: ${reply.body.text}`);
  return finished(stack, Number(id[1]), 15_000);
}

/** The texts of a run's thread replies (every block's text, else the message text), uploaded files' contents included. */
export function threadOf(stack: Stack, run: Run): string[] {
  return stack.slack.messages
    .filter((m) => m.channel === run.channelId && m.threadTs === run.threadTs)
    .map((m) => {
      const blocks = JSON.stringify(m.blocks ?? []).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [];
      const texts = blocks.map((t) => JSON.parse(t.slice('"text":'.length)) as string);
      const files = (m.files ?? []).map((f) => `${f.filename}\n${f.content}`);
      return [...(texts.length ? texts : [m.text]), ...files].filter((t) => t !== '').join('\n');
    });
}

/** The thread's last reply, once it is there: the runner posts a failure after it commits the run. */
export function lastReply(stack: Stack, run: Run, containing: string): Promise<string> {
  return waitFor(`a reply with ${containing}`, () => threadOf(stack, run).find((text) => text.includes(containing)));
}
