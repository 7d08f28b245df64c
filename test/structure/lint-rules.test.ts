import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the import rules in eslint.config.js', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: root });
  });

  /** The restricted-import messages ESLint reports for `code` as if it were the file at `path`. */
  async function restricted(path: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  it('refuse a value import from src/integrations in a workflow nested at any depth', async () => {
    const nested =
      "import { createArchiverClient } from '../../../integrations/archiver.js';\nvoid createArchiverClient;\n";
    const shallow = "import { section } from '../integrations/slack.js';\nvoid section;\n";

    expect(await restricted('src/workflows/feature/deeper/step.ts', nested)).toEqual([
      expect.stringContaining('Workflows may import only types from src/integrations'),
    ]);
    expect(await restricted('src/workflows/index.ts', shallow)).toHaveLength(1);
  });

  it('allow type-only imports from src/integrations in workflows', async () => {
    const code = [
      "import type { ArchiverClient } from '../../../integrations/archiver.js';",
      "import { type ThreadMessage } from '../../integrations/slack.js';",
      'export type T = [ArchiverClient, ThreadMessage];',
      '',
    ].join('\n');

    expect(await restricted('src/workflows/feature/deeper/step.ts', code)).toEqual([]);
  });

  it('refuse Node built-ins in workflows, with or without the node: prefix', async () => {
    const code =
      "import { readFileSync } from 'fs';\nimport { setTimeout } from 'node:timers/promises';\nvoid [readFileSync, setTimeout];\n";

    expect(await restricted('src/workflows/feature/step.ts', code)).toHaveLength(2);
  });

  it('refuse any import from src/workflows in an integration, types included', async () => {
    const code = "import type { Workflow } from '../workflows/engine/workflow.js';\nexport type W = Workflow;\n";

    expect(await restricted('src/integrations/service.ts', code)).toEqual([
      expect.stringContaining('may not import from src/workflows'),
    ]);
  });
});
