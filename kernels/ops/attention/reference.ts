// Scaled dot-product attention with grouped key/value heads, in plain float64 TypeScript.
//
//   scores[h, i, j] = q[h, i] · k[kv(h), j] · scale + bias[h, i, j]     (scale = 1/√d by default)
//   probs[h, i, :]  = softmax over the keys query i may read (others get probability 0)
//   out[h, i]       = Σ_j probs[h, i, j] · v[kv(h), j]
//
// kv(h) = h // (n_heads / n_kv_heads): consecutive query heads share one key/value head. That is
// MHA when n_kv_heads = n_heads, GQA in between (Llama 2 70B: 64/8), MQA at n_kv_heads = 1. It is
// HF `repeat_kv` (docs/checkpoint-formats.md §6), not `tile`.
import { zeros, type Tensor } from '../../tensor.ts';

export type AttentionReferenceInputs = {
  readonly q: Tensor<['heads', 'Tq', 'd']>;
  readonly k: Tensor<['kvHeads', 'Tk', 'd']>;
  readonly v: Tensor<['kvHeads', 'Tk', 'd']>;
  /** 1 where query i may read key j, from ../mask/reference.ts. */
  readonly mask: Tensor<['Tq', 'Tk']>;
  /** Optional additive bias per head (ALiBi). */
  readonly bias?: Tensor<['heads', 'Tq', 'Tk']>;
  readonly scale?: number;
};

export type AttentionResult = {
  readonly out: Tensor<['heads', 'Tq', 'd']>;
  readonly probs: Tensor<['heads', 'Tq', 'Tk']>;
};

export function attentionReference({ q, k, v, mask, bias, scale }: AttentionReferenceInputs): AttentionResult {
  const [nHeads, tq, d] = q.shape;
  const [nKvHeads, tk] = k.shape;
  if (nHeads % nKvHeads !== 0) throw new Error(`attention: ${nKvHeads} kv heads do not divide ${nHeads} heads`);
  const kvMul = nHeads / nKvHeads;
  const s = scale ?? 1 / Math.sqrt(d);
  const out = zeros<['heads', 'Tq', 'd']>([nHeads, tq, d]);
  const probs = zeros<['heads', 'Tq', 'Tk']>([nHeads, tq, tk]);
  const scores = new Float64Array(tk);

  for (let h = 0; h < nHeads; h++) {
    const kvHead = Math.floor(h / kvMul);
    for (let i = 0; i < tq; i++) {
      // scores for query i against every key it may read
      let max = -Infinity;
      for (let j = 0; j < tk; j++) {
        if (mask.data[i * tk + j] === 0) continue;
        let dot = 0;
        for (let c = 0; c < d; c++) dot += q.data[(h * tq + i) * d + c]! * k.data[(kvHead * tk + j) * d + c]!;
        scores[j] = dot * s + (bias ? bias.data[(h * tq + i) * tk + j]! : 0);
        max = Math.max(max, scores[j]!);
      }
      // softmax (a row with no visible key stays all zero)
      let total = 0;
      const row = (h * tq + i) * tk;
      for (let j = 0; j < tk; j++) {
        if (mask.data[i * tk + j] === 0) continue;
        probs.data[row + j] = Math.exp(scores[j]! - max);
        total += probs.data[row + j]!;
      }
      for (let j = 0; j < tk; j++) probs.data[row + j] = total > 0 ? probs.data[row + j]! / total : 0;
      // weighted sum of the values
      for (let j = 0; j < tk; j++) {
        const p = probs.data[row + j]!;
        if (p === 0) continue;
        for (let c = 0; c < d; c++) out.data[(h * tq + i) * d + c]! += p * v.data[(kvHead * tk + j) * d + c]!;
      }
    }
  }
  return { out, probs };
}
