import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One relative import of a source file: where it points and whether it brings values or only types. */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** The relative imports (and re-exports) of TypeScript sources given as path → text, paths relative to a root. */
export function importEdges(sources: ReadonlyMap<string, string>): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [from, text] of sources) {
    const file = ts.createSourceFile(from, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    for (const statement of file.statements) {
      const edge = edgeOf(statement);
      if (!edge || !edge.specifier.startsWith('.')) continue;
      const target = join(dirname(from), edge.specifier).replace(/\.js$/, '.ts');
      const to = sources.has(target) ? target : target.replace(/\.ts$/, '/index.ts');
      edges.push({ from, to, typeOnly: edge.typeOnly });
    }
  }
  return edges;
}

function edgeOf(statement: ts.Statement): { specifier: string; typeOnly: boolean } | undefined {
  if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
    const clause = statement.importClause;
    const named = clause?.namedBindings;
    const typeOnly =
      !!clause &&
      (clause.isTypeOnly ||
        (!clause.name && !!named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly)));
    return { specifier: statement.moduleSpecifier.text, typeOnly };
  }
  if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
    return { specifier: statement.moduleSpecifier.text, typeOnly: statement.isTypeOnly };
  }
  return undefined;
}

/** Groups of files that import each other's values in a loop (Tarjan's strongly connected components). */
export function valueCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const { from, to, typeOnly } of edges) {
    if (!typeOnly) graph.set(from, [...(graph.get(from) ?? []), to]);
  }
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Every .ts file under `dir` (relative to `root`) with its text. */
export function readSources(root: string, dir: string): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) sources.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  const start = resolve(root, dir);
  if (existsSync(start)) walk(start);
  return sources;
}
