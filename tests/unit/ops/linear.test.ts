import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embeddingGraph, linearGraph, outputHeadGraph } from '../../../kernels/ops/linear/graph.ts';
import { embedding, linear, normHeadLogits } from '../../../kernels/ops/linear/reference.ts';
import { tensor } from '../../../kernels/tensor.ts';
import {
  assertClose,
  checkProperty,
  fc,
  floatFeed,
  int64Feed,
  randomTensor,
  runOutput,
  seedArb,
  seededRandom,
} from './kernel-harness.ts';

const dimArb = fc.integer({ min: 1, max: 32 });
const caseArb = fc.record({ seed: seedArb, T: fc.integer({ min: 1, max: 16 }), inF: dimArb, outF: dimArb });

for (const bias of [false, true]) {
  test(`linear graph (bias=${bias}) matches x Wᵀ + b with W in [out, in] layout`, async () => {
    await checkProperty(caseArb, async ({ seed, T, inF, outF }) => {
      const random = seededRandom(seed);
      const x = randomTensor<['T', 'in']>(random, [T, inF]);
      const W = randomTensor<['out', 'in']>(random, [outF, inF], 1 / Math.sqrt(inF));
      const b = randomTensor<['out']>(random, [outF]);
      const feeds = { x: floatFeed(x), weight: floatFeed(W), ...(bias ? { bias: floatFeed(b) } : {}) };
      const y = await runOutput(linearGraph({ bias }), feeds);
      assert.deepEqual(y.shape, [T, outF]);
      assertClose(y.data, linear(x, W, bias ? b : undefined).data, `linear T=${T} in=${inF} out=${outF}`);
    });
  });
}

test('embedding graph returns exactly the table rows of the ids', async () => {
  const embArb = fc.record({ seed: seedArb, V: dimArb, H: dimArb, T: fc.integer({ min: 1, max: 16 }) });
  await checkProperty(embArb, async ({ seed, V, H, T }) => {
    const random = seededRandom(seed);
    const table = randomTensor<['V', 'H']>(random, [V, H]);
    const ids = Array.from({ length: T }, () => Math.floor(random() * V));
    const y = await runOutput(embeddingGraph(), { table: floatFeed(table), ids: int64Feed(ids) });
    assert.deepEqual(Array.from(y.data), Array.from(embedding(table, ids).data));
  });
});

for (const kind of ['untied', 'tied'] as const) {
  test(`${kind} output head graph gives logits x · Wᵀ`, async () => {
    await checkProperty(caseArb, async ({ seed, T, inF: H, outF: V }) => {
      const random = seededRandom(seed);
      const x = randomTensor<['T', 'H']>(random, [T, H]);
      const W = randomTensor<['V', 'H']>(random, [V, H], 1 / Math.sqrt(H));
      const y = await runOutput(outputHeadGraph({ kind }), { x: floatFeed(x), weight: floatFeed(W) });
      assertClose(y.data, linear(x, W).data, `${kind} T=${T} H=${H} V=${V}`);
    }, 20);
  });
}

test('Baichuan2 NormHead graph matches x · normalize(W)ᵀ on the stored, un-normalised weight', async () => {
  await checkProperty(caseArb, async ({ seed, T, inF: H, outF: V }) => {
    const random = seededRandom(seed);
    const x = randomTensor<['T', 'H']>(random, [T, H]);
    const W = randomTensor<['V', 'H']>(random, [V, H], 5); // rows far from unit length
    const y = await runOutput(outputHeadGraph({ kind: 'norm-head' }), { x: floatFeed(x), weight: floatFeed(W) });
    assertClose(y.data, normHeadLogits(x, W).data, `norm-head T=${T} H=${H} V=${V}`);
  });
});

test('NormHead: scaling a row of the stored weight does not change logits; a zero row gives 0, not NaN', async () => {
  await checkProperty(caseArb.filter(({ outF }) => outF >= 2), async ({ seed, T, inF: H, outF: V }) => {
    const random = seededRandom(seed);
    const x = randomTensor<['T', 'H']>(random, [T, H]);
    const W = randomTensor<['V', 'H']>(random, [V, H]);
    const scaled = tensor<['V', 'H']>(W.data.map((w, i) => (Math.floor(i / H) === 0 ? w * 8 : Math.floor(i / H) === 1 ? 0 : w)), [V, H]);
    const run = (weight: typeof W) => runOutput(outputHeadGraph({ kind: 'norm-head' }), { x: floatFeed(x), weight: floatFeed(weight) });
    const [plain, changed] = [await run(W), await run(scaled)];
    for (let t = 0; t < T; t++) {
      assertClose([changed.data[t * V]!], [plain.data[t * V]!], `row 0 scaled, t=${t}`);
      assert.equal(changed.data[t * V + 1], 0, `zero row, t=${t}`);
    }
  }, 20);
});
