// The attention and mask kernels against their float64 references, on random shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attr, GraphBuilder } from '../../../kernels/onnx/graph-builder.ts';
import { emitAllowedMask, emitSlidingWindow } from '../../../kernels/ops/mask/graph.ts';
import { attentionMask, lossTargets } from '../../../kernels/ops/mask/reference.ts';
import { emitAttention } from '../../../kernels/ops/attention/graph.ts';
import { attentionReference } from '../../../kernels/ops/attention/reference.ts';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';
import type { GraphSource } from '../../../kernels/runtime/runtime.ts';
import { normals, seededRandom } from '../../../kernels/random.ts';
import { maxAbsDiff, tensor, type Tensor } from '../../../kernels/tensor.ts';

const runtime = nodeRuntime();

/** Attention with GQA, a prefix/causal mask with padding, a KV-cache offset and an optional bias. */
function attentionGraph(nHeads: number, nKvHeads: number, headDim: number, withBias: boolean): GraphSource {
  return {
    key: `test-attention:${nHeads}:${nKvHeads}:${headDim}:${withBias}`,
    build() {
      const g = new GraphBuilder('attention_test');
      const q = g.input('q', 'float32', [nHeads, 'Tq', headDim]);
      const k = g.input('k', 'float32', [nKvHeads, 'Tk', headDim]);
      const v = g.input('v', 'float32', [nKvHeads, 'Tk', headDim]);
      const prefixLength = g.input('prefix_length', 'int64', [1]);
      const keyValidFloat = g.input('key_valid', 'float32', ['Tk']);
      const keyValid = g.op('Cast', [keyValidFloat], { to: attr.int(9) });
      const bias = withBias ? g.input('bias', 'float32', [nHeads, 'Tq', 'Tk']) : undefined;
      const allowed = emitAllowedMask(g, { queries: q, queryAxis: 1, keys: k, keyAxis: 1, prefixLength, keyValid });
      const { out, probs } = emitAttention(g, { q, k, v, allowed, ...(bias ? { bias } : {}) }, { nHeads, nKvHeads, headDim });
      g.output(out, 'out', 'float32', [nHeads, 'Tq', headDim]);
      g.output(probs, 'probs', 'float32', [nHeads, 'Tq', 'Tk']);
      return g.toModelBytes();
    },
  };
}

const f32 = (t: Tensor) => ({ type: 'float32' as const, data: Float32Array.from(t.data), dims: [...t.shape] });

const caseArbitrary = fc.record({
  kvHeads: fc.integer({ min: 1, max: 3 }),
  kvMul: fc.integer({ min: 1, max: 3 }),
  headDim: fc.constantFrom(2, 4, 8, 16),
  keyLength: fc.integer({ min: 1, max: 12 }),
  queryFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  prefixLength: fc.integer({ min: 0, max: 14 }),
  padFirst: fc.integer({ min: 0, max: 2 }),
  withBias: fc.boolean(),
  seed: fc.integer(),
});

test('attention graph equals the float64 reference (GQA, prefix mask, padding, KV offset, bias)', async () => {
  await fc.assert(
    fc.asyncProperty(caseArbitrary, async (c) => {
      const nHeads = c.kvHeads * c.kvMul;
      const tk = c.keyLength;
      const tq = Math.max(1, Math.round(c.queryFraction * tk));
      const random = seededRandom(c.seed);
      const q = tensor<['heads', 'Tq', 'd']>(normals(random, nHeads * tq * c.headDim), [nHeads, tq, c.headDim]);
      const k = tensor<['kvHeads', 'Tk', 'd']>(normals(random, c.kvHeads * tk * c.headDim), [c.kvHeads, tk, c.headDim]);
      const v = tensor<['kvHeads', 'Tk', 'd']>(normals(random, c.kvHeads * tk * c.headDim), [c.kvHeads, tk, c.headDim]);
      const keyValid = Array.from({ length: tk }, (_, j) => j >= Math.min(c.padFirst, tk - 1));
      const bias = c.withBias ? tensor<['heads', 'Tq', 'Tk']>(normals(random, nHeads * tq * tk), [nHeads, tq, tk]) : undefined;

      const mask = attentionMask({ prefixLength: c.prefixLength, keyValid }, tq, tk);
      const expected = attentionReference({ q, k, v, mask, ...(bias ? { bias } : {}) });
      const result = await runtime.run(attentionGraph(nHeads, c.kvHeads, c.headDim, c.withBias), {
        q: f32(q),
        k: f32(k),
        v: f32(v),
        prefix_length: { type: 'int64', data: [c.prefixLength], dims: [1] },
        key_valid: { type: 'float32', data: Float32Array.from(keyValid, Number), dims: [tk] },
        ...(bias ? { bias: f32(bias) } : {}),
      });
      // Rows with no visible key are uniform in the graph and zero in the reference; compare the rest.
      const visibleRows = [...Array(tq).keys()].filter((i) => mask.data.subarray(i * tk, (i + 1) * tk).some((x) => x > 0));
      for (let h = 0; h < nHeads; h++) {
        for (const i of visibleRows) {
          const row = (h * tq + i) * tk;
          assert.ok(
            maxAbsDiff(result.outputs.probs!.data.subarray(row, row + tk), expected.probs.data.subarray(row, row + tk)) <= 1e-5,
          );
          const o = (h * tq + i) * c.headDim;
          assert.ok(
            maxAbsDiff(result.outputs.out!.data.subarray(o, o + c.headDim), expected.out.data.subarray(o, o + c.headDim)) <= 1e-4,
          );
        }
      }
    }),
    { numRuns: 40 },
  );
});

