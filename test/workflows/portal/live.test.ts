import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AzulClient, AzulProject } from '../../../src/integrations/azul.js';
import { AzulStandIn } from '../../../src/sandbox/azul-stand-in.js';
import { checkLive } from '../../../src/workflows/portal/live.js';
import { portalLines } from '../../../src/workflows/portal/messages.js';
import { asRead, heartAtlas, pacedAzulClient, PROJECT } from '../../support/portal.js';

describe('is the project live? (real client, Azul stand-in)', () => {
  let azul: AzulStandIn;
  let client: AzulClient;

  beforeEach(async () => {
    azul = await new AzulStandIn().start();
    client = pacedAzulClient(azul.url).client;
  });
  afterEach(async () => {
    await azul.stop();
  });

  const projectRequests = () => azul.requests.filter((r) => r.path.startsWith('/index/projects/'));

  it('asks the newest release first and stops there when it has the project', async () => {
    azul.publish('dcp43', heartAtlas());

    const check = await checkLive(client, PROJECT);

    expect(check.live?.catalog).toBe('dcp43');
    expect(check.releases).toEqual(['dcp43', 'dcp42']);
    expect(projectRequests().map((r) => r.catalog)).toEqual(['dcp43']);
  });

  it('finds a project only an older release has', async () => {
    azul.publish('dcp42', heartAtlas());
    azul.indexed.get('dcp43')!.delete(PROJECT);

    expect((await checkLive(client, PROJECT)).live?.catalog).toBe('dcp42');
  });

  it('asks each release catalog once, never internal ones or other atlases, when none has it', async () => {
    const check = await checkLive(client, PROJECT.toUpperCase());

    expect(check.live).toBeNull();
    expect(azul.requests).toHaveLength(3);
    expect(projectRequests().map((r) => [r.catalog, r.path])).toEqual([
      ['dcp43', `/index/projects/${PROJECT}`],
      ['dcp42', `/index/projects/${PROJECT}`],
    ]);
  });
});

describe('portal answer', () => {
  const base = {
    projectUuid: PROJECT,
    portalUrl: 'https://data.humancellatlas.org/',
    cadenceDays: 30,
  };
  const live = (overrides: Partial<AzulProject> = {}) => {
    const project = asRead(heartAtlas({ title: 'Heart <cells> & more', estimatedCellCount: 1234567 }));
    project.fileTypes[0]!.count = 2400;
    return { live: { catalog: 'dcp43', project: { ...project, ...overrides } }, releases: ['dcp43', 'dcp42'] };
  };

  it('gives the catalog, the names, cells, file types and the link for the contributor', () => {
    expect(portalLines({ ...base, check: live() })).toEqual([
      `:white_check_mark: Project \`${PROJECT}\` *Heart &lt;cells&gt; &amp; more* (\`HeartAtlas\`) is live on the HCA Data Portal in dcp43.`,
      'Cells: 1,234,567 · File types: fastq.gz (2,400), h5ad (1)',
      `Link for the contributor: https://data.humancellatlas.org/explore/projects/${PROJECT}`,
    ]);
  });

  it('says a managed-access project is live and what that means', () => {
    expect(portalLines({ ...base, check: live({ accessible: false, cellCount: null }) })).toEqual([
      expect.stringContaining('is live on the HCA Data Portal in dcp43'),
      'Cells: not given · File types: fastq.gz (2,400), h5ad (1)',
      'Managed access: the portal lists the project, and its files are open to approved users only.',
      expect.stringContaining('Link for the contributor:'),
    ]);
  });

  it('says which catalogs were checked and when to expect a project that is not live', () => {
    const lines = portalLines({
      ...base,
      check: { live: null, releases: ['dcp43', 'dcp42'] },
      estimate: { release: 'dcp44', date: { year: 2026, month: 12, day: 31 } },
    });

    expect(lines).toEqual([
      `:hourglass_flowing_sand: Project \`${PROJECT}\` is not on the HCA Data Portal yet (checked dcp43, dcp42).`,
      'If it was exported before the next release, it is expected in dcp44, around Thursday 31 December 2026 (releases are about monthly).',
    ]);
  });
});
