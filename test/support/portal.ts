import type { Dispatcher } from 'undici';
import { createAzulClient, type AzulProject } from '../../src/integrations/azul.js';
import { createPacer } from '../../src/integrations/pacer.js';
import type { StandInAzulProject } from '../../src/sandbox/azul-stand-in.js';
import { testClock } from './reminders.js';

/** A project UUID Azul accepts (lower-case RFC 4122, version 4). */
export const PROJECT = '8f4c2a9e-1111-4222-8333-000000000001';

export function heartAtlas(overrides: Partial<StandInAzulProject> = {}): StandInAzulProject {
  return {
    uuid: PROJECT,
    title: 'A single-cell atlas of the human heart',
    shortName: 'HeartAtlas',
    estimatedCellCount: 12345,
    fileTypes: [
      { format: 'fastq.gz', count: 24 },
      { format: 'h5ad', count: 1 },
    ],
    accessible: true,
    ...overrides,
  };
}

/** A stand-in's project as the Azul client reads it back. */
export function asRead(project: StandInAzulProject): AzulProject {
  const { estimatedCellCount, ...rest } = project;
  return { ...rest, cellCount: estimatedCellCount };
}

/** A real Azul client on a test clock: the pacer's sleeps move the clock and are recorded, nothing really waits. */
export function pacedAzulClient(baseUrl: string, options: { timeoutMs?: number; dispatcher?: Dispatcher } = {}) {
  const clock = testClock();
  const sleeps: number[] = [];
  const pacer = createPacer({
    intervalMs: 1000,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
  });
  const client = createAzulClient({ baseUrl, timeoutMs: options.timeoutMs ?? 2000, pacer, clock, ...options });
  return { client, clock, sleeps };
}
