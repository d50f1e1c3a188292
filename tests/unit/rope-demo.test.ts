// The RoPE widget's computation: the graph against its float64 reference on random requests, and
// the facts the widget teaches, checked on the numbers it will draw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  channelPairs,
  curveDistances,
  demoVectors,
  layoutOf,
  ropeDemoReference,
  runRopeDemo,
  ROPE_DEMO,
  ROPE_EXTENSIONS,
  ROPE_MODES,
  ROPE_STYLES,
  type RopeDemoRequest,
  type RopeDemoResult,
} from '../../kernels/demos/rope-demo.ts';
import { qwenLogNScale } from '../../kernels/ops/rope/scaling.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';

const runtime = nodeRuntime();

const requestArbitrary = fc
  .record({
    mode: fc.constantFrom(...ROPE_MODES),
    style: fc.constantFrom(...ROPE_STYLES),
    headDim: fc.constantFrom(...ROPE_DEMO.headDims),
    base: fc.constantFrom(10000, 500, 1e6, 2.5),
    vectors: fc.constantFrom('same' as const, 'random' as const),
    query: fc.integer({ min: 0, max: 3000 }),
    key: fc.integer({ min: 0, max: 3000 }),
    shift: fc.integer({ min: 0, max: 3000 }),
    queryBlock: fc.integer({ min: 0, max: ROPE_DEMO.maxBlock }),
    keyBlock: fc.integer({ min: 0, max: ROPE_DEMO.maxBlock }),
    extension: fc.constantFrom(...ROPE_EXTENSIONS),
    trained: fc.integer({ min: 16, max: 4096 }),
    target: fc.integer({ min: 1, max: 16384 }),
    maxDistance: fc.integer({ min: 1, max: 6000 }),
  })
  .map((request): RopeDemoRequest => request);

/** A plain LLaMA-style request; tests override what they are about. */
const LLAMA: RopeDemoRequest = {
  mode: 'full',
  style: 'half',
  headDim: 128,
  base: 10000,
  vectors: 'same',
  query: 0,
  key: 0,
  shift: 0,
  queryBlock: 0,
  keyBlock: 0,
  extension: 'none',
  trained: 2048,
  target: 2048,
  maxDistance: 256,
};

/** Largest position a row of `request` reaches. */
const reach = (r: RopeDemoRequest) => Math.max(r.query, r.key) + r.shift + r.maxDistance;

/**
 * The graph rounds each angle pos·θ to float32 (as the official code does); the reference keeps it
 * in float64. That differs by up to pos·2⁻²⁴ radians, so the allowed error grows with the position.
 */
function tolerances(request: RopeDemoRequest, result: RopeDemoResult) {
  const { q, k } = demoVectors(request.headDim, request.vectors);
  const logN = Math.max(1, ...qwenLogNScale([reach(request)], request.trained));
  const norms = Math.hypot(...q) * Math.hypot(...k) * logN;
  const angle = 1e-6 + reach(request) * 2 ** -23;
  const pairs = result.wavelengths.length;
  return { score: norms * angle, vector: Math.hypot(...q, ...k) * angle * 2, bound: pairs * angle };
}

test('RoPE demo graph equals its float64 reference on random requests', async () => {
  await fc.assert(
    fc.asyncProperty(requestArbitrary, async (request) => {
      const graph = await runRopeDemo(runtime, request);
      const reference = ropeDemoReference(request);
      const tol = tolerances(request, reference);
      const what = JSON.stringify(request);
      assert.ok(Math.abs(graph.score - reference.score) <= tol.score, `score ${graph.score} vs ${reference.score}: ${what}`);
      assert.ok(Math.abs(graph.shiftedScore - reference.shiftedScore) <= tol.score, `shifted score: ${what}`);
      assert.ok(maxAbsDiff(graph.scores, reference.scores) <= tol.score, `scores: ${what}`);
      assert.ok(maxAbsDiff(graph.bound, reference.bound) <= tol.bound, `bound: ${what}`);
      assert.ok(maxAbsDiff(graph.queryRotated, reference.queryRotated) <= tol.vector, `q′: ${what}`);
      assert.ok(maxAbsDiff(graph.keyRotated, reference.keyRotated) <= tol.vector, `k′: ${what}`);
      assert.deepEqual(graph.distances, reference.distances);
      assert.deepEqual(graph.wavelengths, reference.wavelengths);
      assert.deepEqual(graph.pairs, reference.pairs);
    }),
    { numRuns: 40 },
  );
});

/** Qwen's logN multiplies a query by log_S(p + 1) past S: a factor of its absolute position. */
const logNApplies = (r: RopeDemoRequest) => {
  const [scale, shifted] = ropeDemoReference({ ...r, maxDistance: 1 }).queryScales;
  return scale !== shifted;
};

