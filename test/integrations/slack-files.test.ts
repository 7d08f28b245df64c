import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../src/errors.js';
import {
  createSlackFiles,
  SlackFileError,
  type SlackFile,
  type SlackFiles,
} from '../../src/integrations/slack-files.js';
import { LoopbackServer } from '../../src/sandbox/loopback.js';
import { rejectionOf, useMockAgent } from '../support/http.js';
import { SlackGateway } from '../../src/integrations/slack.js';
import { createLogger } from '../../src/logger.js';
import { Redactor } from '../../src/redactor.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';

const TOKEN = 'xoxb-files-test-7f3a';
const MB = 1024 * 1024;

function gateway(apiUrl: string, token = TOKEN): SlackGateway {
  return new SlackGateway({
    client: new webApi.WebClient(token, {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    }),
    logger: createLogger({ level: 'error', redactor: new Redactor(), sink: () => undefined }),
    postIntervalMs: 0,
    rateLimitRetries: 1,
    timeoutMs: 2000,
  });
}

function slackFiles(apiUrl: string, token = TOKEN, timeoutMs = 2000): SlackFiles {
  return createSlackFiles({ slack: gateway(apiUrl, token), botToken: token, timeoutMs });
}

describe('SlackFiles against the stand-in', () => {
  let slack: SlackStandIn;
  let files: SlackFiles;
  const bytes = new TextEncoder().encode('HTAN_PARTICIPANT_ID\nHTA209_1\n');

  beforeEach(async () => {
    slack = await new SlackStandIn({ botToken: TOKEN }).start();
    files = slackFiles(slack.apiUrl);
  });
  afterEach(async () => {
    await slack.stop();
  });

  const share = (
    name: string,
    created: number,
    extra: { user?: string; channel?: string; content?: Uint8Array } = {},
  ) =>
    slack.files.share({
      name,
      user: extra.user ?? 'U1',
      channel: extra.channel ?? 'C1',
      created,
      bytes: extra.content ?? bytes,
    });

  it('describes a file and reads its bytes into memory with the bot token', async () => {
    const shared = share('demographics.csv', 1_700_000_000);

    const file = await files.info(shared.id);
    const read = await files.download(file, MB);

    expect(file).toMatchObject({ id: shared.id, name: 'demographics.csv', filetype: 'csv', size: bytes.length });
    expect(new TextDecoder().decode(read)).toBe('HTAN_PARTICIPANT_ID\nHTA209_1\n');
  });

  it('refuses a file over the cap before downloading it', async () => {
    const file = await files.info(share('big.csv', 1).id);

    const error = await rejectionOf(files.download(file, bytes.length - 1), SlackFileError);

    expect(error.problem).toBe('too-large');
    expect(error.message).toBe(
      'big.csv is over 0 MB, the most I read from Slack. Put it in S3 and check it with an s3:// URL (streamed, whatever its size), or split it.',
    );
    expect(slack.calls.map((c) => c.method)).toEqual(['files.info']);
  });

  it('stops reading when a file turns out bigger than Slack said', async () => {
    const shared = share('lies.csv', 1, { content: new Uint8Array(3 * MB) });
    const understated: SlackFile = { ...(await files.info(shared.id)), size: 10 };

    const error = await rejectionOf(files.download(understated, 2 * MB), SlackFileError);

    expect(error.problem).toBe('too-large');
    expect(error.message).toMatch(/^lies\.csv is over 2 MB/);
  });

  it('says the files:read scope is missing', async () => {
    const shared = share('a.csv', 1);
    slack.files.canReadFiles = false;

    const error = await rejectionOf(files.info(shared.id), SlackFileError);

    expect(error.problem).toBe('missing-scope');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'I cannot read files shared in Slack: my app lacks the files:read scope. Ask a workspace admin to reinstall it from manifest.yml.',
    );
  });

  it('says a deleted or unknown file is gone', async () => {
    const shared = share('a.csv', 1);
    shared.deleted = true;

    const deleted = await rejectionOf(files.info(shared.id), SlackFileError);
    const unknown = await rejectionOf(files.info('F0NOPE'), SlackFileError);

    expect([deleted.problem, unknown.problem]).toEqual(['not-found', 'not-found']);
    expect(deleted.message).toBe(
      'That file is gone: it was deleted, or it is not shared anywhere I can see. Share it again in this channel.',
    );
  });

  it('recognises Slack’s sign-in page in place of the file', async () => {
    const file = await files.info(share('a.csv', 1).id);

    const error = await rejectionOf(slackFiles(slack.apiUrl, 'xoxb-other').download(file, MB), SlackFileError);

    expect(error.problem).toBe('no-access');
    expect(error.message).toBe(
      'Slack sent a sign-in page instead of a.csv: my app lacks the files:read scope, or the file is not shared where I can see it.',
    );
  });

  it('retries when the download does not answer in time', async () => {
    const silent: LoopbackServer = new LoopbackServer(async (_req, res) => silent.hold(res));
    await silent.start();
    const file = { ...(await files.info(share('a.csv', 1).id)), urlPrivateDownload: `${silent.url}/files-pri/T1-F1/a` };
    const impatient = slackFiles(slack.apiUrl, TOKEN, 100);

    const error = await rejectionOf(impatient.download(file, MB), ExternalServiceError).finally(() => silent.stop());

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^Slack at 127\.0\.0\.1:[0-9]+ has not answered for [0-9.]+ m?s\.$/);
  });

  it('finds the newest file the caller shared in the channel since a time', async () => {
    share('old.csv', 100);
    const wanted = share('new.csv', 300);
    share('other-user.csv', 400, { user: 'U2' });
    share('other-channel.csv', 500, { channel: 'C2' });

    expect((await files.latestShared('C1', 'U1', 200))?.id).toBe(wanted.id);
    expect(await files.latestShared('C1', 'U1', 301)).toBeUndefined();
  });
});

describe('SlackFiles downloads with odd answers (MockAgent)', () => {
  const origin = 'https://files.slack.test';
  const agent = useMockAgent();
  const file: SlackFile = {
    id: 'F1',
    name: 'a.csv',
    filetype: 'csv',
    mimetype: 'text/csv',
    size: 4,
    created: 1,
    urlPrivateDownload: `${origin}/files-pri/T1-F1/download/a.csv`,
  };
  const files = () =>
    createSlackFiles({
      slack: gateway('http://slack.test/api/'),
      botToken: TOKEN,
      timeoutMs: 500,
      dispatcher: agent(),
    });
  const intercept = () =>
    agent()
      .get(origin)
      .intercept({ path: '/files-pri/T1-F1/download/a.csv', headers: { authorization: `Bearer ${TOKEN}` } });

  it('retries a 5xx', async () => {
    intercept().reply(503, 'busy');

    const error = await rejectionOf(files().download(file, MB), ExternalServiceError);

    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Slack at files.slack.test answered HTTP 503 with busy.');
  });

  it('reads a redirect as no access (Slack sends people to sign in)', async () => {
    intercept().reply(302, '', { headers: { location: 'https://slack.test/signin' } });

    expect((await rejectionOf(files().download(file, MB), SlackFileError)).problem).toBe('no-access');
  });
});
