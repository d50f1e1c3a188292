import assert from 'node:assert/strict';
import { test } from 'node:test';
import { models } from '../../kernels/families/catalog.ts';
import { contextSamples, divisors, kvBytesAt, kvBytesPerToken, kvHeadOf, releasedKvRows, attentionKind } from '../../kernels/demos/kv-cache.ts';

/** The cache size written out independently: a key and a value per layer, KV head and channel. */
function independentBytes(layers: number, kvHeads: number, headDim: number, bytes: number): number {
  let total = 0;
  for (const _kv of ['key', 'value']) total += layers * kvHeads * headDim * bytes;
  return total;
}

test('KV bytes per token and at context equal 2 · L · m · d_head · b for every released config', () => {
  const released = models.filter((m) => m.role === 'release');
  assert.ok(released.length >= 15);
  for (const [dtype, bytes] of [['fp32', 4], ['fp16', 2], ['int8', 1]] as const) {
    const rows = releasedKvRows(dtype, 4096);
    assert.deepEqual(rows.map((r) => r.id), released.map((m) => m.id));
    rows.forEach((row, i) => {
      const m = released[i]!;
      const expected = independentBytes(m.layers, m.kvHeads, m.headDim, bytes);
      assert.equal(row.perToken, expected, `${m.id} ${dtype}`);
      assert.equal(row.atContext, expected * 4096, `${m.id} ${dtype} at 4096`);
    });
  }
});

test('known values: Llama 2 7B 512 KiB/token in fp16 (2 GiB at 4096), Llama 2 70B 320 KiB, ChatGLM2-6B 28 KiB', () => {
  const byId = new Map(releasedKvRows('fp16', 4096).map((r) => [r.id, r]));
  assert.equal(byId.get('llama-2-7b')!.perToken, 512 * 1024);
  assert.equal(byId.get('llama-2-7b')!.atContext, 2 * 1024 ** 3);
  assert.equal(byId.get('llama-2-70b')!.perToken, 320 * 1024);
  assert.equal(byId.get('chatglm2-6b')!.perToken, 28 * 1024);
  assert.equal(byId.get('chatglm2-6b')!.kind, 'GQA');
});

test('the reader’s own settings: bytes scale with m, not with n', () => {
  const mha = { heads: 8, kvHeads: 8, layers: 32, headDim: 128 };
  assert.equal(kvBytesPerToken(mha, 'fp16'), independentBytes(32, 8, 128, 2));
  assert.equal(kvBytesPerToken({ ...mha, kvHeads: 2 }, 'fp16') * 4, kvBytesPerToken(mha, 'fp16'));
  assert.equal(kvBytesAt({ ...mha, kvHeads: 1 }, 'fp32', 1000), independentBytes(32, 1, 128, 4) * 1000);
});

test('divisors, the head mapping and the kind', () => {
  assert.deepEqual(divisors(12), [1, 2, 3, 4, 6, 12]);
  assert.deepEqual(divisors(1), [1]);
  assert.deepEqual(Array.from({ length: 8 }, (_, h) => kvHeadOf({ heads: 8, kvHeads: 2 }, h)), [0, 0, 0, 0, 1, 1, 1, 1]);
  assert.deepEqual(Array.from({ length: 32 }, (_, h) => kvHeadOf({ heads: 32, kvHeads: 2 }, h)).lastIndexOf(0), 15);
  assert.equal(attentionKind({ heads: 8, kvHeads: 8 }), 'MHA');
  assert.equal(attentionKind({ heads: 8, kvHeads: 2 }), 'GQA');
  assert.equal(attentionKind({ heads: 8, kvHeads: 1 }), 'MQA');
  for (let n = 1; n <= 64; n++) {
    for (const m of divisors(n)) {
      const groups = Array.from({ length: n }, (_, h) => kvHeadOf({ heads: n, kvHeads: m }, h));
      for (let g = 0; g < m; g++) assert.equal(groups.filter((x) => x === g).length, n / m, `n=${n} m=${m} group ${g}`);
    }
  }
});

test('context samples double from 256 and end at the asked length', () => {
  assert.deepEqual(contextSamples(2000), [256, 512, 1024, 2000]);
  assert.deepEqual(contextSamples(100), [100]);
});
