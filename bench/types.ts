/** One measured line of `pnpm bench`: `{"name": "append.sqlite.commandsPerS", "value": 3120, "unit": "commands/s"}`. */
export interface Metric {
  name: string;
  value: number;
  unit: string;
}

/** A bench file (`bench/<area>.bench.ts`) exports one suite by default. */
export interface BenchSuite {
  /** The metric names it can produce. */
  metrics: readonly string[];
  /** Measure the selected metrics (all of `metrics` when `selected` is empty), printing nothing. */
  run(selected: ReadonlySet<string>): Promise<Metric[]>;
}
