import assert from 'node:assert/strict';
import { test } from 'node:test';
import { glmPositions } from '../../../kernels/ops/rope/glm-positions.ts';
import { float16InvFreq, float32InvFreq, roundToFloat16 } from '../../../kernels/ops/rope/inv-freq.ts';
import {
  dynamicNtkInvFreq,
  linearScaledInvFreq,
  llama3InvFreq,
  ntkAwareInvFreq,
  qwenDynamicInvFreq,
  qwenLogNScale,
  qwenNtkAlpha,
} from '../../../kernels/ops/rope/scaling.ts';
import { assertClose, fc } from './kernel-harness.ts';

const dimArb = fc.integer({ min: 2, max: 128 }).map((n) => 2 * Math.ceil(n / 2));
const baseArb = fc.constantFrom(10000, 500000, 1e6, 1234.5);

// The exponent 2k/dim is itself rounded to float32 (relative error ≤ 2^-24), which moves
// base^(2k/dim) by up to ln(base)·2^-24 relative; the power and the division add an ulp each.
test('float32 inv_freq: exactly float32, within float32 rounding of 1/base^(2k/dim), starts at 1', () => {
  fc.assert(
    fc.property(dimArb, baseArb, (dim, base) => {
      const invFreq = float32InvFreq(dim, base);
      assert.equal(invFreq.length, dim / 2);
      assert.equal(invFreq[0], 1);
      invFreq.forEach((inv, k) => {
        assert.equal(Math.fround(inv), inv);
        const exact = 1 / base ** ((2 * k) / dim);
        const bound = (Math.log(base) + 2) * 2 ** -24 * exact;
        assert.ok(Math.abs(inv - exact) <= bound, `k=${k}: ${inv} vs ${exact}`);
        if (k > 0) assert.ok(inv < invFreq[k - 1]!);
      });
    }),
  );
});

test('ChatGLM-6B fp16 inv_freq for dim 64 matches docs/checkpoint-formats.md §5.5', () => {
  const fp16 = float16InvFreq(64, 10000);
  const fp32 = float32InvFreq(64, 10000);
  assert.equal(fp16.length, 32);
  assertClose(fp16.slice(0, 5), [1, 0.75, 0.5625, 0.42163086, 0.31616211], 'fp16', 1e-8);
  assertClose(fp32.slice(0, 5), [1, 0.7498942, 0.5623413, 0.4216965, 0.3162278], 'fp32', 1e-7);
  // the rounding is at most half an fp16 ulp: relative error ≤ 2^-11 ≈ 4.9e-4
  fp16.forEach((v, k) => assert.ok(Math.abs(v - fp32[k]!) <= fp32[k]! * 2 ** -11, `k=${k}`));
});

test('roundToFloat16: known values, ties to even, subnormals, overflow', () => {
  assert.equal(roundToFloat16(1 / 3), 0.333251953125);
  assert.equal(roundToFloat16(65504), 65504);
  assert.equal(roundToFloat16(65520), Infinity);
  assert.equal(roundToFloat16(-2.5), -2.5);
  assert.equal(roundToFloat16(1 + 2 ** -11), 1); // tie → even mantissa
  assert.equal(roundToFloat16(1 + 3 * 2 ** -11), 1 + 2 ** -9); // tie → even mantissa (up)
  assert.equal(roundToFloat16(1e-7), 2 * 2 ** -24); // subnormal step 2^-24
  assert.equal(roundToFloat16(2 ** -26), 0);
});

test('roundToFloat16 returns the nearest value with 11 significant bits', () => {
  fc.assert(
    fc.property(fc.double({ min: 2 ** -14, max: 60000, noNaN: true }), (x) => {
      const r = roundToFloat16(x);
      const ulp = 2 ** (Math.floor(Math.log2(r)) - 10);
      assert.ok(Number.isInteger(r / ulp), `${r} has more than 11 significant bits`);
      assert.ok(Math.abs(r - x) <= ulp / 2 + 1e-300, `${x} → ${r}`);
      assert.equal(roundToFloat16(r), r);
    }),
  );
});

test('linear scaling divides every frequency by the factor', () => {
  const invFreq = float32InvFreq(64, 10000);
  const scaled = linearScaledInvFreq(invFreq, 4);
  scaled.forEach((v, k) => assertClose([v], [invFreq[k]! / 4], `k=${k}`, 1e-12));
});

test('NTK-aware: the fastest pair is kept, the slowest is slowed by exactly α', () => {
  fc.assert(
    fc.property(dimArb.filter((d) => d >= 4), fc.double({ min: 1, max: 64, noNaN: true }), (dim, alpha) => {
      const plain = float32InvFreq(dim, 10000);
      const ntk = ntkAwareInvFreq(dim, 10000, alpha);
      const last = dim / 2 - 1;
      assert.equal(ntk[0], 1);
      assert.ok(Math.abs(ntk[last]! - plain[last]! / alpha) <= 1e-6 * ntk[last]!);
    }),
  );
});

test('HF dynamic NTK: unchanged up to max_position_embeddings, then the slowest pair slows by factor·T/max − (factor−1)', () => {
  fc.assert(
    fc.property(dimArb.filter((d) => d >= 4), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 20000 }), (dim, factor, T) => {
      const max = 4096;
      const plain = float32InvFreq(dim, 10000);
      const dynamic = dynamicNtkInvFreq(dim, 10000, factor, T, max);
      if (T <= max) return assert.deepEqual(dynamic, plain);
      const last = dim / 2 - 1;
      const stretch = (factor * T) / max - (factor - 1);
      assert.ok(Math.abs(dynamic[last]! - plain[last]! / stretch) <= 1e-6 * dynamic[last]!);
      return undefined;
    }),
  );
});

