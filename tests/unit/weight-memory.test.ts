// The weight-memory arithmetic behind the quantization article: bytes per weight for each format
// (group scales included) and the split between quantized block weights and 16-bit embeddings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelById, models, parameterBreakdown, type ReleasedModel } from '../../kernels/families/catalog.ts';
import { blockLinearParameters, weightBytes, weightFormats } from '../../components/article/weight-memory.ts';
import { bytesPerWeight } from '../../kernels/ops/quantize/bytes.ts';

const all: readonly ReleasedModel[] = models;

test('bytes per weight: 4, 2, about 1, and 4 bits plus a 20-bit scale and zero per 128 weights', () => {
  assert.equal(bytesPerWeight(weightFormats.fp32), 4);
  assert.equal(bytesPerWeight(weightFormats.fp16), 2);
  assert.equal(bytesPerWeight(weightFormats.int8), 1 + 16 / 4096 / 8);
  assert.equal(bytesPerWeight(weightFormats['int4-g128']), 0.5 + 20 / 128 / 8);
  assert.equal(bytesPerWeight(weightFormats['int4-g128']), 0.51953125);
});

test('floating-point formats scale the whole parameter count', () => {
  for (const m of all) {
    const n = parameterBreakdown(m).total;
    assert.equal(weightBytes(m, weightFormats.fp32), 4 * n, m.id);
    assert.equal(weightBytes(m, weightFormats.fp16), 2 * n, m.id);
  }
});

test('quantized formats: block weights at the quantized size, everything else at 2 bytes', () => {
  const m = modelById('llama-2-7b');
  const b = parameterBreakdown(m);
  // Llama 2 7B by hand: 32 layers × (4·4096² attention + 3·4096·11008 FFN), embedding and head 32000·4096 each.
  const linear = 32 * (4 * 4096 * 4096 + 3 * 4096 * 11_008);
  assert.equal(blockLinearParameters(m), linear);
  const rest = 2 * 32_000 * 4096 + (2 * 32 + 1) * 4096;
  assert.equal(b.total, linear + rest);
  assert.equal(weightBytes(m, weightFormats['int4-g128']), linear * 0.51953125 + rest * 2);
});

test('for every model: fp32 > fp16 > int8 > int4, and int4 is more than a quarter of fp16', () => {
  for (const m of all) {
    const [f32, f16, i8, i4] = (['fp32', 'fp16', 'int8', 'int4-g128'] as const).map((f) => weightBytes(m, weightFormats[f]));
    assert.ok(f32! > f16! && f16! > i8! && i8! > i4!, m.id);
    // The 16-bit embedding and head keep int4 above a plain quarter of fp16 (0.5 / 2 bytes).
    assert.ok(i4! > f16! / 4, m.id);
  }
});

test('ChatGLM-6B shares its output head with the embedding, so the head is counted once', () => {
  const m = modelById('chatglm-6b');
  const b = parameterBreakdown(m);
  assert.equal(b.head, 0);
  const rest = b.total - blockLinearParameters(m);
  assert.equal(rest, b.embedding + b.layers * b.perLayer.norms + b.finalNorm);
});
