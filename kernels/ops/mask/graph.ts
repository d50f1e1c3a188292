// The attention mask as ONNX nodes: the rule of reference.ts, built from the tensor shapes at run
// time, so one graph serves every sequence length.
//
//   key_pos   = [0, 1, …, Tk−1]
//   query_pos = [Tk−Tq, …, Tk−1]            (with a KV cache the queries are the newest positions)
//   allowed   = key_pos ≤ query_pos  OR  key_pos < prefix_length   [AND key_valid]
import { type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import { axisLength } from '../../onnx/shape-ops.ts';

export type MaskInputs = {
  /** Any tensor whose axis `queryAxis` has length Tq (e.g. q as [heads, Tq, d]). */
  readonly queries: Value;
  readonly queryAxis: number;
  /** Any tensor whose axis `keyAxis` has length Tk (e.g. k as [kv_heads, Tk, d]). */
  readonly keys: Value;
  readonly keyAxis: number;
  /** int64 [1]: keys before this index are visible to all queries (0 = causal). */
  readonly prefixLength: Value;
  /** Optional bool [Tk]: false marks padding keys. */
  readonly keyValid?: Value;
};

/** Emits the bool mask [Tq, Tk]: true where query i may read key j. */
export function emitAllowedMask(g: GraphBuilder, inputs: MaskInputs): Value {
  const tq = axisLength(g, inputs.queries, inputs.queryAxis, 'Tq');
  const tk = axisLength(g, inputs.keys, inputs.keyAxis, 'Tk');
  const zero = g.int64('zero', [0], []);
  const one = g.int64('one', [1], []);

  const keyPos = g.op('Range', [zero, tk, one], {}, 'key_pos');
  const past = g.op('Sub', [tk, tq], {}, 'past_length');
  const queryPos = g.op('Range', [past, tk, one], {}, 'query_pos');
  const queryColumn = g.op('Unsqueeze', [queryPos, g.int64('axis1', [1])], {}, 'query_pos_column');

  const causal = g.op('LessOrEqual', [keyPos, queryColumn], {}, 'causal_allowed');
  const inPrefix = g.op('Less', [keyPos, inputs.prefixLength], {}, 'prefix_allowed');
  const allowed = g.op('Or', [causal, inPrefix], {}, 'allowed');
  return inputs.keyValid ? g.op('And', [allowed, inputs.keyValid], {}, 'allowed_unpadded') : allowed;
}

/**
 * Narrows `allowed` [Tq, Tk] to a sliding window (Qwen2's `use_sliding_window`, docs/checkpoint-formats.md
 * §8.1; `window` in reference.ts): the query at position p reads key j only if j > p − size. Queries
 * are positions past … past+Tq−1, keys the positions in `keyPositions` [Tk].
 */
export function emitSlidingWindow(g: GraphBuilder, allowed: Value, past: Value, keyPositions: Value, size: number): Value {
  const queryCount = axisLength(g, allowed, 0, 'window_Tq');
  const queryEnd = g.op('Add', [past, queryCount], {}, 'window_query_end');
  const queryPositions = g.op('Range', [past, queryEnd, g.int64('window_step', [1], [])], {}, 'window_query_positions');
  const oldest = g.op('Sub', [queryPositions, g.int64('window_size', [size], [])], {}, 'window_oldest_excluded'); // p − size
  const oldestColumn = g.op('Unsqueeze', [oldest, g.int64('window_axis', [1])], {}, 'window_oldest_column');
  const inWindow = g.op('Greater', [keyPositions, oldestColumn], {}, 'in_window'); // [Tq, Tk]
  return g.op('And', [allowed, inWindow], {}, 'window_allowed');
}
