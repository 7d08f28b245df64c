import { afterEach, describe, expect, it } from 'vitest';
import { createIngestClient } from '../../src/integrations/ingest.js';
import { fixedIngestToken } from '../../src/integrations/ingest-token.js';
import { SANDBOX_INGEST_TOKEN, sandboxArchiverKey, startStack, type Stack } from '../../src/sandbox/stack.js';

describe('startStack with the ingest stand-ins', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('gives the bot INGEST_API_TOKEN only when asked, and the stand-ins’ URLs always', async () => {
    stack = await startStack();
    const withoutToken = stack.config;
    await stack.stop();

    stack = await startStack({ withIngestToken: true });

    expect(withoutToken.ingestApiToken).toBeUndefined();
    expect(stack.config.ingestApiToken).toBe(SANDBOX_INGEST_TOKEN);
    expect(stack.config.ingestApiUrls.prod).toBe(stack.ingests.prod.url);
    stack.ingests.prod.addSubmission('0b6f0c1e-7d4a-4c5e-9a3b-2f1e0d9c8b7a', 'Graph valid');
    const ingest = createIngestClient({
      baseUrl: stack.config.ingestApiUrls.prod,
      timeoutMs: 2000,
      token: fixedIngestToken(SANDBOX_INGEST_TOKEN),
    });
    expect(await ingest.submissionState('0b6f0c1e-7d4a-4c5e-9a3b-2f1e0d9c8b7a')).toBe('Graph valid');
  });

  it('makes each environment’s archiver expect that environment’s sandbox key', async () => {
    stack = await startStack();

    expect(stack.archivers.dev.apiKey).toBe(sandboxArchiverKey('dev'));
    expect(stack.archivers.prod.apiKey).toBe(sandboxArchiverKey('prod'));
  });
});
