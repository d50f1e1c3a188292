// FlashAttention for one head as an ONNX graph: the loop over key/value blocks is unrolled when the
// graph is built, so N, d, Bc and the mask are fixed per graph (flashAttentionGraph's key names them).
//
// Every query row keeps a running max m [N, 1], sum ℓ [N, 1] and unnormalised output o [N, d]. Block
// j's scores S_j = Q K_jᵀ · scale are [rows, Bc]: the query tiles i that read block j side by side,
// as FlashAttention-2 hands query tiles to separate thread blocks, each holding one Br×Bc tile.
// Under a causal mask the tiles above the diagonal are left out of the graph altogether: block j is
// read only by rows from j·Bc on (./tiles.ts), and the rows before it keep their m, ℓ and o.
// Division by ℓ happens once, after the last block (FlashAttention-2).
//
// inputs:  q, k, v [N, d]; row int64 [1] (the query row whose statistics are traced)
// outputs: out [N, d]; m_trace, ell_trace [Tc]: that row's m and ℓ after each block
import { attr, type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import { graphSource } from '../../onnx/graph-source.ts';
import type { GraphSource } from '../../runtime/runtime.ts';
import { MASKED_SCORE } from '../attention/graph.ts';
import { blockCount, firstRowReading, type TileShape } from './tiles.ts';

export type FlashGraphShape = TileShape & {
  /** Head dimension. */
  readonly d: number;
};

export type FlashInputs = { readonly q: Value; readonly k: Value; readonly v: Value; readonly row: Value };
export type FlashOutputs = { readonly out: Value; readonly mTrace: Value; readonly ellTrace: Value };

/** Rows from..to of `x` along axis 0 (a static slice). */
function rows(g: GraphBuilder, x: Value, from: number, to: number, hint: string): Value {
  return g.op('Slice', [x, g.int64(`${hint}_start`, [from]), g.int64(`${hint}_end`, [to]), g.int64(`${hint}_axis`, [0])], {}, hint);
}

/** Columns from..to of `x` along axis 1 (a static slice). */
function columns(g: GraphBuilder, x: Value, from: number, to: number, hint: string): Value {
  return g.op('Slice', [x, g.int64(`${hint}_start`, [from]), g.int64(`${hint}_end`, [to]), g.int64(`${hint}_axis`, [1])], {}, hint);
}

/** `fresh` for rows first..N − 1 of a state, the untouched rows 0..first − 1 kept above it. */
function withTail(g: GraphBuilder, state: Value, fresh: Value, first: number, hint: string): Value {
  if (first === 0) return fresh;
  return g.op('Concat', [rows(g, state, 0, first, `${hint}_kept`), fresh], { axis: attr.int(0) }, hint);
}

export function emitFlashAttention(g: GraphBuilder, { q, k, v, row }: FlashInputs, shape: FlashGraphShape): FlashOutputs {
  const { N, Bc, d, causal } = shape;
  const Tc = blockCount(N, Bc);
  const scale = g.scalar('score_scale', 1 / Math.sqrt(d));
  const masked = g.scalar('masked_score', MASKED_SCORE);
  const rowAxis = g.int64('row_axis', [1]);
  const kT = g.op('Transpose', [k], { perm: attr.ints([1, 0]) }, 'k_transposed');

  let m: Value | undefined;
  let ell: Value | undefined;
  let o: Value | undefined;
  const mAfter: Value[] = [];
  const ellAfter: Value[] = [];

  for (let j = 0; j < Tc; j++) {
    const keyStart = j * Bc;
    const keyEnd = Math.min(N, keyStart + Bc);
    const first = firstRowReading(shape, j);
    const qRows = first === 0 ? q : rows(g, q, first, N, `q_rows_${j}`);
    let S = g.op('Mul', [g.op('MatMul', [qRows, columns(g, kT, keyStart, keyEnd, `k_block_${j}`)], {}, `raw_scores_${j}`), scale], {}, `scores_${j}`);
    // Only the diagonal tile of a causal block has keys past some of its rows.
    if (causal && first < keyEnd - 1) {
      const queryPos = g.int64(`query_pos_${j}`, Array.from({ length: N - first }, (_, r) => first + r), [N - first, 1]);
      const keyPos = g.int64(`key_pos_${j}`, Array.from({ length: keyEnd - keyStart }, (_, c) => keyStart + c), [1, keyEnd - keyStart]);
      const allowed = g.op('LessOrEqual', [keyPos, queryPos], {}, `allowed_${j}`);
      S = g.op('Where', [allowed, S, masked], {}, `masked_scores_${j}`);
    }
    const vBlock = rows(g, v, keyStart, keyEnd, `v_block_${j}`);
    const blockMax = g.op('ReduceMax', [S], { axes: attr.ints([1]), keepdims: attr.int(1) }, `block_max_${j}`);

    if (m === undefined || ell === undefined || o === undefined) {
      // The first block reads every row (key 0 is visible to all): nothing to rescale yet.
      const P = g.op('Exp', [g.op('Sub', [S, blockMax], {}, `shifted_${j}`)], {}, `p_${j}`);
      m = blockMax;
      ell = g.op('ReduceSum', [P, rowAxis], { keepdims: attr.int(1) }, `ell_${j}`);
      o = g.op('MatMul', [P, vBlock], {}, `o_${j}`);
    } else {
      const mOld = first === 0 ? m : rows(g, m, first, N, `m_old_${j}`);
      const ellOld = first === 0 ? ell : rows(g, ell, first, N, `ell_old_${j}`);
      const oOld = first === 0 ? o : rows(g, o, first, N, `o_old_${j}`);
      const mNew = g.op('Max', [mOld, blockMax], {}, `m_new_${j}`);
      // e^(m_old − m_new) ≤ 1 rescales what earlier blocks added to ℓ and o
      const alpha = g.op('Exp', [g.op('Sub', [mOld, mNew], {}, `m_step_${j}`)], {}, `alpha_${j}`);
      const P = g.op('Exp', [g.op('Sub', [S, mNew], {}, `shifted_${j}`)], {}, `p_${j}`);
      const ellNew = g.op('Add', [g.op('Mul', [alpha, ellOld], {}, `ell_rescaled_${j}`), g.op('ReduceSum', [P, rowAxis], { keepdims: attr.int(1) }, `p_sum_${j}`)], {}, `ell_new_${j}`);
      const oNew = g.op('Add', [g.op('Mul', [alpha, oOld], {}, `o_rescaled_${j}`), g.op('MatMul', [P, vBlock], {}, `pv_${j}`)], {}, `o_new_${j}`);
      m = withTail(g, m, mNew, first, `m_${j}`);
      ell = withTail(g, ell, ellNew, first, `ell_${j}`);
      o = withTail(g, o, oNew, first, `o_${j}`);
    }
    mAfter.push(g.op('Gather', [m, row], { axis: attr.int(0) }, `m_row_${j}`));
    ellAfter.push(g.op('Gather', [ell, row], { axis: attr.int(0) }, `ell_row_${j}`));
  }

  if (m === undefined || ell === undefined || o === undefined) throw new Error(`flash attention: no key blocks for N = ${N}`);
  const trace = (values: Value[], hint: string) =>
    g.op('Reshape', [values.length === 1 ? values[0]! : g.op('Concat', values, { axis: attr.int(0) }, `${hint}_rows`), g.int64(`${hint}_shape`, [Tc])], {}, hint);
  return {
    out: g.op('Div', [o, ell], {}, 'flash_out'),
    mTrace: trace(mAfter, 'm_trace'),
    ellTrace: trace(ellAfter, 'ell_trace'),
  };
}

/** The standalone graph for one shape; sessions are cached by its key. */
export function flashAttentionGraph(shape: FlashGraphShape): GraphSource {
  const { N, Bc, d, causal } = shape;
  if (!Number.isInteger(Bc) || Bc < 1 || Bc > N) throw new Error(`flash attention: block size ${Bc} is outside 1..${N}`);
  return graphSource(`flash-attention:N${N}:Bc${Bc}:d${d}:${causal ? 'causal' : 'full'}`, (g) => {
    const q = g.input('q', 'float32', [N, d]);
    const k = g.input('k', 'float32', [N, d]);
    const v = g.input('v', 'float32', [N, d]);
    const row = g.input('row', 'int64', [1]);
    const { out, mTrace, ellTrace } = emitFlashAttention(g, { q, k, v, row }, shape);
    const Tc = blockCount(N, Bc);
    g.output(out, 'out', 'float32', [N, d]);
    g.output(mTrace, 'm_trace', 'float32', [Tc]);
    g.output(ellTrace, 'ell_trace', 'float32', [Tc]);
  });
}
