// The graph behind the RoPE widget: one query vector and one key vector, each rotated to a row of
// positions, and their dot product per row; plus RoFormer's long-range bound per row.
//
// Row t holds a query at position qPos[t] and a key at kPos[t]:
//   q′_t = RoPE(q, qPos[t]) · scale[t],   k′_t = RoPE(k, kPos[t]),   score[t] = q′_t · k′_t
// The cos/sin tables come from the host (ops/rope/table.ts), so every backend uses the same
// float32 angles pos · inv_freq with correctly rounded cos/sin (WebGPU's own sin/cos is coarse).
//
// RoFormer §3.4.3 bounds |q′·k′| at relative distance r by (max_j |h_{j+1} − h_j|) · Σ_j |S_j| with
// S_j = Σ_{k<j} e^{i r θ_k}; the paper plots the mean (1/P) Σ_{j=1..P} |S_j| over the P pairs, which
// is the `bound` output, computed from a third table whose "positions" are the distances r.
//
// inputs:  q, k [1, T, d]; q_rope_* and k_rope_* tables (two per side for ChatGLM-6B's 2-D layout);
//          q_scale [T] (Qwen's logN, else ones); bound_cos, bound_sin [T, P, 1]
// outputs: q_rot, k_rot [1, T, d]; score [1, T]; bound [T]
import { attr, type GraphBuilder, type Value } from '../onnx/graph-builder.ts';
import { graphSource } from '../onnx/graph-source.ts';
import { emitApplyRope, emitGlm2dRope, emitQueryScale, emitRopeTableInputs, type RopeStyle } from '../ops/rope/graph.ts';
import type { GraphSource } from '../runtime/runtime.ts';

/** Which channels rotate, and how: the layouts the families use. */
export type RopeLayout =
  | { readonly kind: 'rope'; readonly style: RopeStyle; /** channels rotated; the rest pass through */ readonly rotaryDim: number }
  | { readonly kind: 'glm2d' };

export function layoutKey(layout: RopeLayout): string {
  return layout.kind === 'glm2d' ? 'glm2d' : `${layout.style}:r${layout.rotaryDim}`;
}

/** `side` ('q' or 'k') rotated by its table(s): one for plain RoPE, position and block for 2-D. */
function emitRotated(g: GraphBuilder, x: Value, side: string, layout: RopeLayout, headDim: number): Value {
  if (layout.kind === 'glm2d') {
    const positionTable = emitRopeTableInputs(g, 'half', `${side}_rope_pos`);
    const blockTable = emitRopeTableInputs(g, 'half', `${side}_rope_block`);
    return emitGlm2dRope(g, x, positionTable, blockTable);
  }
  const table = emitRopeTableInputs(g, layout.style, `${side}_rope`);
  return emitApplyRope(g, x, table, layout.rotaryDim === headDim ? undefined : layout.rotaryDim);
}

/** mean_j |S_j|, S_j = Σ_{k<j} (cos rθ_k + i sin rθ_k): running sums over the pair axis. */
function emitLongRangeBound(g: GraphBuilder): Value {
  const cos = g.input('bound_cos', 'float32', ['T', 'P', 1]);
  const sin = g.input('bound_sin', 'float32', ['T', 'P', 1]);
  const pairAxis = g.int64('bound_pair_axis', [1], []);
  const re = g.op('CumSum', [cos, pairAxis], {}, 'bound_re');
  const im = g.op('CumSum', [sin, pairAxis], {}, 'bound_im');
  const squared = g.op('Add', [g.op('Mul', [re, re], {}, 'bound_re2'), g.op('Mul', [im, im], {}, 'bound_im2')], {}, 'bound_abs2');
  const modulus = g.op('Sqrt', [squared], {}, 'bound_abs');
  return g.op('ReduceMean', [modulus], { axes: attr.ints([1, 2]), keepdims: attr.int(0) }, 'bound_mean');
}

export function ropeScoresGraph(layout: RopeLayout, headDim: number): GraphSource {
  return graphSource(`demo-rope-scores:${layoutKey(layout)}:d${headDim}`, (g) => {
    const q = g.input('q', 'float32', [1, 'T', headDim]);
    const k = g.input('k', 'float32', [1, 'T', headDim]);
    const scale = g.input('q_scale', 'float32', ['T']);
    const qRot = emitQueryScale(g, emitRotated(g, q, 'q', layout, headDim), scale);
    const kRot = emitRotated(g, k, 'k', layout, headDim);
    const products = g.op('Mul', [qRot, kRot], {}, 'score_products');
    const score = g.op('ReduceSum', [products, g.int64('score_axis', [-1])], { keepdims: attr.int(0) }, 'score_sum');
    g.output(qRot, 'q_rot', 'float32', [1, 'T', headDim]);
    g.output(kRot, 'k_rot', 'float32', [1, 'T', headDim]);
    g.output(score, 'score', 'float32', [1, 'T']);
    g.output(emitLongRangeBound(g), 'bound', 'float32', ['T']);
  });
}
