import { afterEach, describe, expect, it } from 'vitest';
import type { Stack } from '../../src/sandbox/stack.js';
import { answerTo, atStep, dspOf } from '../support/archive.js';
import { textOf } from '../support/block-kit.js';
import { projectOf, seed, startWatchStack, submission } from '../support/portal-stack.js';

describe('/hca status <uuid>: one submission’s whole story', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.stop();
  });

  const story = async (uuid: string, user = 'U0OTHER') => {
    const reply = await stack.requester.command(`status ${uuid}`, { user });
    expect(reply.body.text).toContain(`Looking up \`${uuid}\``);
    const answer = await answerTo(stack, reply.responseUrl);
    expect(answer.body.replace_original).toBe(true);
    expect(stack.slack.responses.filter((r) => reply.responseUrl.endsWith(`/response/${r.id}`))).toHaveLength(1);
    return textOf(answer.body as { text?: string; blocks?: unknown[] });
  };

  it('tells an archived and exporting submission’s story from its UUID, its project’s and its DSP submission’s', async () => {
    ({ stack } = await startWatchStack({ watch: false, env: { ARCHIVER_POLL_INTERVAL_MS: '40' } }));
    seed(stack, 1, 'Archiving', 'dev');
    stack.azul.publish('dcp43', {
      uuid: projectOf(1),
      title: 'Atlas number 1',
      shortName: 'Atlas1',
      estimatedCellCount: 10,
      fileTypes: [],
      accessible: true,
    });
    await stack.requester.command(`archive ${submission(1)} dev`);
    const run = await atStep(stack, 1, 'wait-files');
    stack.ingests.dev.addSubmission(submission(1), 'Exporting');
    stack.ingests.dev.startExport(submission(1), 4);

    const bySubmission = await story(submission(1));
    const byProject = await story(projectOf(1));
    const byDsp = await story(dspOf(run));

    expect(bySubmission).toContain(
      `*The story of \`${submission(1)}\`* (an ingest submission) · *Atlas number 1* (\`Atlas1\`)`,
    );
    expect(bySubmission).toContain(`*Ingest (dev):* submission \`${submission(1)}\` is Exporting.`);
    expect(bySubmission).toContain(`• R1 archive ${submission(1)} (Atlas1) · dev — waiting`);
    expect(bySubmission).toContain(`DSP submission \`${dspOf(run)}\``);
    expect(bySubmission).toContain('*Export:* latest job EXPORTING');
    expect(bySubmission).toContain(
      `*Portal:* live in dcp43: https://data.humancellatlas.org/explore/projects/${projectOf(1)}`,
    );
    expect(bySubmission).toMatch(/<@U0OPERATOR> \/hca archive .* → started R1/);
    expect(bySubmission).toContain('*Next:* Wrangler: verify the project on the portal and send the link');
    expect(byProject).toContain('(a project)');
    expect(byProject).toContain(`*Ingest (dev):* submission \`${submission(1)}\` is Exporting.`);
    expect(byDsp).toContain('(a DSP submission)');
    expect(byDsp).toContain(`*Ingest (dev):* submission \`${submission(1)}\` is Exporting.`);
  });

  it('says what is next, and who does it, for a submission waiting in Archiving', async () => {
    ({ stack } = await startWatchStack({ watch: false }));
    seed(stack, 2, 'Archiving');

    const text = await story(submission(2));

    expect(text).toContain('*Runs:* none.');
    expect(text).toContain('*Portal:* not live yet (not in dcp43); expected in dcp44');
    expect(text).toContain(`*Next:* Operators: start archiving with \`/hca archive ${submission(2)} prod\`.`);
  });

  it('says ingest was not read without a token, and a UUID nothing knows', async () => {
    ({ stack } = await startWatchStack({ watch: false, withIngestToken: false }));

    const text = await story(submission(9));

    expect(text).toContain('*Ingest:* not read (the bot has no ingest token).');
    expect(text).toContain('Nothing the bot can see knows this UUID');
  });

  it('keeps telling the story when a system fails, saying which', async () => {
    ({ stack } = await startWatchStack({ watch: false }));
    seed(stack, 3, 'Archived');
    stack.azul.failNext('catalogs', 'html-500', 2);

    const text = await story(submission(3));

    expect(text).toContain(`*Ingest (prod):* submission \`${submission(3)}\` is Archived.`);
    expect(text).toContain('*Portal:* Azul could not be asked: Azul at');
    expect(text).toContain('*Next:* The exporter is on it');
  });
});
