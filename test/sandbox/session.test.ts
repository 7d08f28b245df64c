import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAIN_STYLE } from '../../src/sandbox/render.js';
import { SANDBOX_SUBMISSIONS, startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { waitFor } from '../support/wait.js';

describe('sandbox session', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ write: () => undefined, style: PLAIN_STYLE, timeZone: 'UTC' });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  async function execute(line: string): Promise<string> {
    const mark = sandbox.transcript.mark();
    await sandbox.session.execute(line);
    return sandbox.transcript.since(mark);
  }

  it('cancels a run when its numbered Cancel button is clicked', async () => {
    sandbox.stack.archivers.dev.health = 'hang';
    await execute('/hca ping dev');
    const shown = await waitFor('the Cancel button', () =>
      /\[(\d+)\] Cancel R1 \(dev\)/.exec(sandbox.transcript.since(0)),
    );

    const printed = await execute(`click ${shown[1]}`);

    expect(printed).toContain('Slack asks "Cancel R1?" — confirmed.');
    expect(sandbox.stack.bot.runs.get(1)?.status).toBe('cancelled');
    sandbox.stack.archivers.dev.health = 'ok';
  });

  it('says so when a numbered button is gone from its edited message', async () => {
    await waitFor('R1 shown as cancelled', () => sandbox.transcript.since(0).includes('🚫 Cancelled'));
    const number = /\[(\d+)\] Cancel R1/.exec(sandbox.transcript.since(0))![1];

    expect(await execute(`click ${number}`)).toBe(`✗ Button \`${number}\` is no longer on its message.\n`);
    expect(await execute('click 99')).toBe('✗ There is no button `99` on the messages shown.\n');
  });

  it('sends one line as another user with `as`, and switches the user with `user`', async () => {
    expect(await execute('as U0OTHER /hca cancel R1')).toContain('only visible to you (U0OTHER)');
    expect(sandbox.session.user).toBe('U0OPERATOR');

    expect(await execute('user U0APPROVER')).toBe('You are now `U0APPROVER` (an approver).\n');
    expect(await execute('/hca cancel R1')).toContain('Only operators may run `/hca cancel`.');
    await execute('user U0OPERATOR');
  });

  it('refuses a malformed user id and anything but a command or click after `as`', async () => {
    expect(await execute('user bob')).toMatch(/^✗ `bob` is not a Slack user id/);
    expect(await execute('as U0OTHER user U0X')).toMatch(
      /^✗ `as U123` takes `\/hca …`, `\/htan …`, `\/sandbox share …`, `click N` or `submit …`/,
    );
  });

  it('shares an HTAN fixture as another user and sends /htan commands', async () => {
    const shared = await execute('as U0OTHER /sandbox share clean');
    const help = await execute('/htan help');

    expect(shared).toContain('`U0OTHER` shared `biospecimen-HTA209.csv` in #C0OPS');
    expect(sandbox.stack.slack.files.files.at(-1)).toMatchObject({ user: 'U0OTHER', name: 'biospecimen-HTA209.csv' });
    expect(help).toContain('/htan checklist [center]');
    expect(await execute('/sandbox share nothing')).toContain('`nothing` is not a fixture: use clean, dirty');
  });

  it('sets an archiver stand-in health with /sandbox archiver', async () => {
    const printed = await execute('/sandbox archiver prod html-500');

    expect(printed).toBe(
      "prod archiver: `html-500` — answers every request (ping and runs alike) with HTTP 500 and Flask's HTML error page\n",
    );
    expect(sandbox.stack.archivers.prod.health).toBe('html-500');
    await execute('/sandbox archiver prod ok');
  });

  it('answers bad /sandbox input with what to type', async () => {
    expect(await execute('/sandbox archiver prod broken')).toBe(
      '✗ `broken` is not a health: use ok, html-500, hang, wrong-service.\nUsage: `/sandbox archiver [dev|staging|prod] [ok|html-500|hang|wrong-service]`\n',
    );
    expect(await execute('/sandbox archve')).toContain('Did you mean `/sandbox archiver`?');
    expect(await execute('/sandbox clock tomorrow')).toContain('`tomorrow` is not a step forward');
  });

  it('moves the bot clock forward with /sandbox clock', async () => {
    const before = sandbox.clock.now();

    const printed = await execute('/sandbox clock +3h');

    expect(sandbox.clock.now() - before).toBeGreaterThanOrEqual(3 * 3_600_000);
    expect(printed).toMatch(/^The bot's clock reads .* \(3h ahead of real time\)\.\n$/);
  });

  it('shows bot warnings in the transcript instead of dropping them', async () => {
    sandbox.stack.slack.failNext('chat.update', { error: 'message_not_found' });

    await execute('/hca ping prod');

    await waitFor('the warning', () =>
      sandbox.transcript.since(0).includes('⚠ bot warn presenter: status message edit failed'),
    );
  });

  it('fails runs too with /sandbox archiver html-500, and shows a whole uploaded file with /sandbox file', async () => {
    await execute('/sandbox archiver dev html-500');
    await execute('/hca archive 5b2d9c1e-7f3a-4e8b-b6d2-1c9a8e7f6d5c dev');
    const run = sandbox.stack.bot.runs.active().find((r) => r.subject === '5b2d9c1e-7f3a-4e8b-b6d2-1c9a8e7f6d5c')!;
    await waitFor('the pause', () =>
      /Paused: The archiver at [^ ]+ answered HTTP 500/.test(sandbox.transcript.since(0)),
    );
    const noFile = await execute('/sandbox file');

    await execute('/sandbox archiver dev ok');
    await waitFor('the job script', () => sandbox.transcript.since(0).includes('📎 submit-jobs.sh'));
    const file = await execute('/sandbox file submit');
    await execute(`/hca cancel ${run.ref}`);

    expect(noFile).toBe('The bot has uploaded no file yet.\n');
    expect(file).toMatch(
      /^📎 submit-jobs\.sh — File archiver jobs for [0-9a-f-]{36} \(dev, EBI cluster\)\n```#!\/usr\/bin\/env bash\n/,
    );
    expect(file.match(/^bsub -J /gm)).toHaveLength(2);
    expect(await execute('/sandbox file nothing-like-it')).toMatch(
      /^No file the bot uploaded is named like `nothing-like-it`\. Its files: `submit-jobs\.sh`/,
    );
  });

  it('shows the App Home of the current user with /sandbox home', async () => {
    const home = await execute('/sandbox home');

    expect(home).toMatch(/^App Home of U0OPERATOR\nhca-ops-bot\n/);
    expect(home).toContain('Active runs');
    expect(home).toContain('Upcoming reminders');
  });

  it('knows the README’s submissions, and checks their ingest state once /sandbox ingest-token is on', async () => {
    const on = await execute('/sandbox ingest-token on');
    await execute('/hca archive 2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f7a dev');
    const run = await waitFor('the run to fail', () =>
      sandbox.stack.bot.runs.recentlyFinished(5).find((r) => r.subject === '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f7a'),
    );
    const off = await execute('/sandbox ingest-token off');

    expect(SANDBOX_SUBMISSIONS.map((s) => sandbox.stack.ingests.prod.submissions.get(s.uuid))).toEqual([
      'Archiving',
      'Archiving',
      'Archived',
      'Graph valid',
    ]);
    expect(on).toContain(
      'The bot restarted (its runs carry on) with an ingest API token: archive runs check the submission’s state in ingest first.\n',
    );
    expect(run.lastError).toMatch(/is in state "Graph valid"; archiving needs it in "Archiving"/);
    expect(off).toMatch(/without an ingest API token/);
    expect(sandbox.stack.config.ingestApiToken).toBeUndefined();
  });

  it('presses a button on a private answer, and says so once the answer it was on is replaced', async () => {
    const uuid = '0a1b2c3d-4e5f-4a6b-8c7d-000000000001';
    await execute(`/hca remind ${uuid} in 20 days`);
    const question = await execute(`/hca remind ${uuid} in 30 days agreed later`);
    const replace = /\[(\d+)\] Replace (M\d+)/.exec(question);
    expect(question).toContain('only visible to you (U0OPERATOR)');
    expect(replace).not.toBeNull();

    await execute(`click ${replace![1]}`);

    const next = `M${Number(replace![2]!.slice(1)) + 1}`;
    await waitFor('the replacement', () => sandbox.transcript.since(0).includes(`Reminder ${next} set for project`));
    await waitFor(
      'replaced in the store',
      () => sandbox.stack.bot.reminders.get(Number(replace![2].slice(1)))?.status === 'cancelled',
    );
    expect(await execute(`click ${replace![1]}`)).toBe(`✗ Button \`${replace![1]}\` is no longer on its message.\n`);
  });

  it('fills in the Move date… form with submit: a refused date keeps it open, a good one moves the date', async () => {
    const uuid = '0a1b2c3d-4e5f-4a6b-8c7d-000000000002';
    await execute(`/hca remind ${uuid} tomorrow`);
    await execute('/sandbox clock +2d');
    const notice = await waitFor('the notice', () =>
      new RegExp(`${uuid}[\\s\\S]*\\[(\\d+)\\] Move date…`).exec(sandbox.transcript.since(0)),
    );

    await execute(`click ${notice[1]}`);
    const form = await waitFor('the form', () =>
      /form "Move reminder M\d+" opened for U0OPERATOR[\s\S]*plain `submit` keeps (\d{4}-\d\d-\d\d)/.exec(
        sandbox.transcript.since(0),
      ),
    );
    const refused = await execute('submit 2000-01-01');
    const moved = await execute('submit');

    expect(form[0]).toMatch(/New release date: \[date picker: \d{4}-\d\d-\d\d\]/);
    expect(refused).toContain('✗ The form shows: 2000-01-01 is in the past.');
    expect(refused).toContain('The form stays open.');
    expect(moved).toContain('Form submitted and closed.');
    await waitFor('the move told in the channel', () =>
      sandbox.transcript.since(0).includes(`moved the release date of M`),
    );
    expect(await execute('submit')).toMatch(/^✗ No form is open/);
  });

  it('points at help for an unknown command', async () => {
    expect(await execute('hca ping')).toBe('✗ Unknown command `hca`. Type `help`.\n');
    expect(await execute('help')).toContain('you are `U0OPERATOR` (an operator)');
  });
});
