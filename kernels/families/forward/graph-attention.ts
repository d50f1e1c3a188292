// The self-attention sublayer of one decoder layer, as ONNX nodes, in the order the official code runs it:
//
//   q, k, v = projections of h, split the way the checkpoint packs them     [T, ·] → [heads, T, d]
//   q, k    = rotated by position (RoPE / ChatGLM-6B 2-D RoPE; ALiBi rotates nothing)
//   q      *= log-n factor                                            (Qwen, past seq_length)
//   K, V    = cat(past, new) along the sequence                       the KV cache, [m, P + T, d]
//   o       = softmax(q·Kᵀ·scale [+ ALiBi bias], masked) · V          GQA: head h reads kv head h // (n/m)
//   out     = o_proj(o merged back to [T, n·d])
//
// The math of each step lives in kernels/ops/*; this file only wires them and reshapes.
import { assertNever } from '../../assert-never.ts';
import { attr, type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import { emitLinearLayer } from '../../ops/linear/graph.ts';
import { emitApplyRope, emitGlm2dRope, emitQueryScale } from '../../ops/rope/graph.ts';
import { emitAttention } from '../../ops/attention/graph.ts';
import { QKV_LAYOUT, type ModelSpec } from '../spec.ts';
import type { AttentionWeights } from './graph-weights.ts';
import type { Sequence } from './graph-sequence.ts';

/** This layer's cache before the call: [m, P, d] each. */
export type PastKeyValue = { readonly key: Value; readonly value: Value };

export type SelfAttentionOutputs = {
  /** [T, H], before the residual */
  readonly out: Value;
  /** [m, P + T, d]: the cache after this call */
  readonly presentKey: Value;
  readonly presentValue: Value;
  /** [n, T, P + T] attention probabilities */
  readonly probs: Value;
  /** [n, T, d]: queries as they meet the keys (rotated, log-n scaled) */
  readonly qRot: Value;
  /** [m, T, d]: this call's keys after rotation */
  readonly kRot: Value;
};

export function emitSelfAttention(
  g: GraphBuilder,
  spec: ModelSpec,
  w: AttentionWeights,
  h: Value,
  past: PastKeyValue,
  seq: Sequence,
  sliding: boolean,
): SelfAttentionOutputs {
  const { numHeads: n, numKvHeads: m, headDim: d } = spec;

  // 1. projections, split into heads: q [n, T, d], k and v [m, T, d]
  const { q, k, v } = emitQkv(g, spec, w, h);

  // 2. positions: rotate q and k (the same rotation for both, so q·k sees only the distance)
  let qRot = rotate(g, q, seq);
  const kRot = rotate(g, k, seq);
  if (seq.queryScale !== undefined) qRot = emitQueryScale(g, qRot, seq.queryScale);

  // 3. the KV cache: this call's keys and values go after the cached ones
  const presentKey = g.op('Concat', [past.key, kRot], { axis: attr.int(1) }, 'present_key');
  const presentValue = g.op('Concat', [past.value, v], { axis: attr.int(1) }, 'present_value');

  // 4. attention over every cached key the mask allows
  const allowed = sliding && seq.windowAllowed !== undefined ? seq.windowAllowed : seq.allowed;
  const bias = seq.position.kind === 'alibi' ? seq.position.bias : undefined;
  const { out: heads, probs } = emitAttention(
    g,
    { q: qRot, k: presentKey, v: presentValue, allowed, ...(bias !== undefined && { bias }) },
    { nHeads: n, nKvHeads: m, headDim: d, scale: spec.attention.scale },
  );

  // 5. heads back side by side, [n, T, d] → [T, n·d], then the output projection
  const merged = g.op(
    'Reshape',
    [g.op('Transpose', [heads], { perm: attr.ints([1, 0, 2]) }, 'o_tokens'), g.int64('o_shape', [-1, n * d])],
    {},
    'o_merged',
  );
  const out = emitLinearLayer(g, merged, w.out, 'o_proj');
  return { out, presentKey, presentValue, probs, qRot, kRot };
}

/**
 * q, k, v as heads, following the checkpoint's packing (spec.ts `QkvPacking`):
 *   separate                         three projections
 *   w_pack, qwen-c_attn, glm2-grouped one projection, rows q (n·d) | k (m·d) | v (m·d), each head-major
 *   glm-per-head                      one projection, rows grouped per head: [n, (q d | k d | v d)]
 */
function emitQkv(g: GraphBuilder, spec: ModelSpec, w: AttentionWeights, h: Value): { q: Value; k: Value; v: Value } {
  const { numHeads: n, numKvHeads: m, headDim: d } = spec;
  if (w.packing === 'separate') {
    return {
      q: toHeads(g, emitLinearLayer(g, h, w.q, 'q_proj'), n, d, 'q'),
      k: toHeads(g, emitLinearLayer(g, h, w.k, 'k_proj'), m, d, 'k'),
      v: toHeads(g, emitLinearLayer(g, h, w.v, 'v_proj'), m, d, 'v'),
    };
  }
  const qkv = emitLinearLayer(g, h, w.qkv, 'qkv_proj');
  const layout = QKV_LAYOUT[w.packing];
  switch (layout) {
    case 'per-head': {
      // view [T, n, 3d] and split the last axis: q_h, k_h, v_h sit next to each other per head
      const perHead = g.op('Reshape', [qkv, g.int64('qkv_per_head_shape', [-1, n, 3 * d])], {}, 'qkv_per_head');
      const [q, k, v] = g.opN('Split', [perHead], 3, { axis: attr.int(-1) }, 'qkv') as [Value, Value, Value];
      const heads = (x: Value, hint: string) => g.op('Transpose', [x], { perm: attr.ints([1, 0, 2]) }, hint);
      return { q: heads(q, 'q'), k: heads(k, 'k'), v: heads(v, 'v') };
    }
    case 'blocks': {
      const sizes = g.int64('qkv_split', [n * d, m * d, m * d]);
      const [q, k, v] = g.opN('Split', [qkv, sizes], 3, { axis: attr.int(-1) }, 'qkv') as [Value, Value, Value];
      return { q: toHeads(g, q, n, d, 'q'), k: toHeads(g, k, m, d, 'k'), v: toHeads(g, v, m, d, 'v') };
    }
    default:
      return assertNever(layout, 'qkv layout');
  }
}

/** [T, heads·d] → [heads, T, d] (head-major rows: head h owns columns h·d … h·d + d − 1). */
function toHeads(g: GraphBuilder, x: Value, heads: number, d: number, hint: string): Value {
  const split = g.op('Reshape', [x, g.int64(`${hint}_heads_shape`, [-1, heads, d])], {}, `${hint}_split`);
  return g.op('Transpose', [split], { perm: attr.ints([1, 0, 2]) }, hint);
}

function rotate(g: GraphBuilder, x: Value, seq: Sequence): Value {
  const term = seq.position;
  switch (term.kind) {
    case 'rope':
      return emitApplyRope(g, x, term.table, term.rotaryDim);
    case 'glm-2d':
      return emitGlm2dRope(g, x, term.positionTable, term.blockTable);
    case 'alibi':
      return x; // ALiBi adds its bias to the scores instead
    default:
      return assertNever(term, 'position term');
  }
}
