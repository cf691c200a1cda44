// The shape every benchmark section returns; bench/run.ts prints and stores them.

export interface BenchRow {
  metric: string;
  value: number | string;
  /** Human-readable target, e.g. "<= 70%". */
  target?: string;
  /** Whether the value meets the target (absent when there is no target). */
  ok?: boolean;
}

export interface BenchSection {
  name: string;
  rows: BenchRow[];
}

export type BenchModule = { run(): Promise<BenchSection> };