test('llama3 scaling (Llama-3.2-1B config): short waves kept, long waves ÷ factor, medium blended', () => {
  const scaling = { factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8192 };
  const plain = float32InvFreq(64, 500000);
  const scaled = llama3InvFreq(plain, scaling);
  const counts = { short: 0, medium: 0, long: 0 };
  plain.forEach((inv, k) => {
    const wavelen = (2 * Math.PI) / inv;
    const out = scaled[k]!;
    if (wavelen < 8192 / 4) {
      counts.short++;
      assert.equal(out, inv);
    } else if (wavelen > 8192 / 1) {
      counts.long++;
      assertClose([out], [inv / 32], `long k=${k}`, 1e-6 * inv);
    } else {
      counts.medium++;
      const s = (8192 / wavelen - 1) / (4 - 1);
      assertClose([out], [(1 - s) * (inv / 32) + s * inv], `medium k=${k}`, 1e-6 * inv);
      assert.ok(out > inv / 32 && out <= inv);
    }
    if (k > 0) assert.ok(out <= scaled[k - 1]!, 'non-increasing');
  });
  assert.ok(counts.short > 0 && counts.medium > 0 && counts.long > 0, JSON.stringify(counts));
});

test("Qwen dynamic NTK α: 1 up to seq_length, 3 up to 2×, 7 up to 4×, 15 up to 8×", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8192 }), fc.integer({ min: 1, max: 100000 }), (seq, L) => {
      const alpha = qwenNtkAlpha(L, seq);
      const expected = L <= seq ? 1 : L <= 2 * seq ? 3 : L <= 4 * seq ? 7 : L <= 8 * seq ? 15 : undefined;
      if (expected !== undefined) assert.equal(alpha, expected, `L=${L} seq=${seq}`);
      assert.ok(Number.isInteger(Math.log2(alpha + 1)), `α=${alpha} is not 2^k − 1`);
      assert.ok(qwenNtkAlpha(L + 1, seq) >= alpha);
    }),
  );
  assert.equal(qwenNtkAlpha(8192, 8192), 1);
  assert.equal(qwenNtkAlpha(8193, 8192), 3);
});

test('Qwen dynamic inv_freq: unchanged for L ≤ seq_length, else the slowest pair slows by α', () => {
  assert.deepEqual(qwenDynamicInvFreq(128, 10000, 2048, 2048), float32InvFreq(128, 10000));
  const scaled = qwenDynamicInvFreq(128, 10000, 5000, 2048); // α = 7
  assert.equal(scaled[0], 1);
  assertClose([scaled[63]!], [float32InvFreq(128, 10000)[63]! / 7], 'slowest', 1e-10);
});

test("Qwen logN scale: 1 while p+1 ≤ seq_length, then log(p+1)/log(seq_length), increasing", () => {
  const positions = Array.from({ length: 40 }, (_, p) => p);
  const scale = qwenLogNScale(positions, 16);
  positions.forEach((p) => {
    if (p + 1 <= 16) assert.equal(scale[p], 1);
    else {
      assertClose([scale[p]!], [Math.log(p + 1) / Math.log(16)], `p=${p}`, 1e-6);
      assert.ok(scale[p]! > scale[p - 1]!);
    }
  });
});

const ids = { gmask: 130001, mask: 130000 };
const SOP = 130004;

test('ChatGLM-6B positions: the [a,b,c,d,e,gMASK,<sop>,x,y] example of docs/checkpoint-formats.md §8.3', () => {
  const [a, b, c, d, e, x, y] = [5, 6, 7, 8, 9, 10, 11];
  const result = glmPositions([a, b, c, d, e, ids.gmask, SOP, x, y], SOP, ids);
  assert.deepEqual(result.positionIds, [0, 1, 2, 3, 4, 5, 5, 5, 5]);
  assert.deepEqual(result.blockPositionIds, [0, 0, 0, 0, 0, 0, 1, 2, 3]);
  assert.equal(result.ctx, 6);
});

test('ChatGLM-6B positions: gMASK is preferred over MASK; MASK is used when alone', () => {
  const both = glmPositions([1, ids.mask, 2, ids.gmask, SOP, 3], SOP, ids);
  assert.deepEqual(both.positionIds, [0, 1, 2, 3, 3, 3]);
  const maskOnly = glmPositions([1, ids.mask, 2, SOP, 3], SOP, ids);
  assert.deepEqual(maskOnly.positionIds, [0, 1, 2, 1, 1]);
  assert.deepEqual(maskOnly.blockPositionIds, [0, 0, 0, 1, 2]);
});

test('ChatGLM-6B positions: a missing <sop> or mask token is an error, as in the official code', () => {
  assert.throws(() => glmPositions([1, 2, ids.gmask], SOP, ids), /<sop>/);
  assert.throws(() => glmPositions([1, 2, SOP, 3], SOP, ids), /gMASK/);
});

test('ChatGLM-6B positions: context positions count up, block positions count from <sop>', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 12 }), (prompt, generated) => {
      const input = [...prompt, ids.gmask, SOP, ...generated];
      const { positionIds, blockPositionIds, ctx } = glmPositions(input, SOP, ids);
      assert.equal(ctx, prompt.length + 1);
      assert.deepEqual(positionIds.slice(0, ctx), Array.from({ length: ctx }, (_, i) => i));
      assert.ok(positionIds.slice(ctx).every((p) => p === prompt.length));
      assert.deepEqual(blockPositionIds, input.map((_, i) => (i < ctx ? 0 : i - ctx + 1)));
    }),
  );
});
