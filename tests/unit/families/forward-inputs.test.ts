// forwardInputs against the facts of docs/checkpoint-formats.md §5 and §8.3, computed here independently: the graph and
// the reference both read these inputs, so their agreement alone would not catch a mistake in them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectModel } from '../../../kernels/families/detect.ts';
import { forwardInputs } from '../../../kernels/families/forward/inputs.ts';
import * as configs from '../../../kernels/families/tiny/configs.ts';

const specOf = (config: Record<string, unknown>) => detectModel(config);

/** 1 / base^(2k/dim), k = 0 … dim/2 − 1, in float64. */
const plainInvFreq = (dim: number, base: number) => Array.from({ length: dim / 2 }, (_, k) => 1 / base ** ((2 * k) / dim));

function assertNear(actual: ArrayLike<number>, expected: readonly number[], relative: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) =>
    assert.ok(Math.abs(actual[i]! - e) <= relative * Math.abs(e), `${what}[${i}]: ${actual[i]} vs ${e}`),
  );
}

test('ChatGLM-6B: the §8.3 example, prefill and decode', () => {
  const spec = specOf(configs.chatglm6bConfig);
  if (spec.mask.kind !== 'glm-prefix') throw new Error('expected the glm-prefix mask');
  const { gmaskTokenId: G, bosTokenId: S } = spec.mask;
  const ids = [10, 11, 12, 13, 14, G, S, 20, 21]; // [a, b, c, d, e, gMASK, <sop>, x, y]
  const prefill = forwardInputs(spec, ids, 0);
  assert.deepEqual(prefill.glm, { positionIds: [0, 1, 2, 3, 4, 5, 5, 5, 5], blockPositionIds: [0, 0, 0, 0, 0, 0, 1, 2, 3] });
  assert.equal(prefill.prefixLength, 6);
  // decoding y after the other 8: the position stays at [gMASK], the block position counts on
  const decode = forwardInputs(spec, [21], 8, ids);
  assert.deepEqual(decode.glm, { positionIds: [5], blockPositionIds: [3] });
  assert.equal(decode.prefixLength, 6);
  assert.deepEqual(decode.positions, [8]);
  assert.throws(() => forwardInputs(spec, [21], 8, ids.slice(1)), /totalIds has 8 tokens, expected pastLength \+ T = 9/);
});

test('ChatGLM-6B: chunked calls give the same position rows as one call', () => {
  const spec = specOf(configs.chatglm6bConfig);
  if (spec.mask.kind !== 'glm-prefix') throw new Error('expected the glm-prefix mask');
  const { gmaskTokenId: G, bosTokenId: S } = spec.mask;
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 0, max: 12 }),
      (prompt, tail, cut) => {
        const ids = [
          ...Array.from({ length: prompt }, (_, i) => 30 + i),
          G,
          S,
          ...Array.from({ length: tail }, (_, i) => 60 + i),
        ];
        const split = prompt + 2 + (cut % tail); // the first call holds <sop>, the second at least one token
        const whole = forwardInputs(spec, ids, 0).glm!;
        const first = forwardInputs(spec, ids.slice(0, split), 0).glm!;
        const rest = forwardInputs(spec, ids.slice(split), split, ids).glm!;
        assert.deepEqual([...first.positionIds, ...rest.positionIds], whole.positionIds);
        assert.deepEqual([...first.blockPositionIds, ...rest.blockPositionIds], whole.blockPositionIds);
      },
    ),
  );
});

test('ChatGLM-6B: inv_freq is rounded to float16 (§5.5 values for a 128-dim head)', () => {
  const spec = specOf({ ...configs.chatglm6bConfig, hidden_size: 4096, num_attention_heads: 32 });
  if (spec.mask.kind !== 'glm-prefix') throw new Error('expected the glm-prefix mask');
  const { invFreq } = forwardInputs(spec, [1, spec.mask.gmaskTokenId, spec.mask.bosTokenId], 0);
  assertNear(invFreq!.slice(0, 5), [1, 0.75, 0.5625, 0.42163086, 0.31616211], 1e-7, 'inv_freq');
});

