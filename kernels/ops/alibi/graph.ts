// The ALiBi bias as ONNX nodes: bias[h, i, j] = m_h · j.
//
// It is added to the attention scores after the 1/√d scaling (Baichuan-13B :141-150); the causal
// −∞ part comes from the mask, not from here. Baichuan writes the bias as m·j (key index) rather
// than the paper's −m·(i − j): per query row the two differ by the constant m·i, which softmax
// ignores, and m·j does not depend on the query, so one [heads, 1, Tk] row serves every query.
import { attr, type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import { graphSource } from '../../onnx/graph-source.ts';
import type { GraphSource } from '../../runtime/runtime.ts';
import { alibiSlopes } from './slopes.ts';

const ONNX_FLOAT = 1;

/**
 * bias = m_h · j for key positions j (int64 [Tk]): shape [heads, 1, Tk], which broadcasts over the
 * query axis of scores [heads, Tq, Tk]. Pass `queryPositions` (int64 [Tq]) to get the full
 * [heads, Tq, Tk] tensor instead (for display).
 */
export function emitAlibiBias(g: GraphBuilder, slopes: readonly number[], keyPositions: Value, queryPositions?: Value): Value {
  const m = g.constant('alibi_slopes', slopes, [slopes.length, 1, 1]);
  const j = g.op('Cast', [keyPositions], { to: attr.int(ONNX_FLOAT) }, 'alibi_key_index');
  const jRow = g.op('Unsqueeze', [j, g.int64('alibi_row_axes', [0, 1])], {}, 'alibi_key_row'); // [1, 1, Tk]
  const bias = g.op('Mul', [m, jRow], {}, 'alibi_bias'); // [heads, 1, Tk]
  if (queryPositions === undefined) return bias;
  const shape = g.op(
    'Concat',
    [g.int64('alibi_heads', [slopes.length]), g.op('Shape', [queryPositions], {}, 'alibi_tq'), g.op('Shape', [keyPositions], {}, 'alibi_tk')],
    { axis: attr.int(0) },
    'alibi_full_shape',
  );
  return g.op('Expand', [bias, shape], {}, 'alibi_bias_full');
}

/**
 * Standalone ALiBi bias for `heads` heads with Baichuan's slopes. Inputs: `query_positions` [Tq]
 * and `key_positions` [Tk], int64. Output: `y` [heads, Tq, Tk].
 */
export function alibiBiasGraph(params: { readonly heads: number }): GraphSource {
  return graphSource(`alibi-bias:heads=${params.heads}`, (g) => {
    const queryPositions = g.input('query_positions', 'int64', ['Tq']);
    const keyPositions = g.input('key_positions', 'int64', ['Tk']);
    const bias = emitAlibiBias(g, alibiSlopes(params.heads), keyPositions, queryPositions);
    g.output(bias, 'y', 'float32', [params.heads, 'Tq', 'Tk']);
  });
}
