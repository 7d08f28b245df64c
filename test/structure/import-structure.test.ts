import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importEdges, readSources, valueCycles } from '../support/import-graph.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sources = readSources(root, 'src');
const edges = importEdges(sources);

const inWorkflows = (path: string) => path.startsWith('src/workflows/');
const inIntegrations = (path: string) => path.startsWith('src/integrations/');

describe('the import structure of src/', () => {
  it('reads every source file and its imports', () => {
    expect(sources.size).toBeGreaterThan(90);
    expect(edges.filter((e) => e.from === 'src/bot.ts').length).toBeGreaterThan(10);
  });

  it('has no import cycle', () => {
    expect(valueCycles(edges)).toEqual([]);
  });

  it('imports nothing but types from src/integrations into src/workflows, at any depth', () => {
    const values = edges.filter((e) => inWorkflows(e.from) && inIntegrations(e.to) && !e.typeOnly);

    expect(values.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
    expect(edges.some((e) => inWorkflows(e.from) && inIntegrations(e.to))).toBe(true);
  });

  it('imports nothing from src/workflows into src/integrations, types included', () => {
    const back = edges.filter((e) => inIntegrations(e.from) && inWorkflows(e.to));

    expect(back.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('reads the time only through src/clock.ts (the sandbox aside)', () => {
    const readers = [...sources]
      .filter(([path]) => path !== 'src/clock.ts' && !path.startsWith('src/sandbox/'))
      .filter(([, text]) => /\bDate\.now\b|\bperformance\.now\b|new Date\(\)/.test(text))
      .map(([path]) => path);

    expect(readers).toEqual([]);
  });
});

describe('the buttons of src/', () => {
  it('build a Cancel button only through cancelButton, which always asks for confirmation', () => {
    const builders = [...sources]
      .filter(([path]) => path !== 'src/workflows/engine/status-message.ts' && path !== 'src/commands/run-buttons.ts')
      .filter(([, text]) => /\bCANCEL_ACTION\b/.test(text))
      .map(([path]) => path);

    expect(builders).toEqual([]);
    expect(sources.get('src/workflows/engine/status-message.ts')).toMatch(
      /actionId: CANCEL_ACTION,[\s\S]*?confirm: \{/,
    );
  });
});

describe('the import checks themselves', () => {
  const fixture = new Map([
    ['src/a.ts', "import { b } from './b.js';\nexport const a = b;"],
    ['src/b.ts', "import { c } from './c/index.js';\nexport const b = c;"],
    ['src/c/index.ts', "import { a } from '../a.js';\nexport const c = a;"],
    ['src/d.ts', "import type { a } from './a.js';\nimport { type b } from './b.js';\nexport type D = [a, b];"],
    ['src/workflows/x/y/z.ts', "import { send } from '../../../integrations/s.js';\nexport { send };"],
    ['src/integrations/s.ts', "export type { D } from '../d.js';\nexport const send = 1;"],
  ]);
  const fixtureEdges = importEdges(fixture);

  it('find a value cycle through an index file and ignore type-only imports', () => {
    expect(valueCycles(fixtureEdges)).toEqual([['src/a.ts', 'src/b.ts', 'src/c/index.ts']]);
    expect(fixtureEdges.filter((e) => e.from === 'src/d.ts').every((e) => e.typeOnly)).toBe(true);
  });

  it('see a nested value import from src/integrations and a type-only re-export', () => {
    expect(fixtureEdges).toContainEqual({
      from: 'src/workflows/x/y/z.ts',
      to: 'src/integrations/s.ts',
      typeOnly: false,
    });
    expect(fixtureEdges).toContainEqual({ from: 'src/integrations/s.ts', to: 'src/d.ts', typeOnly: true });
  });
});
