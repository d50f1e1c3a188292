// Reshapes that mix fixed sizes with sizes known only at run time (sequence lengths).
import { attr, type GraphBuilder, type Value } from './graph-builder.ts';

/**
 * Reshapes `x` so that its leading axes become `leading` while the axes from `keepFrom` on keep
 * their run-time sizes. Example: scores [m, n/m, Tq, Tk] → [n, Tq, Tk] is
 * `withLeadingDims(g, scores, [n], 2)`.
 */
export function withLeadingDims(g: GraphBuilder, x: Value, leading: readonly number[], keepFrom: number, hint: string): Value {
  const shape = g.op('Shape', [x], {}, `${hint}_in_shape`);
  const tail = g.op(
    'Slice',
    [shape, g.int64(`${hint}_from`, [keepFrom]), g.int64(`${hint}_to`, [Number.MAX_SAFE_INTEGER])],
    {},
    `${hint}_tail`,
  );
  const target = g.op('Concat', [g.int64(`${hint}_lead`, [...leading]), tail], { axis: attr.int(0) }, `${hint}_shape`);
  return g.op('Reshape', [x, target], {}, hint);
}

/** A scalar int64 holding the run-time length of one axis of `x` (a sequence length, say). */
export function axisLength(g: GraphBuilder, x: Value, axis: number, hint: string): Value {
  const shape = g.op('Shape', [x], {}, `${hint}_shape`);
  return g.op('Gather', [shape, g.int64(`${hint}_axis`, [axis], [])], { axis: attr.int(0) }, hint);
}
