// Rotary position embeddings (RoPE) as ONNX nodes, in every layout the families use.
//
// RoPE rotates channel pairs of q and k by an angle proportional to the token's position:
//   freqs[t, k] = pos[t] · inv_freq[k]
//   (a, b) ↦ (a·cos − b·sin, b·cos + a·sin)
// so q·k after rotation depends only on the distance between the two positions.
// Which channels form a pair is the layout:
//   'half'        pairs (i, i + R/2), HF `rotate_half`: x·cos + rotate_half(x)·sin with
//                 cos = cos(cat(freqs, freqs)). LLaMA, Qwen2, Qwen, Baichuan-7B, ChatGLM-6B (per half-head).
//   'interleaved' pairs (2k, 2k+1), GPT-J / complex form. ChatGLM2/3, on the first half of each head.
// Only the first R = rotaryDim channels of a head are rotated (R = 2·len(inv_freq)); the rest pass
// through (ChatGLM2/3, Qwen with rotary_pct < 1).
//
// Shapes: x [heads, T, d], positions int64 [T], inv_freq float [R/2], either a constant
// (`emitInvFreqConstant`) or a graph input when it changes with the sequence length. The cos/sin
// tables can also be fed from the host (`emitRopeTableInputs` + ./table.ts), which avoids the
// GPU's low-precision sin/cos.
import { attr, type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import { graphSource } from '../../onnx/graph-source.ts';
import type { GraphSource } from '../../runtime/runtime.ts';

export type RopeStyle = 'half' | 'interleaved';

export type RopeParams = {
  readonly style: RopeStyle;
  /** Channels rotated at the start of each head; omit to rotate the whole head. */
  readonly rotaryDim?: number;
};

/** cos/sin of every angle, computed once per set of positions and shared by q and k of all layers. */
export type RopeTable = {
  readonly style: RopeStyle;
  /** 'half': [T, R]; 'interleaved': [T, R/2, 1] */
  readonly cos: Value;
  readonly sin: Value;
};

const ONNX_FLOAT = 1;
const TO_THE_END = Number.MAX_SAFE_INTEGER;

/** inv_freq as a constant baked into the graph (fixed base, no length-dependent scaling). */
export function emitInvFreqConstant(g: GraphBuilder, invFreq: Float64Array): Value {
  return g.constant('inv_freq', Float32Array.from(invFreq), [invFreq.length]);
}

/** cos/sin tables: freqs = outer(pos, inv_freq), duplicated for 'half', paired for 'interleaved'. */
export function emitRopeTable(g: GraphBuilder, positions: Value, invFreq: Value, style: RopeStyle): RopeTable {
  const pos = g.op('Cast', [positions], { to: attr.int(ONNX_FLOAT) }, 'rope_pos');
  const posColumn = g.op('Unsqueeze', [pos, g.int64('rope_pos_axis', [1])], {}, 'rope_pos_column');
  const freqs = g.op('Mul', [posColumn, invFreq], {}, 'rope_freqs'); // [T, R/2]
  const emb =
    style === 'half'
      ? g.op('Concat', [freqs, freqs], { axis: attr.int(-1) }, 'rope_emb') // [T, R]
      : g.op('Unsqueeze', [freqs, g.int64('rope_pair_axis', [-1])], {}, 'rope_idx_theta'); // [T, R/2, 1]
  return {
    style,
    cos: g.op('Cos', [emb], {}, 'rope_cos'),
    sin: g.op('Sin', [emb], {}, 'rope_sin'),
  };
}

/**
 * A table fed from the host (`ropeTableData` in ./table.ts) instead of computed in the graph:
 * declares float inputs `<prefix>_cos` and `<prefix>_sin` with the shapes `RopeTable` documents.
 */
export function emitRopeTableInputs(g: GraphBuilder, style: RopeStyle, prefix = 'rope'): RopeTable {
  const shape = style === 'half' ? ['T', 'R'] : ['T', 'R_half', 1];
  return { style, cos: g.input(`${prefix}_cos`, 'float32', shape), sin: g.input(`${prefix}_sin`, 'float32', shape) };
}

/** Rotates x [heads, T, d] with a table; channels from `rotaryDim` on pass through unchanged. */
export function emitApplyRope(g: GraphBuilder, x: Value, table: RopeTable, rotaryDim?: number): Value {
  if (rotaryDim === undefined) return rotate(g, x, table);
  const axes = g.int64('rope_axes', [-1]);
  const xRot = g.op('Slice', [x, g.int64('rope_zero', [0]), g.int64('rope_rot_end', [rotaryDim]), axes], {}, 'rope_x_rot');
  const xPass = g.op('Slice', [x, g.int64('rope_rot_start', [rotaryDim]), g.int64('rope_end', [TO_THE_END]), axes], {}, 'rope_x_pass');
  return g.op('Concat', [rotate(g, xRot, table), xPass], { axis: attr.int(-1) }, 'rope_out');
}

function rotate(g: GraphBuilder, x: Value, { style, cos, sin }: RopeTable): Value {
  if (style === 'half') {
    // rotate_half(x) = cat(−x2, x1);  x' = x·cos + rotate_half(x)·sin
    const [x1, x2] = g.opN('Split', [x], 2, { axis: attr.int(-1) }, 'rope_halves') as [Value, Value];
    const rotated = g.op('Concat', [g.op('Neg', [x2], {}, 'rope_neg_x2'), x1], { axis: attr.int(-1) }, 'rope_rotate_half');
    const xCos = g.op('Mul', [x, cos], {}, 'rope_x_cos');
    return g.op('Add', [xCos, g.op('Mul', [rotated, sin], {}, 'rope_rot_sin')], {}, 'rope_half');
  }
  // x viewed as pairs [heads, T, R/2, 2]:  o0 = x0·cos − x1·sin,  o1 = x1·cos + x0·sin
  const pairs = g.op('Reshape', [x, g.int64('rope_pairs_shape', [0, 0, -1, 2])], {}, 'rope_pairs');
  const [x0, x1] = g.opN('Split', [pairs], 2, { axis: attr.int(-1) }, 'rope_pair') as [Value, Value];
  const o0 = g.op('Sub', [g.op('Mul', [x0, cos], {}, 'rope_x0_cos'), g.op('Mul', [x1, sin], {}, 'rope_x1_sin')], {}, 'rope_o0');
  const o1 = g.op('Add', [g.op('Mul', [x1, cos], {}, 'rope_x1_cos'), g.op('Mul', [x0, sin], {}, 'rope_x0_sin')], {}, 'rope_o1');
  const out = g.op('Concat', [o0, o1], { axis: attr.int(-1) }, 'rope_pairs_out');
  return g.op('Reshape', [out, g.int64('rope_flat_shape', [0, 0, -1])], {}, 'rope_interleaved');
}

/** RoPE in one call: builds the table for `positions` and applies it to x [heads, T, d]. */
export function emitRope(g: GraphBuilder, x: Value, positions: Value, invFreq: Value, params: RopeParams): Value {
  return emitApplyRope(g, x, emitRopeTable(g, positions, invFreq, params.style), params.rotaryDim);
}

/**
 * ChatGLM-6B 2-D RoPE (docs/checkpoint-formats.md §5.5): the head splits into halves; the first is rotated
 * by position_ids, the second by block_position_ids, each with rotate_half inside its d/2 channels.
 * Both tables are 'half' tables built from the same fp16-rounded inv_freq [d/4].
 */
export function emitGlm2dRope(g: GraphBuilder, x: Value, positionTable: RopeTable, blockTable: RopeTable): Value {
  const [x1, x2] = g.opN('Split', [x], 2, { axis: attr.int(-1) }, 'glm_rope_halves') as [Value, Value];
  const out1 = emitApplyRope(g, x1, positionTable);
  const out2 = emitApplyRope(g, x2, blockTable);
  return g.op('Concat', [out1, out2], { axis: attr.int(-1) }, 'glm_rope');
}

/** Multiplies each query position by its own factor: q [heads, T, d] · scale [T] (Qwen's logN). */
export function emitQueryScale(g: GraphBuilder, q: Value, scale: Value): Value {
  const column = g.op('Unsqueeze', [scale, g.int64('query_scale_axis', [1])], {}, 'query_scale_column'); // [T, 1]
  return g.op('Mul', [q, column], {}, 'query_scaled');
}

/**
 * Standalone RoPE. Inputs: `x` [heads, T, d] float, `positions` [T] int64, and `inv_freq` [R/2]
 * float unless `invFreq` is given, in which case it is a constant of the graph. Output: `y` [heads, T, d].
 */
export function ropeGraph(params: RopeParams & { readonly invFreq?: Float64Array }): GraphSource {
  const { style, rotaryDim, invFreq } = params;
  return graphSource(`rope:${style}:rot=${rotaryDim ?? 'all'}:inv=${invFreq ? Array.from(invFreq).join(',') : 'input'}`, (g) => {
    const x = g.input('x', 'float32', ['heads', 'T', 'd']);
    const positions = g.input('positions', 'int64', ['T']);
    const inv = invFreq ? emitInvFreqConstant(g, invFreq) : g.input('inv_freq', 'float32', ['R_half']);
    const table = emitRopeTable(g, positions, inv, style);
    g.output(emitApplyRope(g, x, table, rotaryDim), 'y', 'float32', ['heads', 'T', 'd']);
  });
}

/**
 * Standalone RoPE with host-made tables. Inputs: `x` [heads, T, d], `rope_cos` and `rope_sin`
 * from `ropeTableData`. Output: `y` [heads, T, d].
 */
export function ropeFromTableGraph(params: RopeParams): GraphSource {
  const { style, rotaryDim } = params;
  return graphSource(`rope-from-table:${style}:rot=${rotaryDim ?? 'all'}`, (g) => {
    const x = g.input('x', 'float32', ['heads', 'T', 'd']);
    g.output(emitApplyRope(g, x, emitRopeTableInputs(g, style), rotaryDim), 'y', 'float32', ['heads', 'T', 'd']);
  });
}

/**
 * Standalone ChatGLM-6B 2-D RoPE. Inputs: `x` [heads, T, d], `position_ids` and
 * `block_position_ids` [T] int64, `inv_freq` [d/4]. Output: `y` [heads, T, d].
 */
export function glm2dRopeGraph(): GraphSource {
  return graphSource('glm-2d-rope', (g) => {
    const x = g.input('x', 'float32', ['heads', 'T', 'd']);
    const positionIds = g.input('position_ids', 'int64', ['T']);
    const blockPositionIds = g.input('block_position_ids', 'int64', ['T']);
    const invFreq = g.input('inv_freq', 'float32', ['d_quarter']);
    const positionTable = emitRopeTable(g, positionIds, invFreq, 'half');
    const blockTable = emitRopeTable(g, blockPositionIds, invFreq, 'half');
    g.output(emitGlm2dRope(g, x, positionTable, blockTable), 'y', 'float32', ['heads', 'T', 'd']);
  });
}

/** Standalone query scale. Inputs: `q` [heads, T, d], `scale` [T]. Output: `y` [heads, T, d]. */
export function queryScaleGraph(): GraphSource {
  return graphSource('query-scale', (g) => {
    const q = g.input('q', 'float32', ['heads', 'T', 'd']);
    const scale = g.input('scale', 'float32', ['T']);
    g.output(emitQueryScale(g, q, scale), 'y', 'float32', ['heads', 'T', 'd']);
  });
}
