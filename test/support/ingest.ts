import { beforeEach } from 'vitest';
import { createIngestClient, type IngestClient } from '../../src/integrations/ingest.js';
import { fixedIngestToken } from '../../src/integrations/ingest-token.js';
import { useMockAgent } from './http.js';

/** An ingest client on a fresh MockAgent for each test, sending `token`. */
export function useMockedIngest(origin: string, token: string) {
  const agent = useMockAgent();
  let client: IngestClient;
  beforeEach(() => {
    client = createIngestClient({
      baseUrl: origin,
      timeoutMs: 1000,
      dispatcher: agent(),
      token: fixedIngestToken(token),
    });
  });
  return { agent, client: () => client };
}
