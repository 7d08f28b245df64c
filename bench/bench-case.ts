/** What a case measured: plain JSON, merged into bench/results.json under the case's name. */
export type Figures = Record<string, unknown>;

/** One benchmark. Cases compare against a baseline started in the same run and report ratios, never assert. */
export interface BenchCase {
  name: string;
  summary: string;
  run(log: (line: string) => void): Promise<Figures>;
}
