// q, k and v per head, cut out of the projection output the way each family packs them
// (spec.ts `QkvPacking`, docs/checkpoint-formats.md §4.1–§4.5), and the heads glued back
// together for the output projection.
import { assertNever } from '../../assert-never.ts';
import { linearLayer } from '../../ops/linear/reference.ts';
import { zeros, type Tensor } from '../../tensor.ts';
import { QKV_LAYOUT, type AttentionTensors, type ModelSpec } from '../spec.ts';
import type { ReferenceWeightReader } from './reference-weights.ts';

export type Heads = Tensor<['heads', 'T', 'd']>;
export type Qkv = { readonly q: Heads; readonly k: Heads; readonly v: Heads };

/**
 * y [T, width] → [count, T, d]: head h is the d columns starting at `firstColumn(h)`. Every packing
 * is this gather with its own column offsets.
 */
function splitHeads(y: Tensor<['T', 'out']>, count: number, d: number, firstColumn: (h: number) => number): Heads {
  const [T, width] = y.shape;
  const heads = zeros<['heads', 'T', 'd']>([count, T, d]);
  for (let h = 0; h < count; h++) {
    const start = firstColumn(h);
    for (let t = 0; t < T; t++) heads.data.set(y.data.subarray(t * width + start, t * width + start + d), (h * T + t) * d);
  }
  return heads;
}

/** Project the normalised input x [T, H] to n query heads and m key/value heads of size d. */
export function projectQkv(spec: ModelSpec, x: Tensor<['T', 'in']>, tensors: AttentionTensors, w: ReferenceWeightReader): Qkv {
  const { numHeads: n, numKvHeads: m, headDim: d } = spec;

  // LLaMA, Qwen2: three matrices, each head-major.
  if (tensors.packing === 'separate') {
    return {
      q: splitHeads(linearLayer(x, w.linear(tensors.q)), n, d, (h) => h * d),
      k: splitHeads(linearLayer(x, w.linear(tensors.k)), m, d, (h) => h * d),
      v: splitHeads(linearLayer(x, w.linear(tensors.v)), m, d, (h) => h * d),
    };
  }

  const y = linearLayer(x, w.linear(tensors.qkv));
  const layout = QKV_LAYOUT[tensors.packing];
  switch (layout) {
    case 'per-head':
      // ChatGLM-6B (and ChatGLM2 without MQA): the output viewed as [T, n, 3d], each head's q | k | v together.
      if (m !== n) throw new Error(`${spec.label}: per-head qkv packing needs as many KV heads as heads (${m} vs ${n})`);
      return {
        q: splitHeads(y, n, d, (h) => 3 * d * h),
        k: splitHeads(y, n, d, (h) => 3 * d * h + d),
        v: splitHeads(y, n, d, (h) => 3 * d * h + 2 * d),
      };
    case 'blocks':
      // Baichuan W_pack, Qwen c_attn, ChatGLM2 multi-query: q (n·d) | k (m·d) | v (m·d), each head-major.
      return {
        q: splitHeads(y, n, d, (h) => h * d),
        k: splitHeads(y, m, d, (h) => n * d + h * d),
        v: splitHeads(y, m, d, (h) => (n + m) * d + h * d),
      };
    default:
      return assertNever(layout, 'qkv layout');
  }
}

/** [heads, T, d] → [T, heads·d], head h in columns h·d … h·d + d − 1 (the `transpose + reshape` before o_proj). */
export function mergeHeads(x: Heads): Tensor<['T', 'in']> {
  const [heads, T, d] = x.shape;
  const y = zeros<['T', 'in']>([T, heads * d]);
  for (let h = 0; h < heads; h++) {
    for (let t = 0; t < T; t++) y.data.set(x.data.subarray((h * T + t) * d, (h * T + t + 1) * d), t * heads * d + h * d);
  }
  return y;
}
