// The ALiBi article's chart and table from kernels/families/trained-figures/positions.json: one line
// per model over the longest evaluation windows (loss per bucket of positions), and each model's mean
// loss at every evaluation length. Pure data, so the page's words and the chart agree with the JSON.
import type { PositionFigures, PositionModelFigures } from '../../../kernels/families/trained-figures/types.ts';

/** A line of the chart: bucket centres and their mean loss. */
export type LossSeries = { readonly id: string; readonly encoding: PositionModelFigures['encoding']; readonly x: number[]; readonly y: number[] };

export function lossSeries(figures: PositionFigures): LossSeries[] {
  return figures.models.map(({ id, encoding, runs }) => {
    const longest = runs.at(-1)!;
    return {
      id,
      encoding,
      x: longest.buckets.map((b) => (b.from + b.to - 1) / 2),
      y: longest.buckets.map((b) => b.loss),
    };
  });
}

/** The evaluation lengths, as multiples of the training length ("1×", "2×", "4×"). */
export function lengthFactors(figures: PositionFigures): number[] {
  return figures.models[0]!.runs.map((r) => r.length / figures.trainingLength);
}

/** How a model's mean loss at the longest length compares with the training length's. */
export type Drift = { readonly id: string; readonly atTraining: number; readonly atLongest: number; readonly change: number };

export function drifts(figures: PositionFigures): Drift[] {
  return figures.models.map(({ id, runs }) => {
    const atTraining = runs.find((r) => r.length === figures.trainingLength)!.meanLoss;
    const atLongest = runs.at(-1)!.meanLoss;
    return { id, atTraining, atLongest, change: atLongest - atTraining };
  });
}

/** Changes smaller than this (nats per token) read as "about the same". */
export const FLAT = 0.02;
