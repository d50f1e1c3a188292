// The shapes every benchmark case shares: what it is given, and the rows it reports.
import type { Browser } from 'playwright-core';

/** What a case runs against: the built site served on 127.0.0.1, and one Chromium (no WebGPU). */
export type BenchContext = {
  readonly browser: Browser;
  readonly siteUrl: string;
  /** The built site on disk (dist/). */
  readonly dist: string;
};

/** One measured figure. A budget is an upper bound; a reference is the thing it is compared with. */
export type BenchRow = {
  readonly case: string;
  readonly measure: string;
  readonly value: number;
  readonly unit: string;
  readonly budget?: number;
  readonly reference?: { readonly label: string; readonly value: number };
};

export type BenchCase = {
  readonly name: string;
  run(context: BenchContext): Promise<BenchRow[]>;
};

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median milliseconds of `work` over `samples` calls, after `warmUp` calls that are not counted. */
export async function medianTime(work: () => Promise<unknown> | unknown, samples: number, warmUp: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < warmUp + samples; i++) {
    const started = performance.now();
    await work();
    if (i >= warmUp) times.push(performance.now() - started);
  }
  return median(times);
}
