// The shapes every benchmark case shares: what it is given, and the rows it reports.
import type { Browser } from 'playwright-core';

/** What a case runs against: the built site served on 127.0.0.1, and one Chromium (no WebGPU). */
export type BenchContext = {
  readonly browser: Browser;
  readonly siteUrl: string;
  /** The built site on disk (dist/). */
  readonly dist: string;
  /** The words given on the command line (lower case); a case with parts runs only the parts they name. */
  readonly words: readonly string[];
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
  /** The names of its parts, for a case made of several (each widget of the widget updates). */
  readonly parts?: readonly string[];
  run(context: BenchContext): Promise<BenchRow[]>;
};

/** Whether `name` is one of those the command line asked for (no words: all of them). */
export const isChosen = (name: string, words: readonly string[]) => words.length === 0 || words.some((word) => name.toLowerCase().includes(word));

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
