// Fake quantization (kernels/ops/quantize/): the ONNX graph against its float64 twin on random
// shapes, group sizes that do and do not divide the row, 2 to 8 bits and a group of equal weights;
// the article's worked int4 example; and the bytes a setting stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeQuantizeFeeds, fakeQuantizeGraph } from '../../../kernels/ops/quantize/graph.ts';
import { fakeQuantize, roundHalfEven } from '../../../kernels/ops/quantize/reference.ts';
import { groupsPerRow, groupWidth, paddedColumns, type GroupSize } from '../../../kernels/ops/quantize/groups.ts';
import { asymmetricFormat, bytesPerWeight, storedBytes } from '../../../kernels/ops/quantize/bytes.ts';
import { tensor, type Tensor } from '../../../kernels/tensor.ts';
import { assertClose, checkProperty, fc, randomTensor, runGraph, seedArb, seededRandom } from './kernel-harness.ts';

async function graphOf(w: Tensor<['R', 'C']>, groupSize: GroupSize, bits: number) {
  const out = await runGraph(fakeQuantizeGraph(), fakeQuantizeFeeds(Float32Array.from(w.data), w.shape as [number, number], groupSize, bits));
  return { q: out['q']!.data, s: out['s']!.data, z: out['z']!.data, wHat: out['w_hat']!.data };
}

/**
 * Whether float32 and float64 may round x to different integers: x lies this close to a tie.
 * Random weights land there rarely, but a check over thousands of them must allow it.
 */
const nearTie = (x: number) => Math.abs(Math.abs(x - Math.trunc(x)) - 0.5) < 1e-4;

/** The graph equals the reference; where the reference sits on a rounding tie, a step either way is allowed. */
function assertMatches(w: Tensor<['R', 'C']>, groupSize: GroupSize, bits: number, graph: Awaited<ReturnType<typeof graphOf>>, what: string): void {
  const ref = fakeQuantize(w, groupSize, bits);
  const [R, C] = w.shape;
  const G = groupsPerRow(C, groupSize);
  const g = groupWidth(C, groupSize);
  assertClose(graph.s, ref.s, `${what}: s`, 1e-6);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const i = r * C + c;
      const group = Math.floor(c / g);
      const s = ref.s[r * G + group]!;
      const min = Math.min(...w.data.subarray(r * C + group * g, r * C + Math.min((group + 1) * g, C)));
      const tie = s > 0 && (nearTie(w.data[i]! / s) || nearTie(-min / s));
      const allowed = tie ? s * 1.001 + 1e-6 : 1e-5;
      assert.ok(Math.abs(graph.wHat[i]! - ref.wHat[i]!) <= allowed, `${what}: ŵ[${r}, ${c}] ${graph.wHat[i]} vs ${ref.wHat[i]}`);
      if (!tie) assert.equal(graph.q[i], ref.q[i], `${what}: q[${r}, ${c}]`);
    }
  }
}

const settingArb = fc.record({
  seed: seedArb,
  R: fc.integer({ min: 1, max: 12 }),
  C: fc.integer({ min: 1, max: 70 }),
  groupSize: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.constant<'row'>('row')),
  bits: fc.integer({ min: 2, max: 8 }),
});

test('fake quantize graph matches the float64 reference (random shapes, groups, 2–8 bits)', async () => {
  await checkProperty(settingArb, async ({ seed, R, C, groupSize, bits }) => {
    const w = randomTensor<['R', 'C']>(seededRandom(seed), [R, C], 0.2);
    assertMatches(w, groupSize, bits, await graphOf(w, groupSize, bits), `R=${R} C=${C} g=${groupSize} b=${bits}`);
  }, 40);
});

test('groups that do and do not divide the row, every bit width from 2 to 8', async () => {
  const w = randomTensor<['R', 'C']>(seededRandom(11), [6, 64], 0.1);
  for (const groupSize of [8, 16, 32, 64, 'row', 24, 40, 100] as const) {
    for (let bits = 2; bits <= 8; bits++) assertMatches(w, groupSize, bits, await graphOf(w, groupSize, bits), `g=${groupSize} b=${bits}`);
  }
  assert.deepEqual(paddedColumns(5, 2), [0, 1, 2, 3, 4, 4], 'a short last group is filled with the row’s last weight');
});

test('a group of equal weights is kept exactly, without dividing by zero', async () => {
  // Row 0: a constant first group and an ordinary second one; row 1 constant throughout, zero included.
  const w = tensor<['R', 'C']>(Float64Array.from([0.25, 0.25, 0.25, 0.25, -0.5, 0.1, 0.3, 0.7, 0, 0, 0, 0, 0, 0, 0, 0].map(Math.fround)), [2, 8]);
  for (const bits of [2, 4, 8]) {
    const graph = await graphOf(w, 4, bits);
    assert.ok([...graph.wHat, ...graph.q, ...graph.s, ...graph.z].every(Number.isFinite), 'every output is finite');
    assertClose(graph.wHat.subarray(0, 4), [0.25, 0.25, 0.25, 0.25], `b=${bits}: the constant group`, 0);
    assertClose(graph.wHat.subarray(8), new Float64Array(8), `b=${bits}: the zero row`, 0);
    assert.deepEqual([graph.s[0], graph.z[0]], [0, 0]);
    assertMatches(w, 4, bits, graph, `constant groups b=${bits}`);
  }
});

test('the article’s int4 example: w = (−0.63, −0.10, 0.22, 0.87) → s = 0.1, z = 6, q = (0, 5, 8, 15), ŵ = (−0.6, −0.1, 0.2, 0.9)', async () => {
  const w = tensor<['R', 'C']>(Float64Array.from([-0.63, -0.1, 0.22, 0.87]), [1, 4]);
  const ref = fakeQuantize(w, 4, 4);
  assertClose(ref.s, [0.1], 'reference s', 1e-12);
  assert.deepEqual([...ref.z], [6]);
  assert.deepEqual([...ref.q], [0, 5, 8, 15]);
  assertClose(ref.wHat, [-0.6, -0.1, 0.2, 0.9], 'reference ŵ', 1e-12);
  const graph = await graphOf(w, 4, 4);
  assertClose(graph.s, [0.1], 'graph s', 1e-6);
  assert.deepEqual([...graph.z], [6]);
  assert.deepEqual([...graph.q], [0, 5, 8, 15]);
  assertClose(graph.wHat, [-0.6, -0.1, 0.2, 0.9], 'graph ŵ', 1e-6);
});

test('round is half to even, as ONNX Round', () => {
  assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, -2.6].map(roundHalfEven), [0, 2, 2, -0, -2, 2, -3]);
});

test('bytes: b bits per weight plus an fp16 scale and a b-bit zero point per group', () => {
  // The article's figure: 4 bits, g = 128 → 4/8 + 20/(8·128) ≈ 0.52 bytes per weight.
  assertClose([bytesPerWeight({ bits: 4, groupSize: 128, bitsPerGroup: 20 })], [0.5 + 20 / 1024], 'int4 g128', 1e-12);
  assert.equal(bytesPerWeight({ bits: 16 }), 2);
  // A row of 176 weights in groups of 64: 3 groups, the last one short, each with its scale and zero point.
  assert.equal(groupsPerRow(176, 64), 3);
  assert.equal(storedBytes(176, groupsPerRow(176, 64), asymmetricFormat(4)), (176 * 4 + 3 * (16 + 4)) / 8);
  assert.equal(groupsPerRow(176, 'row'), 1);
  assert.equal(groupsPerRow(64, 128), 1, 'a group past the row is the row');
});
