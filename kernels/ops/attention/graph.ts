// Scaled dot-product attention as ONNX nodes, with grouped key/value heads (MHA, GQA, MQA).
//
// Grouping without copying: q [n, Tq, d] is viewed as [m, n/m, Tq, d] and k as [m, 1, Tk, d], so
// MatMul broadcasts each kv head over its n/m query heads. Query head h lands in group h // (n/m),
// the same pairing as HF `repeat_kv`.
//
// Masked scores are replaced (not offset) by a large negative number before the softmax, so a
// masked key gets probability exactly 0 and a row with nothing visible (a padding query) stays finite.
import { attr, type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import { withLeadingDims } from '../../onnx/shape-ops.ts';

export const MASKED_SCORE = -1e9;

export type AttentionInputs = {
  /** [n_heads, Tq, d] */
  readonly q: Value;
  /** [n_kv_heads, Tk, d] */
  readonly k: Value;
  /** [n_kv_heads, Tk, d] */
  readonly v: Value;
  /** bool [Tq, Tk] from ../mask/graph.ts */
  readonly allowed: Value;
  /** Optional additive float bias [n_heads, Tq, Tk] (ALiBi), added after scaling. */
  readonly bias?: Value;
};

export type AttentionShape = {
  readonly nHeads: number;
  readonly nKvHeads: number;
  readonly headDim: number;
  /** Score scale; 1/√d unless a family says otherwise. */
  readonly scale?: number;
};

export type AttentionOutputs = {
  /** [n_heads, Tq, d] */
  readonly out: Value;
  /** [n_heads, Tq, Tk], after softmax */
  readonly probs: Value;
};

export function emitAttention(g: GraphBuilder, inputs: AttentionInputs, shape: AttentionShape): AttentionOutputs {
  const { nHeads, nKvHeads, headDim } = shape;
  if (nHeads % nKvHeads !== 0) throw new Error(`attention: ${nKvHeads} kv heads do not divide ${nHeads} heads`);
  const kvMul = nHeads / nKvHeads;

  // scores[h, i, j] = q[h, i] · k[h // kv_mul, j] / √d
  const qGrouped = g.op('Reshape', [inputs.q, g.int64('q_grouped_shape', [nKvHeads, kvMul, -1, headDim])], {}, 'q_grouped');
  const kGrouped = g.op('Unsqueeze', [inputs.k, g.int64('kv_group_axis', [1])], {}, 'k_grouped');
  const kT = g.op('Transpose', [kGrouped], { perm: attr.ints([0, 1, 3, 2]) }, 'k_transposed');
  const rawScores = g.op('MatMul', [qGrouped, kT], {}, 'raw_scores');
  const scale = g.scalar('score_scale', shape.scale ?? 1 / Math.sqrt(headDim));
  let scores = g.op('Mul', [rawScores, scale], {}, 'scaled_scores');

  scores = withLeadingDims(g, scores, [nHeads], 2, 'scores');
  if (inputs.bias) scores = g.op('Add', [scores, inputs.bias], {}, 'biased_scores');

  // masked keys are replaced, then softmax over the keys
  const masked = g.op('Where', [inputs.allowed, scores, g.scalar('masked_score', MASKED_SCORE)], {}, 'masked_scores');
  const probs = g.op('Softmax', [masked], { axis: attr.int(-1) }, 'probs');

  // out[h, i] = Σ_j probs[h, i, j] v[h // kv_mul, j]
  const probsGrouped = withLeadingDims(g, probs, [nKvHeads, kvMul], 1, 'probs_grouped');
  const vGrouped = g.op('Unsqueeze', [inputs.v, g.int64('v_group_axis', [1])], {}, 'v_grouped');
  const grouped = g.op('MatMul', [probsGrouped, vGrouped], {}, 'out_grouped');
  const out = g.op('Reshape', [grouped, g.int64('out_shape', [nHeads, -1, headDim])], {}, 'attention_out');
  return { out, probs };
}
