// Linear layers, embedding lookup and output heads in plain float64 TypeScript.
import { zeros, type Tensor } from '../../tensor.ts';

/** A linear layer as a checkpoint stores it: W [out, in], b [out] when present. */
export type LinearParams = {
  readonly weight: Tensor<['out', 'in']>;
  readonly bias?: Tensor<['out']>;
};

/** `nn.Linear`: y = x @ W.T + b (docs/checkpoint-formats.md §1.1: W[out, in]). */
export function linear(x: Tensor<['T', 'in']>, W: Tensor<['out', 'in']>, b?: Tensor<['out']>): Tensor<['T', 'out']> {
  const [T, inFeatures] = x.shape;
  const [outFeatures, wIn] = W.shape;
  if (wIn !== inFeatures) throw new Error(`linear: x has ${inFeatures} features, W expects ${wIn}`);
  const y = zeros<['T', 'out']>([T, outFeatures]);
  for (let t = 0; t < T; t++) {
    for (let o = 0; o < outFeatures; o++) {
      let sum = b ? b.data[o]! : 0;
      for (let i = 0; i < inFeatures; i++) sum += x.data[t * inFeatures + i]! * W.data[o * inFeatures + i]!;
      y.data[t * outFeatures + o] = sum;
    }
  }
  return y;
}

/** `linear` with a `LinearParams` record. */
export function linearLayer(x: Tensor<['T', 'in']>, layer: LinearParams): Tensor<['T', 'out']> {
  return linear(x, layer.weight, layer.bias);
}

/** `nn.Embedding`: row ids[t] of the table [V, H]. */
export function embedding(table: Tensor<['V', 'H']>, ids: readonly number[]): Tensor<['T', 'H']> {
  const [V, H] = table.shape;
  const y = zeros<['T', 'H']>([ids.length, H]);
  ids.forEach((id, t) => {
    if (!Number.isInteger(id) || id < 0 || id >= V) throw new Error(`embedding: id ${id} outside 0…${V - 1}`);
    y.data.set(table.data.subarray(id * H, (id + 1) * H), t * H);
  });
  return y;
}

/** `F.normalize(W, dim=1)`: each row over max(‖row‖₂, 1e-12) (Baichuan2 NormHead, docs/checkpoint-formats.md §7). */
export function normalizeRows(W: Tensor<['V', 'H']>): Tensor<['V', 'H']> {
  const [V, H] = W.shape;
  const out = zeros<['V', 'H']>(W.shape);
  for (let v = 0; v < V; v++) {
    let sumSquares = 0;
    for (let i = 0; i < H; i++) sumSquares += W.data[v * H + i]! ** 2;
    const norm = Math.max(Math.sqrt(sumSquares), 1e-12);
    for (let i = 0; i < H; i++) out.data[v * H + i] = W.data[v * H + i]! / norm;
  }
  return out;
}

/** Baichuan2 NormHead logits: x · normalize(W)ᵀ, W the stored (un-normalised) lm_head.weight. */
export function normHeadLogits(x: Tensor<['T', 'H']>, W: Tensor<['V', 'H']>): Tensor<['T', 'V']> {
  return linear(x, normalizeRows(W));
}
