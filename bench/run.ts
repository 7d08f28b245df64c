import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { BenchCase, Figures } from './bench-case.js';
import { CASES } from './cases/index.js';
import { round } from './stats.js';

const RESULTS = new URL('./results.json', import.meta.url);

function selectCases(names: readonly string[]): BenchCase[] {
  if (names.length === 0) return [...CASES];
  const unknown = names.filter((n) => !CASES.some((c) => c.name === n));
  if (unknown.length > 0) {
    console.error(`unknown bench case ${unknown.join(', ')}; known: ${CASES.map((c) => c.name).join(', ')}`);
    process.exitCode = 2;
    return [];
  }
  return CASES.filter((c) => names.includes(c.name));
}

/** Replaces one case's entry in results.json and keeps the others. */
function record(name: string, loadAverage: number, figures: Figures): void {
  const results = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  const machine = { node: process.version, cores: availableParallelism(), loadAverage1m: loadAverage };
  results[name] = { date: new Date().toISOString(), ...machine, ...figures };
  const sorted = Object.fromEntries(
    Object.keys(results)
      .sort()
      .map((k) => [k, results[k]]),
  );
  writeFileSync(RESULTS, `${JSON.stringify(sorted, null, 2)}\n`);
}

const selected = selectCases(process.argv.slice(2));
for (const benchCase of selected) {
  console.log(`\n== ${benchCase.name}: ${benchCase.summary}`);
  const started = performance.now();
  const loadAverage = round(loadavg()[0]!);
  const figures = await benchCase.run((line) => console.log(line));
  record(benchCase.name, loadAverage, figures);
  console.log(`== ${benchCase.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
if (selected.length > 0) console.log(`\nresults: ${RESULTS.pathname}`);
