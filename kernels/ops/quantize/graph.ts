// Fake quantization as ONNX nodes: each row of a weight matrix W [R, C] (nn.Linear's [out, in]) is
// cut into groups of g weights along its input dimension, and every group is quantized to b bits
// and restored with the article's asymmetric formula (reference.ts has it in float64).
//
// One graph serves every shape, group size and bit width: b arrives as the input `levels` (2^b − 1)
// and g through index inputs (fakeQuantizeFeeds), so trying other settings compiles nothing new, which
// matters on WebGPU, where each compile costs seconds on a software adapter.
import { attr, type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import { graphSource } from '../../onnx/graph-source.ts';
import type { Feed, GraphSource } from '../../runtime/runtime.ts';
import { groupOfColumn, groupWidth, paddedColumns, type GroupSize } from './groups.ts';
import { levelsOf } from './reference.ts';

export type FakeQuantizeValues = { readonly q: Value; readonly s: Value; readonly z: Value; readonly wHat: Value };

/** The per-group index inputs: how the graph pads rows into whole groups and finds each column's group. */
export type GroupIndexValues = {
  /** Columns that fill every group to g weights, int64 [G·g] (groups.ts's paddedColumns). */
  readonly paddedColumns: Value;
  /** The group of each column, int64 [C]. */
  readonly columnGroup: Value;
  /** [0, −1, g], int64 [3]: the padded row reshaped into G groups of g. */
  readonly groupShape: Value;
};

const along = (g: GraphBuilder, x: Value, indices: Value, hint: string) => g.op('Gather', [x, indices], { axis: attr.int(1) }, hint);

/** q, s, z and ŵ of W [R, C] with `levels` = 2^b − 1 (a float32 scalar). */
export function emitFakeQuantize(g: GraphBuilder, w: Value, levels: Value, groups: GroupIndexValues): FakeQuantizeValues {
  const grouped = g.op('Reshape', [along(g, w, groups.paddedColumns, 'padded'), groups.groupShape], {}, 'grouped'); // [R, G, g]
  const reduce = (op: string) => g.op(op, [grouped], { axes: attr.ints([2]), keepdims: attr.int(0) }, op === 'ReduceMin' ? 'min' : 'max');
  const min = reduce('ReduceMin');
  const range = g.op('Sub', [reduce('ReduceMax'), min], {}, 'range'); // [R, G]
  const zero = g.scalar('zero', 0);
  // A group of equal weights has s = 0; 1 stands in for it so that nothing divides by zero, and the
  // Where nodes below keep such a group's weights exactly.
  const flat = g.op('Equal', [range, zero], {}, 'flat');
  const s = g.op('Div', [range, levels], {}, 's');
  const sSafe = g.op('Where', [flat, g.scalar('one', 1), s], {}, 's_safe');
  const zOfGroup = g.op('Round', [g.op('Div', [g.op('Neg', [min], {}, 'neg_min'), sSafe], {}, 'min_steps')], {}, 'z_raw');
  const z = g.op('Where', [flat, zero, zOfGroup], {}, 'z');
  // Each column reads its group's s and z.
  const sCol = along(g, sSafe, groups.columnGroup, 's_col');
  const zCol = along(g, z, groups.columnGroup, 'z_col');
  const flatCol = g.op('Equal', [along(g, range, groups.columnGroup, 'range_col'), zero], {}, 'flat_col');
  const steps = g.op('Add', [g.op('Round', [g.op('Div', [w, sCol], {}, 'w_steps')], {}, 'w_rounded'), zCol], {}, 'q_raw');
  const clamped = g.op('Min', [g.op('Max', [steps, zero], {}, 'q_low'), levels], {}, 'q_clamped');
  const q = g.op('Where', [flatCol, zero, clamped], {}, 'q');
  const restored = g.op('Mul', [sCol, g.op('Sub', [q, zCol], {}, 'q_minus_z')], {}, 'restored');
  const wHat = g.op('Where', [flatCol, w, restored], {}, 'w_hat');
  return { q, s, z, wHat };
}

/**
 * Standalone fake quantization. Inputs: `w` [R, C], `levels` [] and the int64 index inputs of
 * `fakeQuantizeFeeds`. Outputs: `q` [R, C], `s` [R, G], `z` [R, G], `w_hat` [R, C].
 */
export function fakeQuantizeGraph(): GraphSource {
  return graphSource('fake-quantize', (g) => {
    const w = g.input('w', 'float32', ['R', 'C']);
    const levels = g.input('levels', 'float32', []);
    const groups = {
      paddedColumns: g.input('padded_columns', 'int64', ['Cp']),
      columnGroup: g.input('column_group', 'int64', ['C']),
      groupShape: g.input('group_shape', 'int64', [3]),
    };
    const out = emitFakeQuantize(g, w, levels, groups);
    g.output(out.q, 'q', 'float32', ['R', 'C']);
    g.output(out.s, 's', 'float32', ['R', 'G']);
    g.output(out.z, 'z', 'float32', ['R', 'G']);
    g.output(out.wHat, 'w_hat', 'float32', ['R', 'C']);
  });
}

/** The feeds of `fakeQuantizeGraph` for W [R, C] (row-major) in groups of `groupSize` at `bits` bits. */
export function fakeQuantizeFeeds(w: Float32Array, shape: readonly [number, number], groupSize: GroupSize, bits: number): Record<string, Feed> {
  const [R, C] = shape;
  if (w.length !== R * C) throw new Error(`fake quantize: ${w.length} weights for shape [${R}, ${C}]`);
  const int64 = (values: readonly number[]): Feed => ({ type: 'int64', data: values, dims: [values.length] });
  return {
    w: { type: 'float32', data: w, dims: [R, C] },
    levels: { type: 'float32', data: Float32Array.of(levelsOf(bits)), dims: [] },
    padded_columns: int64(paddedColumns(C, groupSize)),
    column_group: int64(groupOfColumn(C, groupSize)),
    group_shape: int64([0, -1, groupWidth(C, groupSize)]),
  };
}
