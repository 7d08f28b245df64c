import { z } from 'zod';
import type { Failure } from '../slack-stand-in.js';
import { defineSandboxCommand } from './sandbox-command.js';

const SlackArgs = z
  .tuple([
    z.string().regex(/^[a-z]+\.[a-zA-Z.]+$/, 'expected a Web API method such as chat.postMessage'),
    z.string().regex(/^[a-z_]+$|^429$/, 'expected a Slack error such as not_in_channel, invalid_blocks, or 429'),
  ])
  .rest(z.string().regex(/^\d+$/, 'expected how many calls fail, such as 3'))
  .transform(([method, error, times]) => ({ method, error, times: Number(times ?? 1) }));

/** `/sandbox slack <method> <error> [times]`: the next call(s) of a Web API method fail as Slack would answer. */
export const slackCommand = defineSandboxCommand<z.infer<typeof SlackArgs>>({
  name: 'slack',
  usage: '<method> <error|429> [times]',
  summary:
    'Make the next call(s) of a Slack Web API method fail: `chat.postMessage not_in_channel`, `chat.update invalid_blocks`, `chat.postMessage 429`…',
  args: SlackArgs,
  run({ method, error, times }, { stack }) {
    const failure: Failure = error === '429' ? { status: 429, retryAfter: 1 } : { error };
    stack.slack.failNext(method, ...Array.from({ length: times }, () => failure));
    const answer = error === '429' ? 'HTTP 429 with Retry-After: 1' : `{"ok": false, "error": "${error}"}`;
    return `The next ${times === 1 ? 'call' : `${times} calls`} of \`${method}\` will get ${answer}.`;
  },
});
