import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  delimited,
  DIRTY_CLINICAL,
  PLANTED_DATE,
  PLANTED_PHI,
  utf8,
  workbook,
} from '../../src/sandbox/htan-fixtures.js';
import { SANDBOX_AWS_SECRET, SANDBOX_CHANNEL, startStack, type Stack } from '../../src/sandbox/stack.js';
import { answerTo, finished } from '../support/archive.js';
import { htanRun, lastReply, share, threadOf } from '../support/htan.js';
import { expectSecretsKept } from '../support/secrets.js';
import { waitFor } from '../support/wait.js';

describe('/htan check: the ways in and the report', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ withS3: true });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('checks the last file the caller shared here and reports by rule, masked, with the findings CSV', async () => {
    await share(stack, 'dirty');

    const run = await htanRun(stack, 'check');

    const thread = threadOf(stack, run);
    expect(run.status).toBe('succeeded');
    expect(thread[0]).toContain('5 findings must be fixed before submission of clinical-HTA209.csv');
    expect(thread[0]).toContain(':no_entry: calendar date: *2* — convert it to days from birth');
    expect(thread[0]).toContain(':no_entry: row 2, `Collection Date`: calendar date `9999-99-99`');
    expect(thread[1]).toMatch(/^htan-findings-clinical-HTA209\.csv\nsheet,row,column,tier,rule/);
    expect(thread[1]).toContain(',2,NOTES,block,phi-email,e-mail address,xxxxxxx.xxxxxxx@xxxxxxx.… (27 characters)');
    expect(thread.join('\n')).not.toContain(PLANTED_PHI);
    const root = stack.slack.messages.find((m) => m.ts === run.statusTs)!;
    await waitFor('the status message to name the file', () => root.text.includes('htan check clinical-HTA209.csv'));
  });

  it('redacts a credential a contributor put in a file name from everything it posts', async () => {
    const key = 'AKIAIOSFODNN7EXAMPLE';
    await share(stack, { name: `keys ${key}.csv`, bytes: new TextEncoder().encode('HTAN_PARTICIPANT_ID\nHTA209_1\n') });

    const run = await htanRun(stack, 'check');

    const posted = JSON.stringify(
      ['chat.postMessage', 'chat.update', 'files.completeUploadExternal'].map((method) => stack.slack.callsTo(method)),
    );
    expect(run.status).toBe('succeeded');
    expect(threadOf(stack, run).join('\n')).toContain('keys [redacted].csv');
    expect(posted).not.toContain(key);
  });

  it('checks a file by its Slack link', async () => {
    const file = await share(stack, 'clean');

    const run = await htanRun(stack, `check https://sandbox.slack.com/files/U0OPERATOR/${file.id}/biospecimen.csv`);

    expect(threadOf(stack, run)[0]).toContain(
      'Clean: no PHI and no identifier problems found in biospecimen-HTA209.csv',
    );
  });

  it('checks the file of a message with the shortcut', async () => {
    const file = await share(stack, 'workbook');
    const message = stack.slack.messages.at(-1)!;

    const reply = await stack.requester.messageShortcut('htan_check_metadata', {
      ...message,
      files: [{ id: file.id, name: file.name }],
    });

    expect(reply.status).toBe(200);
    const answer = await answerTo(stack, reply.responseUrl);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Started \*R\d+\*/) });
    const id = Number(/R(\d+)/.exec(String(answer.body.text))![1]);
    const run = await finished(stack, id, 15_000);
    expect(threadOf(stack, run)[0]).toContain(
      ':no_entry: row 2, `Visit`: cell formatted as a date in Excel `9999-99-99`',
    );
  });

  it('answers a shortcut on a message with no file privately and starts nothing', async () => {
    const runsBefore = stack.bot.runs.recentlyFinished(100).length + stack.bot.runs.active().length;
    const reply = await stack.requester.messageShortcut('htan_check_metadata', { channel: SANDBOX_CHANNEL, ts: '1.2' });

    const answer = await answerTo(stack, reply.responseUrl);
    expect(answer.body.text).toBe(
      'That message has no file. Use *Check HTAN metadata* on a message that carries a CSV, TSV or .xlsx file.',
    );
    expect(stack.bot.runs.recentlyFinished(100).length + stack.bot.runs.active().length).toBe(runsBefore);
  });

  it('streams an s3:// object through the checks', async () => {
    const client = new S3Client({
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: SANDBOX_AWS_SECRET },
    });
    await client.send(new CreateBucketCommand({ Bucket: 'htan-metadata' }));
    await client.send(
      new PutObjectCommand({ Bucket: 'htan-metadata', Key: 'HTA209/clinical.csv', Body: delimited(DIRTY_CLINICAL) }),
    );
    client.destroy();

    const run = await htanRun(stack, 'check s3://htan-metadata/HTA209/clinical.csv');

    expect(threadOf(stack, run)[0]).toContain('must be fixed before submission of clinical.csv (4 rows');
  });

  it('refuses a workbook over 10 MB, whatever the file cap, before reading it', async () => {
    const zip = new Uint8Array(10 * 1024 * 1024 + 1);
    zip.set([0x50, 0x4b, 0x03, 0x04]);
    await share(stack, { name: 'huge.xlsx', bytes: zip });

    const run = await htanRun(stack, 'check');

    expect(run.lastError).toBe(
      'huge.xlsx is a workbook over 10 MB, more than the bot reads into memory. Save it as CSV UTF-8 (read as it streams, whatever its size) and check again.',
    );
  });

  it('says so when the caller shared no file here in the last 10 minutes', async () => {
    const run = await htanRun(stack, 'check', 'U0NOFILES');

    expect(run.status).toBe('failed');
    expect(run.lastError).toBe(
      'You have shared no file in this channel in the last 10 minutes. Share the metadata file here and run `/htan check` again, or give its link: `/htan check <Slack file link>`.',
    );
  });

  it('refuses an argument that is neither a file link nor an s3 URL, starting nothing', async () => {
    const reply = await stack.requester.command('check https://example.org/x.csv', { command: '/htan' });

    expect(reply.body.text).toBe(
      '`https://example.org/x.csv` is neither a Slack file link (⋮ → Copy link on the file) nor an s3://bucket/key URL.\nUsage: `/htan check [Slack file link|s3://bucket/key]`.',
    );
  });
});

