// The FlashAttention widget's computation (kernels/demos/flash-attention-demo.ts): plain and tiled
// attention on ORT's WASM backend against the float64 references, the two outputs equal to float32
// rounding, the traced row's m and ℓ, and the demo's limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLASH_DEMO, referenceFlashDemo, runFlashDemo, type FlashRequest } from '../../kernels/demos/flash-attention-demo.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';

const runtime = nodeRuntime();

const REQUESTS: readonly FlashRequest[] = [
  { N: 16, Bc: 4, d: 8, causal: true, seed: 1, row: 15 },
  { N: 16, Bc: 4, d: 8, causal: true, seed: 1, row: 5 },
  { N: 13, Bc: 5, d: 4, causal: false, seed: 42, row: 0 },
  { N: FLASH_DEMO.maxN, Bc: 1, d: FLASH_DEMO.maxD, causal: true, seed: 7, row: 40 },
  { N: FLASH_DEMO.minN, Bc: FLASH_DEMO.minN, d: FLASH_DEMO.minD, causal: false, seed: 0, row: 3 },
];

for (const request of REQUESTS) {
  const { N, Bc, d, causal, row } = request;
  test(`N ${N}, Bc ${Bc}, d ${d}, ${causal ? 'causal' : 'no mask'}, row ${row}: both graphs equal the float64 references`, async () => {
    const run = await runFlashDemo(runtime, request);
    const reference = referenceFlashDemo(request);
    assert.ok(maxAbsDiff(run.plain, reference.plain) < 1e-5, 'plain');
    assert.ok(maxAbsDiff(run.tiled, reference.tiled) < 1e-5, 'tiled');
    assert.ok(run.maxDiff < 1e-5, `plain and tiled differ by ${run.maxDiff}`);
    assert.ok(reference.maxDiff < 1e-12, `float64: ${reference.maxDiff}`);
    assert.equal(run.m.length, reference.m.length);
    assert.ok(maxAbsDiff(run.m, reference.m) < 1e-5, 'm');
    assert.ok(maxAbsDiff(run.ell, reference.ell) < 1e-4, 'ℓ');
    assert.deepEqual(run.counts, reference.counts);
    assert.equal(run.backend, 'wasm');
  });
}

test('a causal row reads only the blocks up to its own; m never falls and ℓ ≥ 1 after each block', () => {
  const early = referenceFlashDemo({ N: 16, Bc: 4, d: 8, causal: true, seed: 3, row: 5 });
  assert.equal(early.m.length, 2);
  const full = referenceFlashDemo({ N: 16, Bc: 4, d: 8, causal: false, seed: 3, row: 5 });
  assert.equal(full.m.length, 4);
  for (let j = 1; j < full.m.length; j++) assert.ok(full.m[j]! >= full.m[j - 1]!);
  for (const ell of full.ell) assert.ok(ell >= 1, `ℓ = ${ell}`);
});

test('the same seed gives the same inputs; requests outside the limits are refused', async () => {
  const request = { N: 8, Bc: 3, d: 4, causal: false, seed: 11, row: 2 };
  assert.deepEqual(referenceFlashDemo(request).plain, referenceFlashDemo(request).plain);
  assert.notDeepEqual(referenceFlashDemo(request).plain, referenceFlashDemo({ ...request, seed: 12 }).plain);
  await assert.rejects(runFlashDemo(runtime, { ...request, N: 65 }), /N = 65/);
  assert.throws(() => referenceFlashDemo({ ...request, Bc: 9 }), /Bc = 9/);
  assert.throws(() => referenceFlashDemo({ ...request, row: 8 }), /row 8/);
  assert.throws(() => referenceFlashDemo({ ...request, d: 2 }), /d = 2/);
});
