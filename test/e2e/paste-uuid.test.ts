import { afterEach, describe, expect, it } from 'vitest';
import type { Stack } from '../../src/sandbox/stack.js';
import { answerTo, atStep, startArchiveStack, SUBMISSION } from '../support/archive.js';
import { textOf } from '../support/block-kit.js';

const PROJECT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('paste what you have: every command taking a UUID finds it in what was pasted', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  it('takes the UUID from links, braces, angle brackets and upper case, and refuses text with two', async () => {
    stack = await startArchiveStack();

    const archive = await stack.requester.command(
      `archive https://contribute.data.humancellatlas.org/submissions/detail?uuid=${SUBMISSION.toUpperCase()} dev --no-runs`,
    );
    await atStep(stack, 1, 'approval');
    const byBraces = await stack.requester.command(`status {${SUBMISSION.toUpperCase()}}`);
    const byEscapedBrackets = await stack.requester.command(`status  &lt;${SUBMISSION}&gt; `);
    const bySlackLink = await stack.requester.command(
      `status <https://api.ingest.archive.data.humancellatlas.org/submissionEnvelopes/search/findByUuidUuid?uuid=${SUBMISSION}|the submission on ingest>`,
    );
    const remind = await stack.requester.command(
      `remind https://data.humancellatlas.org/explore/projects/${PROJECT} in 20 days`,
    );
    const two = await stack.requester.command(`archive https://x.org/${SUBMISSION}/${PROJECT} dev`);

    expect(archive.body.text).toMatch(/^Started \*R1\* \(archive 3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69 \(no runs\)\)/);
    expect(stack.bot.runs.get(1)?.subject).toBe(SUBMISSION);
    for (const status of [byBraces, byEscapedBrackets, bySlackLink]) {
      expect(status.body.text).toContain('Looking up `3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69`');
      const story = (await answerTo(stack, status.responseUrl)).body as { blocks?: unknown[] };
      expect(textOf(story)).toContain('• R1 archive 3f1c2b7a-5d4e-4c8b-9a1f-0e2d3c4b5a69 (no runs) · dev');
    }
    expect(remind.body.text).toContain(`project \`${PROJECT}\``);
    expect(two.body.text).toMatch(/holds 2 different UUIDs; paste only the ingest submission UUID\./);
    expect(stack.bot.runs.active()).toHaveLength(1);
  });
});