test('causal families: positions continue after the cache, no prefix', () => {
  for (const config of [configs.llamaConfig, configs.chatglm2Config, configs.baichuan7bConfig, configs.qwen2Config]) {
    const inputs = forwardInputs(specOf(config), [7, 8, 9], 5);
    assert.deepEqual(inputs.positions, [5, 6, 7]);
    assert.equal(inputs.prefixLength, 0);
    assert.equal(inputs.glm, undefined);
    assert.equal(inputs.queryScale, undefined);
  }
  // ChatGLM2 rotates the first half of each 16-dim head: 4 frequencies over 8 dims, float32 like the official code
  assertNear(forwardInputs(specOf(configs.chatglm2Config), [1], 0).invFreq!, plainInvFreq(8, 10000), 1e-7, 'chatglm2');
});

test('ALiBi families get no rotary frequencies', () => {
  const inputs = forwardInputs(specOf(configs.baichuan13bConfig), [1, 2], 0);
  assert.equal(inputs.invFreq, undefined);
  assert.deepEqual(inputs.positions, [0, 1]);
});

test('Qwen: log-n is 1 up to seq_length, log(p+1)/log(seq_length) after; NTK base from the length', () => {
  const spec = specOf(configs.qwenConfig); // seq_length 64, head dim 16
  const d = spec.headDim;
  const short = forwardInputs(
    spec,
    Array.from({ length: 64 }, () => 1),
    0,
  );
  assert.ok(short.queryScale!.every((s) => s === 1));
  assertNear(short.invFreq!, plainInvFreq(d, 10000), 1e-7, 'alpha 1 up to seq_length');

  const long = forwardInputs(
    spec,
    Array.from({ length: 72 }, () => 1),
    0,
  );
  for (let p = 64; p < 72; p++) assert.ok(Math.abs(long.queryScale![p]! - Math.log(p + 1) / Math.log(64)) < 1e-6, `logn at ${p}`);
  // 72 / 64 → log2 = 0.17, + 1, ceil → 2, alpha = 2² − 1 = 3
  assertNear(long.invFreq!, plainInvFreq(d, 10000 * 3 ** (d / (d - 2))), 1e-6, 'alpha 3 at 72 tokens');

  // with a cache, Qwen keeps the alpha of the call that started it (10 tokens: alpha 1)
  const decode = forwardInputs(spec, [1], 71, undefined, 10);
  assertNear(decode.invFreq!, plainInvFreq(d, 10000), 1e-7, 'decode keeps the prefill alpha');
  assert.ok(Math.abs(decode.queryScale![0]! - Math.log(72) / Math.log(64)) < 1e-6, 'decode logn at position 71');
});

test('LLaMA rope_scaling: linear divides, dynamic grows the base past max_position_embeddings', () => {
  const d = 16;
  const linear = forwardInputs(specOf({ ...configs.llamaConfig, rope_scaling: { type: 'linear', factor: 4 } }), [1], 0);
  assertNear(
    linear.invFreq!,
    plainInvFreq(d, 10000).map((f) => f / 4),
    1e-6,
    'linear',
  );

  const dynamic = specOf({ ...configs.llamaConfig, max_position_embeddings: 8, rope_scaling: { type: 'dynamic', factor: 2 } });
  assertNear(forwardInputs(dynamic, [1, 2, 3], 5).invFreq!, plainInvFreq(d, 10000), 1e-7, 'dynamic at 8 tokens');
  const L = 12;
  const base = 10000 * ((2 * L) / 8 - 1) ** (d / (d - 2));
  assertNear(forwardInputs(dynamic, [1, 2, 3], L - 3).invFreq!, plainInvFreq(d, base), 1e-6, 'dynamic at 12 tokens');
});
