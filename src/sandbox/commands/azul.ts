import { z } from 'zod';
import { uuidArg } from '../../commands/args.js';
import { ENVIRONMENTS } from '../../environments.js';
import { defineSandboxCommand } from './sandbox-command.js';

const AzulArgs = z
  .tuple(
    [
      z.literal('release', { error: 'Write `/sandbox azul release <project-uuid> [managed]`.' }),
      uuidArg('project', 'any UUID will do'),
    ],
    z.string(),
  )
  .transform(([, projectUuid, ...flags]) => ({ projectUuid, managed: flags.includes('managed') }));

/** `/sandbox azul release <project-uuid> [managed]`: the next DCP release, with the project in it. */
export const azulCommand = defineSandboxCommand<z.infer<typeof AzulArgs>>({
  name: 'azul',
  usage: 'release <project-uuid> [managed]',
  summary: 'Index the next DCP release in the Azul stand-in with the project in it (`managed`: accessible false).',
  args: AzulArgs,
  run({ projectUuid, managed }, { stack }) {
    const { azul } = stack;
    const newest = Math.max(...[...azul.catalogs.keys()].map((n) => Number(/^dcp(\d+)$/.exec(n)?.[1] ?? 0)));
    const release = `dcp${newest + 1}`;
    azul.addCatalog(release);
    azul.addCatalog(`${release}-it`, { internal: true });
    const named = ENVIRONMENTS.flatMap((e) => [...stack.ingests[e].projects.values()]).find(
      (p) => p.uuid === projectUuid,
    );
    azul.publish(release, {
      uuid: projectUuid,
      title: named?.title ?? 'A sandbox project',
      shortName: named?.shortName ?? 'SandboxAtlas',
      estimatedCellCount: 48_000,
      fileTypes: [
        { format: 'fastq.gz', count: 16 },
        { format: 'h5ad', count: 1 },
      ],
      accessible: !managed,
    });
    return `Azul indexed ${release}, with project \`${projectUuid}\`${managed ? ' (managed access)' : ''}.`;
  },
});
