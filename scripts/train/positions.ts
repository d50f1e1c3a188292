// ALiBi against RoPE past the training length, reproduced small: the trained Baichuan-13B (ALiBi),
// LLaMA (RoPE) and Qwen (RoPE with dynamic NTK and logN at inference) read the held-out text in
// windows of 1×, 2× and 4× the 64 tokens they were trained on, and we record the held-out loss at
// each position. The ALiBi paper (Press et al., 2022, §4) evaluates the same way: non-overlapping
// windows of the evaluation length over a long validation text.
//
// The held-out documents are joined into one stream (a blank line between them, as in heldout.txt),
// so every window is full. Each window starts with the family's template (<s>), as in training.
//
//   node scripts/train/positions.ts      rewrites kernels/families/trained-figures/positions.json
//
// tests/unit/trained/positions.test.ts recomputes points from the shipped files against that JSON.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRAINED_WINDOW } from '../../kernels/families/trained.ts';
import type { PositionFigures, PositionModelFigures, PositionRun } from '../../kernels/families/trained-figures/types.ts';
import { heldOutDocuments, logSoftmaxAt, openTrained, rowOf, type Model } from './quality.ts';

/** The models compared, and how each encodes position. */
export const POSITION_MODELS = [
  { id: 'baichuan-13b', encoding: 'alibi' },
  { id: 'llama', encoding: 'rope' },
  { id: 'qwen', encoding: 'rope-ntk-logn' },
] as const satisfies readonly { id: string; encoding: PositionModelFigures['encoding'] }[];

/** Evaluation lengths as multiples of the training length. */
export const LENGTH_FACTORS = [1, 2, 4] as const;

/** Positions per bucket in the per-position curve. */
export const BUCKET = 16;

export const POSITIONS_JSON = join(import.meta.dirname, '..', '..', 'kernels', 'families', 'trained-figures', 'positions.json');

/** The whole held-out text as one token stream, without special tokens. */
export function heldOutStream(model: Model): number[] {
  return model.tokenizer.encode(heldOutDocuments().join('\n\n'), { addSpecialTokens: false });
}

/**
 * Loss per position over non-overlapping windows of `length` tokens (template included). Position p
 * is the token predicted at p (from the tokens before it); the template's own tokens are not scored.
 */
export async function lossByPosition(model: Model, length: number): Promise<PositionRun> {
  const head = model.tokenizer.template.prefix;
  const body = length - head.length;
  const stream = heldOutStream(model);
  const sums = new Float64Array(length);
  const counts = new Float64Array(length);
  let windows = 0;
  for (let start = 0; start + body <= stream.length; start += body) {
    const ids = [...head, ...stream.slice(start, start + body)];
    const { logits } = await model.runner.prefill(ids);
    for (let p = head.length; p < length; p++) {
      sums[p]! -= logSoftmaxAt(rowOf(logits, p - 1), ids[p]!);
      counts[p]!++;
    }
    windows++;
  }
  const buckets = [];
  for (let from = 0; from < length; from += BUCKET) {
    let sum = 0;
    let tokens = 0;
    for (let p = from; p < from + BUCKET; p++) {
      sum += sums[p]!;
      tokens += counts[p]!;
    }
    if (tokens > 0) buckets.push({ from, to: from + BUCKET, loss: round(sum / tokens), tokens });
  }
  const total = counts.reduce((a, b) => a + b, 0);
  return { length, windows, meanLoss: round(sums.reduce((a, b) => a + b, 0) / total), buckets };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export async function measurePositions(): Promise<PositionFigures> {
  const models: PositionModelFigures[] = [];
  for (const { id, encoding } of POSITION_MODELS) {
    const model = await openTrained(id);
    const runs: PositionRun[] = [];
    for (const factor of LENGTH_FACTORS) runs.push(await lossByPosition(model, factor * TRAINED_WINDOW));
    models.push({ id, encoding, runs });
  }
  return { trainingLength: TRAINED_WINDOW, bucket: BUCKET, models };
}

if (import.meta.main) {
  const figures = await measurePositions();
  writeFileSync(POSITIONS_JSON, JSON.stringify(figures, null, 1) + '\n');
  for (const m of figures.models) console.log(m.id, m.runs.map((r) => `${r.length}: ${r.meanLoss} (${r.windows} windows)`).join('  '));
}