describe('/htan check: faults and bad input', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { HTAN_MAX_FILE_MB: '1' } });
  });
  afterAll(async () => {
    await stack.stop();
  });
  afterEach(() => {
    stack.slack.files.canReadFiles = true;
  });

  async function failureOf(file: Parameters<typeof share>[1]): Promise<string> {
    await share(stack, file);
    const run = await htanRun(stack, 'check');
    expect(run.status).toBe('failed');
    await lastReply(stack, run, `failed at step \`check\`: ${run.lastError}`);
    return run.lastError!;
  }

  it('refuses a file that is not CSV, TSV or .xlsx', async () => {
    expect(await failureOf('pdf')).toBe(
      'manifest.pdf is a PDF document, not a CSV, TSV or .xlsx file. Save it as CSV UTF-8, TSV or .xlsx and check again.',
    );
  });

  it('refuses an empty file', async () => {
    expect(await failureOf('empty')).toBe('empty.csv is empty (0 bytes).');
  });

  it('refuses a file over the cap without downloading it', async () => {
    const big = { name: 'big.csv', bytes: new Uint8Array(1024 * 1024 + 1).fill(0x41) };

    expect(await failureOf(big)).toBe(
      'big.csv is over 1 MB, the most I read from Slack. Put it in S3 and check it with an s3:// URL (streamed, whatever its size), or split it.',
    );
  });

  it('says the files:read scope is missing', async () => {
    await share(stack, 'clean');
    stack.slack.files.canReadFiles = false;

    const run = await htanRun(stack, 'check');

    expect(run.lastError).toBe(
      'I cannot read files shared in Slack: my app lacks the files:read scope. Ask a workspace admin to reinstall it from manifest.yml.',
    );
  });

  it('says a deleted file is gone', async () => {
    const file = await share(stack, 'clean');
    file.deleted = true;

    const run = await htanRun(stack, `check ${file.id}`);

    expect(run.lastError).toBe(
      'That file is gone: it was deleted, or it is not shared anywhere I can see. Share it again in this channel.',
    );
  });

  it('refuses mixed delimiters, naming the line', async () => {
    expect(await failureOf('mixed')).toBe(
      'mixed.tsv mixes delimiters: the header uses tabs but line 3 uses commas. Save it as CSV UTF-8 or TSV and check again.',
    );
  });

  it('checks a 1,000-column header and keeps the report within Slack’s limits', async () => {
    await share(stack, 'wide');

    const run = await htanRun(stack, 'check');

    const report = stack.slack.messages.find((m) => m.threadTs === run.threadTs)!;
    expect(run.status).toBe('succeeded');
    expect(report.text).toContain('500 findings must be fixed');
    expect(report.blocks!.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(report.blocks).length).toBeLessThan(13_000);
  });
});

describe('/htan check: the planted PHI never leaves the check', () => {
  let stack: Stack;
  let scratch: string;
  const savedTmp = process.env.TMPDIR;
  const lines: string[] = [];

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'htan-phi-'));
    process.env.TMPDIR = scratch;
    stack = await startStack({ env: { LOG_LEVEL: 'debug' }, logSink: (line) => lines.push(line) });
  });
  afterAll(async () => {
    await stack.stop();
    process.env.TMPDIR = savedTmp;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is in no Slack call, log line (debug), database row or temp file', async () => {
    await share(stack, 'dirty');
    const csv = await htanRun(stack, 'check');
    const book = await workbook({
      Clinical: [
        ['HTAN_PARTICIPANT_ID', 'NOTES', 'Visit'],
        ['HTA209_1', PLANTED_PHI, PLANTED_DATE],
      ],
    });
    await share(stack, { name: 'clinical.xlsx', bytes: book });
    const xlsx = await htanRun(stack, 'check');
    await share(stack, { name: 'latin1.csv', bytes: new Uint8Array([...utf8(`a,b\n${PLANTED_PHI},`), 0xe9, 0x0a]) });
    const bad = await htanRun(stack, 'check');

    expect([csv.status, xlsx.status, bad.status]).toEqual(['succeeded', 'succeeded', 'failed']);
    expect(threadOf(stack, xlsx)[0]).toContain('e-mail address');
    expect(lines.some((l) => l.includes('"level":"debug"'))).toBe(true);
    expectSecretsKept(stack, lines, [PLANTED_PHI, PLANTED_DATE, '(617) 555-1234']);
    expect(filesUnder(scratch).some((path) => path.endsWith('bot.sqlite'))).toBe(true);
    for (const path of filesUnder(scratch)) {
      const text = readFileSync(path, 'latin1');
      expect(text.includes(PLANTED_PHI) || text.includes(PLANTED_DATE), path).toBe(false);
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