test('query heads of one group read the same keys: swapping kv heads swaps whole groups', async () => {
  const [nHeads, nKv, d, t] = [4, 2, 4, 5];
  const random = seededRandom(7);
  const q = tensor<['heads', 'Tq', 'd']>(normals(random, nHeads * t * d), [nHeads, t, d]);
  const k = tensor<['kvHeads', 'Tk', 'd']>(normals(random, nKv * t * d), [nKv, t, d]);
  const v = tensor<['kvHeads', 'Tk', 'd']>(normals(random, nKv * t * d), [nKv, t, d]);
  const mask = attentionMask({ prefixLength: 0 }, t, t);
  const { probs } = attentionReference({ q, k, v, mask });
  // Heads 0 and 1 share kv head 0: giving head 1 head 0's queries must give head 0's probabilities.
  const qSame = tensor<['heads', 'Tq', 'd']>(Float64Array.from(q.data), [nHeads, t, d]);
  qSame.data.set(q.data.subarray(0, t * d), t * d);
  const shared = attentionReference({ q: qSame, k, v, mask });
  assert.equal(maxAbsDiff(shared.probs.data.subarray(t * t, 2 * t * t), probs.data.subarray(0, t * t)), 0);
  // Head 2 belongs to the other group, so the same queries there give different probabilities.
  const qOther = tensor<['heads', 'Tq', 'd']>(Float64Array.from(q.data), [nHeads, t, d]);
  qOther.data.set(q.data.subarray(0, t * d), 2 * t * d);
  const other = attentionReference({ q: qOther, k, v, mask });
  assert.ok(maxAbsDiff(other.probs.data.subarray(2 * t * t, 3 * t * t), probs.data.subarray(0, t * t)) > 1e-3);
});

test('mask rule: causal, prefix and bidirectional, and the loss positions', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }), (t, p) => {
      const prefix = Math.min(p, t);
      const mask = attentionMask({ prefixLength: prefix }, t, t);
      for (let i = 0; i < t; i++) {
        for (let j = 0; j < t; j++) {
          const expected = j <= i || j < prefix ? 1 : 0;
          assert.equal(mask.data[i * t + j], expected);
        }
      }
      const targets = lossTargets(prefix, t).filter(Boolean).length;
      assert.equal(targets, prefix === 0 ? t - 1 : t - prefix);
      assert.ok(lossTargets(0, t).filter(Boolean).length >= targets);
    }),
  );
});

test('mask graph with a sliding window equals the reference rule, with a KV-cache offset', async () => {
  const windowGraph = (size: number): GraphSource => ({
    key: `test-window-mask:${size}`,
    build() {
      const g = new GraphBuilder('window_mask_test');
      const q = g.input('q', 'float32', ['Tq']);
      const keyPositions = g.input('key_positions', 'int64', ['Tk']);
      const past = g.input('past', 'int64', []);
      const prefixLength = g.input('prefix_length', 'int64', [1]);
      const allowed = emitAllowedMask(g, { queries: q, queryAxis: 0, keys: keyPositions, keyAxis: 0, prefixLength });
      const windowed = emitSlidingWindow(g, allowed, past, keyPositions, size);
      g.output(g.op('Cast', [windowed], { to: attr.int(1) }), 'mask', 'float32', ['Tq', 'Tk']);
      return g.toModelBytes();
    },
  });
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 6 }),
      async (tk, tqRaw, size) => {
        const tq = Math.min(tqRaw, tk);
        const result = await runtime.run(windowGraph(size), {
          q: { type: 'float32', data: new Float32Array(tq), dims: [tq] },
          key_positions: { type: 'int64', data: [...Array(tk).keys()], dims: [tk] },
          past: { type: 'int64', data: [tk - tq], dims: [] },
          prefix_length: { type: 'int64', data: [0], dims: [1] },
        });
        const expected = attentionMask({ prefixLength: 0, window: size }, tq, tk);
        assert.equal(maxAbsDiff(result.outputs.mask!.data, expected.data), 0);
      },
    ),
    { numRuns: 30 },
  );
});
