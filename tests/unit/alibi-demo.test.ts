import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alibiDemoReference, attentionBeyond, runAlibiDemo, unseenRopeAngles, unseenRopePairs, type AlibiDemoRequest } from '../../kernels/demos/alibi-demo.ts';
import { float32InvFreq } from '../../kernels/ops/rope/inv-freq.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';

const runtime = nodeRuntime();

const CASES: readonly AlibiDemoRequest[] = [
  { heads: 8, length: 16, trainLength: 8, qk: 1 },
  { heads: 40, length: 48, trainLength: 16, qk: -0.5 },
  { heads: 12, length: 2, trainLength: 4, qk: 3 },
  { heads: 1, length: 128, trainLength: 64, qk: 0 },
];

test('the graphs equal the float64 reference: slopes, bias, last-query attention, RoPE score', async () => {
  for (const request of CASES) {
    const graph = await runAlibiDemo(runtime, request);
    const reference = alibiDemoReference(request);
    const what = JSON.stringify(request);
    assert.deepEqual(graph.slopes, reference.slopes, `${what}: slopes`);
    assert.equal(graph.bias.length, request.heads * request.length ** 2);
    assert.ok(maxAbsDiff(graph.bias, reference.bias) <= 1e-4 * request.length, `${what}: bias`);
    assert.ok(maxAbsDiff(graph.lastRow, reference.lastRow) <= 1e-5, `${what}: last row ${maxAbsDiff(graph.lastRow, reference.lastRow)}`);
    assert.ok(maxAbsDiff(graph.ropeScore, reference.ropeScore) <= 1e-4 * Math.max(1, Math.abs(request.qk)), `${what}: rope`);
    assert.equal(graph.unseenPairs, reference.unseenPairs);
    assert.deepEqual(graph.unseenAngles, reference.unseenAngles);
  }
});

test('Baichuan-13B’s 40 slopes: 2^(−(i+1)/4) for 32 heads, then 2^(−(2k+1)/8)', () => {
  const { slopes } = alibiDemoReference({ heads: 40, length: 4, trainLength: 4, qk: 0 });
  const expected = [...Array.from({ length: 32 }, (_, i) => 2 ** (-(i + 1) / 4)), ...Array.from({ length: 8 }, (_, k) => 2 ** (-(2 * k + 1) / 8))];
  slopes.forEach((m, i) => assert.equal(m, Math.fround(expected[i]!), `head ${i}`));
});

test('ALiBi attention decays with distance and stays local past the training length', () => {
  const { lastRow } = alibiDemoReference({ heads: 8, length: 64, trainLength: 16, qk: 1 });
  const head0 = Array.from(lastRow.subarray(0, 64)); // m = 1/2
  for (let j = 1; j < 64; j++) assert.ok(head0[j]! > head0[j - 1]!, 'closer keys get more attention');
  const far = head0.slice(0, 64 - 16).reduce((a, b) => a + b, 0);
  assert.ok(far < 1e-3, `keys farther than the training length get ${far}`);
});

test('RoPE: slow pairs see new angles past the training length, fast ones never do; s(0) = q·k', () => {
  const invFreq = float32InvFreq(64, 10_000);
  for (const [L, T] of [[4, 40], [16, 128], [64, 128], [16, 16]] as const) {
    const unseen = unseenRopeAngles(invFreq, L, T);
    invFreq.forEach((theta, k) => {
      for (let d = 0; d < T; d++) {
        // Seen in training: some distance e < L with e·θ ≡ d·θ (mod 2π) up to the angle range reached.
        const turned = (L - 1) * theta >= 2 * Math.PI;
        const angle = (d * theta) % (2 * Math.PI);
        const expected = d >= L && !turned && angle > (L - 1) * theta ? 1 : 0;
        assert.equal(unseen[k * T + d], expected, `L=${L} pair ${k} distance ${d}`);
      }
    });
    const pairs = unseenRopePairs(unseen, T);
    assert.equal(pairs, T > L ? Array.from(invFreq).filter((theta) => (L - 1) * theta < 2 * Math.PI && L * theta < 2 * Math.PI).length : 0);
  }
  // With L = 16, pairs 0..3 (θ ≥ 10000^(−3/32) ≈ 0.42) turn fully within 15 tokens.
  assert.equal(unseenRopePairs(unseenRopeAngles(invFreq, 16, 17), 17), 28);
  const { ropeScore } = alibiDemoReference({ heads: 1, length: 8, trainLength: 4, qk: 2 });
  assert.ok(Math.abs(ropeScore[0]! - 2) < 1e-6);
});

test('requests outside the limits are refused with a message', async () => {
  await assert.rejects(runAlibiDemo(runtime, { heads: 0, length: 4, trainLength: 4, qk: 0 }), /heads/);
  assert.throws(() => alibiDemoReference({ heads: 4, length: 1000, trainLength: 4, qk: 0 }), /length/);
});

test('attention beyond the training length sums the keys at distance ≥ L_train', () => {
  const request = { heads: 4, length: 20, trainLength: 8, qk: 0 };
  const { lastRow } = alibiDemoReference(request);
  for (let h = 0; h < 4; h++) {
    const row = Array.from(lastRow.subarray(h * 20, (h + 1) * 20));
    const expected = row.filter((_, j) => 19 - j >= 8).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(attentionBeyond(lastRow, 20, h, 8) - expected) < 1e-12);
  }
  assert.equal(attentionBeyond(lastRow, 20, 0, 20), 0);
});