test('shift invariance: moving both positions by Δ keeps the score (float64 exactly, graph to float32)', async () => {
  await fc.assert(
    fc.asyncProperty(requestArbitrary.filter((r) => !logNApplies(r)), async (request) => {
      const reference = ropeDemoReference(request);
      const scale = Math.abs(reference.score) + 1;
      assert.ok(Math.abs(reference.score - reference.shiftedScore) <= 1e-9 * scale * request.headDim);
      const graph = await runRopeDemo(runtime, request);
      assert.ok(Math.abs(graph.score - graph.shiftedScore) <= 2 * tolerances(request, reference).score);
    }),
    { numRuns: 20 },
  );
});

test('Qwen logN breaks shift invariance on purpose: the shifted query past S is scaled up', () => {
  const request: RopeDemoRequest = { ...LLAMA, mode: 'extend', headDim: 16, query: 10, key: 10, shift: 100, extension: 'qwen', trained: 64, target: 64, maxDistance: 8 };
  const { score, shiftedScore, queryScales } = ropeDemoReference(request);
  assert.deepEqual(queryScales, [1, Math.fround(Math.log(111) / Math.log(64))]);
  assert.ok(Math.abs(shiftedScore / score - queryScales[1]) < 1e-12);
});

test('the long-range bound starts at its maximum, (P + 1)/2 for P pairs, and decays on average', () => {
  const request = LLAMA;
  const { bound, scores, distances } = ropeDemoReference(request);
  assert.equal(distances[0], 0);
  assert.ok(Math.abs(bound[0]! - (64 + 1) / 2) < 1e-4, 'mean_j |S_j| = mean_j j = (P + 1)/2 at r = 0');
  const mean = (from: number, to: number) => bound.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
  assert.ok(mean(200, 257) < mean(1, 50), 'farther distances have a lower bound on average');
  assert.ok(scores.every((s) => s <= scores[0]! + 1e-9), 'q = k scores highest at distance 0');
});

test('channel pairs: rotate-half pairs (i, i + R/2), interleaved (2k, 2k + 1); every rotated channel once', () => {
  for (const headDim of ROPE_DEMO.headDims) {
    for (const mode of ROPE_MODES) {
      for (const style of ROPE_STYLES) {
        const layout = layoutOf({ mode, style, headDim });
        const pairs = channelPairs(layout, headDim);
        const channels = pairs.flatMap((p) => [p.a, p.b]).sort((a, b) => a - b);
        const rotated = mode === 'partial' ? headDim / 2 : headDim;
        assert.deepEqual(channels, Array.from({ length: rotated }, (_, i) => i), `${mode} ${style} d=${headDim}`);
      }
    }
    assert.deepEqual(channelPairs({ kind: 'rope', style: 'half', rotaryDim: headDim }, headDim)[1], { a: 1, b: 1 + headDim / 2, row: 'position' });
    assert.deepEqual(channelPairs({ kind: 'rope', style: 'interleaved', rotaryDim: headDim }, headDim)[1], { a: 2, b: 3, row: 'position' });
  }
});

test('curve distances run from 0 to the maximum in at most 512 whole steps', () => {
  assert.deepEqual(curveDistances(3), [0, 1, 2, 3]);
  const long = curveDistances(65536);
  assert.equal(long.length, ROPE_DEMO.curveSamples);
  assert.equal(long[0], 0);
  assert.equal(long.at(-1), 65536);
  assert.ok(long.every((r, i) => i === 0 || r > long[i - 1]!));
});

test('context extension: linear divides every frequency by s; NTK keeps the fastest; Qwen α = 3 past S', () => {
  const base: RopeDemoRequest = { ...LLAMA, mode: 'extend', extension: 'linear', target: 8192, maxDistance: 64 };
  const linear = ropeDemoReference(base);
  linear.wavelengths.forEach((w, k) => assert.ok(Math.abs(w / linear.baseWavelengths[k]! - 4) < 1e-5));
  const ntk = ropeDemoReference({ ...base, extension: 'ntk' });
  assert.ok(Math.abs(ntk.wavelengths[0]! - ntk.baseWavelengths[0]!) < 1e-9, 'the fastest pair keeps its wavelength');
  assert.ok(Math.abs(ntk.wavelengths.at(-1)! / ntk.baseWavelengths.at(-1)! - 4) < 1e-3, 'the slowest is stretched by s');
  const qwen = ropeDemoReference({ ...base, extension: 'qwen', target: 3000 });
  assert.equal(qwen.alpha, 3);
});

test('moving only m, n or Δ reuses the distance curve and still matches the reference', async () => {
  await fc.assert(
    fc.asyncProperty(requestArbitrary, fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), async (request, query, shift) => {
      await runRopeDemo(runtime, request);
      const moved = { ...request, query, shift };
      const graph = await runRopeDemo(runtime, moved);
      const reference = ropeDemoReference(moved);
      const tol = tolerances(moved, reference);
      assert.ok(maxAbsDiff(graph.scores, reference.scores) <= tol.score);
      assert.ok(maxAbsDiff(graph.bound, reference.bound) <= tol.bound);
      assert.ok(Math.abs(graph.score - reference.score) <= tol.score);
      assert.ok(Math.abs(graph.shiftedScore - reference.shiftedScore) <= tol.score);
    }),
    { numRuns: 15 },
  );
});
