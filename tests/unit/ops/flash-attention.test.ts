// FlashAttention's tiled graph (kernels/ops/flash-attention/graph.ts) against its float64 reference
// on ORT's WASM backend; the float64 tiled reference against plain attention (the same math); the
// article's worked example of the online softmax; and the tile counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClose, floatFeed, int64Feed, randomTensor, runGraph, seededRandom } from './kernel-harness.ts';
import { attentionReference } from '../../../kernels/ops/attention/reference.ts';
import { flashAttentionGraph } from '../../../kernels/ops/flash-attention/graph.ts';
import { flashAttentionReference } from '../../../kernels/ops/flash-attention/reference.ts';
import { blocksRead, tileCounts, tileSkipped } from '../../../kernels/ops/flash-attention/tiles.ts';
import { attentionMask } from '../../../kernels/ops/mask/reference.ts';
import { maxAbsDiff, tensor, type Tensor } from '../../../kernels/tensor.ts';

type Case = { readonly N: number; readonly Bc: number; readonly d: number; readonly causal: boolean };

const CASES: readonly Case[] = [
  { N: 8, Bc: 4, d: 4, causal: false },
  { N: 8, Bc: 4, d: 4, causal: true },
  { N: 10, Bc: 3, d: 8, causal: false },
  { N: 10, Bc: 3, d: 8, causal: true },
  { N: 7, Bc: 1, d: 4, causal: false },
  { N: 7, Bc: 1, d: 4, causal: true },
  { N: 9, Bc: 9, d: 16, causal: false },
  { N: 9, Bc: 9, d: 16, causal: true },
  { N: 33, Bc: 8, d: 6, causal: true },
];

function inputs({ N, d }: Case, seed: number): { q: Tensor<['Tq', 'd']>; k: Tensor<['Tk', 'd']>; v: Tensor<['Tk', 'd']> } {
  const random = seededRandom(seed);
  return { q: randomTensor<['Tq', 'd']>(random, [N, d]), k: randomTensor<['Tk', 'd']>(random, [N, d]), v: randomTensor<['Tk', 'd']>(random, [N, d]) };
}

function plainReference(c: Case, q: Tensor, k: Tensor, v: Tensor): Float64Array {
  const { N, d, causal } = c;
  return attentionReference({
    q: tensor<['heads', 'Tq', 'd']>(q.data, [1, N, d]),
    k: tensor<['kvHeads', 'Tk', 'd']>(k.data, [1, N, d]),
    v: tensor<['kvHeads', 'Tk', 'd']>(v.data, [1, N, d]),
    mask: attentionMask({ prefixLength: causal ? 0 : N }, N, N),
  }).out.data;
}

const label = ({ N, Bc, d, causal }: Case) => `N ${N}, Bc ${Bc}, d ${d}, ${causal ? 'causal' : 'no mask'}`;

for (const c of CASES) {
  test(`tiled graph equals the float64 tiled reference and plain attention (${label(c)})`, async () => {
    const { q, k, v } = inputs(c, c.N * 100 + c.Bc);
    const reference = flashAttentionReference({ q, k, v, Bc: c.Bc, causal: c.causal });
    const Tc = Math.ceil(c.N / c.Bc);
    for (const row of [0, c.N - 1, Math.floor(c.N / 2)]) {
      const outputs = await runGraph(flashAttentionGraph(c), { q: floatFeed(q), k: floatFeed(k), v: floatFeed(v), row: int64Feed([row]) });
      assertClose(outputs['out']!.data, reference.out.data, `out (${label(c)})`);
      assertClose(outputs['out']!.data, plainReference(c, q, k, v), `out against plain attention (${label(c)})`);
      const column = (trace: Float64Array) => Array.from({ length: Tc }, (_, j) => trace[j * c.N + row]!);
      assert.equal(outputs['m_trace']!.data.length, Tc);
      assertClose(outputs['m_trace']!.data, column(reference.trace.m), `m after each block, row ${row}`);
      assertClose(outputs['ell_trace']!.data, column(reference.trace.ell), `ℓ after each block, row ${row}`, 1e-4 * c.N);
    }
  });
}

test('the float64 tiled reference equals float64 plain attention to rounding, for every block size', () => {
  for (const causal of [false, true]) {
    for (const N of [1, 5, 12]) {
      const c = { N, Bc: 1, d: 3, causal };
      const { q, k, v } = inputs(c, 7 + N);
      const plain = plainReference(c, q, k, v);
      for (let Bc = 1; Bc <= N; Bc++) {
        const diff = maxAbsDiff(flashAttentionReference({ q, k, v, Bc, causal }).out.data, plain);
        assert.ok(diff < 1e-12, `N ${N}, Bc ${Bc}, causal ${causal}: ${diff}`);
      }
    }
  }
});

test('the article’s worked example: scores 2, 1, 3, 0, values 1, 2, 3, 4, two blocks of two keys', () => {
  // d = 1 and scale 1: q = 1 makes each key's score its own value.
  const q = tensor<['Tq', 'd']>([1], [1, 1]);
  const k = tensor<['Tk', 'd']>([2, 1, 3, 0], [4, 1]);
  const v = tensor<['Tk', 'd']>([1, 2, 3, 4], [4, 1]);
  const { out, trace } = flashAttentionReference({ q, k, v, Bc: 2, causal: false, scale: 1 });
  const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 5e-5, `${what}: ${actual} vs ${expected}`);
  assert.deepEqual([...trace.m], [2, 3]);
  near(trace.ell[0]!, 1.3679, 'ℓ₁');
  near(trace.o[0]!, 1.7358, 'o₁');
  near(trace.ell[1]!, 1.553, 'ℓ₂');
  near(trace.o[1]!, 3.8377, 'o₂');
  near(out.data[0]!, 2.4711, 'output');
});

test('tile counts: plain holds N·N scores, a tile Br·Bc; causal skips the tiles above the diagonal', () => {
  assert.deepEqual(tileCounts({ N: 16, Bc: 4, causal: false }), {
    Br: 4, Bc: 4, Tr: 4, Tc: 4, tiles: 16, skipped: 0, plainHeld: 256, tileHeld: 16, plainComputed: 256, tiledComputed: 256,
  });
  const causal = tileCounts({ N: 16, Bc: 4, causal: true });
  assert.equal(causal.skipped, 6);
  assert.equal(causal.tiledComputed, 10 * 16);
  // N not divisible by Bc: 10 = 4 + 4 + 2; the short tiles hold fewer scores.
  const ragged = tileCounts({ N: 10, Bc: 4, causal: true });
  assert.deepEqual([ragged.Tr, ragged.Tc, ragged.skipped], [3, 3, 3]);
  assert.equal(ragged.tiledComputed, 16 + 16 + 16 + 8 + 8 + 4);
  assert.equal(tileCounts({ N: 5, Bc: 1, causal: true }).skipped, 10);
  assert.equal(tileCounts({ N: 5, Bc: 5, causal: true }).skipped, 0);
  assert.ok(!tileSkipped({ N: 10, Bc: 4, causal: true }, 2, 2));
  assert.deepEqual([0, 3, 4, 9].map((row) => blocksRead({ N: 10, Bc: 4, causal: true }, row)), [1, 1, 2, 3]);
  assert.deepEqual([0, 9].map((row) => blocksRead({ N: 10, Bc: 4, causal: false }, row)), [3, 3]);
});
