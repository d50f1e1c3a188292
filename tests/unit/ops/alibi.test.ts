import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphBuilder } from '../../../kernels/onnx/graph-builder.ts';
import { alibiBiasGraph, emitAlibiBias } from '../../../kernels/ops/alibi/graph.ts';
import { alibiBias, alibiBiasTraining } from '../../../kernels/ops/alibi/reference.ts';
import { alibiSlopes } from '../../../kernels/ops/alibi/slopes.ts';
import { normals } from '../../../kernels/random.ts';
import { assertClose, checkProperty, fc, int64Feed, runOutput, seedArb, seededRandom } from './kernel-harness.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const assertRelClose = (actual: readonly number[], expected: readonly number[], what: string) => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]!) <= 1e-14 * expected[i]!, `${what}[${i}]: ${a} vs ${expected[i]}`));
};

test('ALiBi slopes for 8 heads: 2^-1 … 2^-8', () => {
  assertRelClose(alibiSlopes(8), range(8).map((i) => 2 ** -(i + 1)), 'n=8');
});

test('ALiBi slopes for 12 heads: the 8-head series, then 2^-1/2, 2^-3/2, 2^-5/2, 2^-7/2', () => {
  const expected = [...range(8).map((i) => 2 ** -(i + 1)), ...[1, 3, 5, 7].map((k) => 2 ** (-k / 2))];
  assertRelClose(alibiSlopes(12), expected, 'n=12');
});

test('ALiBi slopes for 40 heads (Baichuan-13B): 2^(−(i+1)/4) for i < 32, then 2^(−(2k+1)/8) for k < 8', () => {
  const expected = [...range(32).map((i) => 2 ** (-(i + 1) / 4)), ...range(8).map((k) => 2 ** (-(2 * k + 1) / 8))];
  assertRelClose(alibiSlopes(40), expected, 'n=40');
});

test('ALiBi slopes for any n: closed form, and the extra heads fill the gaps of the first series', () => {
  for (let n = 1; n <= 200; n++) {
    const slopes = alibiSlopes(n);
    const c = 2 ** Math.floor(Math.log2(n)); // largest power of two ≤ n
    const head = range(c).map((i) => 2 ** ((-8 * (i + 1)) / c));
    const tail = range(n - c).map((k) => 2 ** ((-4 * (2 * k + 1)) / c));
    assertRelClose(slopes, [...head, ...tail], `n=${n}`);
    assert.ok(slopes.every((m) => m > 0 && m < 1), `n=${n}: slopes in (0, 1)`);
    assert.equal(new Set(slopes).size, n, `n=${n}: distinct`);
    tail.forEach((m, k) => {
      const above = k === 0 ? 1 : head[k - 1]!;
      assert.ok(m < above && m > head[k]!, `n=${n}: extra slope ${k} lies between first-series slopes ${k - 1} and ${k}`);
    });
  }
});

test('ALiBi bias graph matches m_h · j', async () => {
  const caseArb = fc.record({ heads: fc.integer({ min: 1, max: 40 }), Tq: fc.integer({ min: 1, max: 16 }), extraKeys: fc.integer({ min: 0, max: 8 }) });
  await checkProperty(caseArb, async ({ heads, Tq, extraKeys }) => {
    const Tk = Tq + extraKeys;
    const y = await runOutput(alibiBiasGraph({ heads }), { query_positions: int64Feed(range(Tq)), key_positions: int64Feed(range(Tk)) });
    assert.deepEqual(y.shape, [heads, Tq, Tk]);
    assertClose(y.data, alibiBias(alibiSlopes(heads), Tq, Tk).data, `alibi heads=${heads} Tq=${Tq} Tk=${Tk}`);
  }, 20);
});

test('without query positions the bias is one [heads, 1, Tk] row that broadcasts over queries', async () => {
  const heads = 12;
  const graph = {
    key: 'test:alibi-row',
    build() {
      const g = new GraphBuilder('alibi-row');
      const keys = g.input('key_positions', 'int64', ['Tk']);
      g.output(emitAlibiBias(g, alibiSlopes(heads), keys), 'y', 'float32', [heads, 1, 'Tk']);
      return g.toModelBytes();
    },
  };
  const y = await runOutput(graph, { key_positions: int64Feed(range(7)) });
  assert.deepEqual(y.shape, [heads, 1, 7]);
  assertClose(y.data, alibiBias(alibiSlopes(heads), 1, 7).data, 'alibi row');
});

test('softmax is the same with the m·j inference bias and the −m·(i−j) training bias (causal rows)', () => {
  fc.assert(
    fc.property(seedArb, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 16 }), (seed, heads, T) => {
      const scores = normals(seededRandom(seed), heads * T * T, 3);
      const slopes = alibiSlopes(heads);
      const inference = alibiBias(slopes, T, T).data;
      const training = alibiBiasTraining(slopes, T).data;
      const causalSoftmax = (bias: Float64Array, row: number, i: number) => {
        const logits = range(i + 1).map((j) => scores[row * T + j]! + bias[row * T + j]!);
        const max = Math.max(...logits);
        const exps = logits.map((l) => Math.exp(l - max));
        const total = exps.reduce((a, b) => a + b, 0);
        return exps.map((e) => e / total);
      };
      for (let h = 0; h < heads; h++) {
        for (let i = 0; i < T; i++) {
          const row = h * T + i;
          assertClose(causalSoftmax(inference, row, i), causalSoftmax(training, row, i), `h=${h} i=${i}`, 1e-12);
        }
      }
    }),
    { numRuns: 50 },
  );
});
