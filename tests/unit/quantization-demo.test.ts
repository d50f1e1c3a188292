// The quantization widget's computation on a trained model: which tensors are quantized, the
// quantized weights against the float64 reference matrix by matrix, the error against bits and
// group size, the bytes a setting stores, the KL divergence, and the quantized model's prediction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { folderSource } from '../../kernels/checkpoint/node-folder.ts';
import { klDivergence, logSoftmax } from '../../kernels/demos/kl-divergence.ts';
import { PanelModel } from '../../kernels/demos/model-panel.ts';
import { compareNextToken } from '../../kernels/demos/quantization-demo.ts';
import { quantizedWeightBytes } from '../../kernels/demos/quantized-bytes.ts';
import { blockLinearNames, errorByBits, quantizeWeights, withWeights } from '../../kernels/demos/quantized-weights.ts';
import { trainedPath } from '../../kernels/families/trained.ts';
import { fakeQuantize } from '../../kernels/ops/quantize/reference.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { tensor } from '../../kernels/tensor.ts';

const runtime = nodeRuntime();
const llamaFolder = () => folderSource(`public/${trainedPath('llama')}`);
const llama = loadCheckpoint(llamaFolder());

test('the blocks’ linear weights are quantized; embedding, output head and norms are not', async () => {
  const { tensors } = await llama;
  const names = blockLinearNames(tensors);
  assert.equal(names.length, 14, 'q, k, v, o, gate, up, down in each of 2 layers');
  for (const kept of ['model.embed_tokens.weight', 'lm_head.weight', 'model.norm.weight', 'model.layers.0.input_layernorm.weight']) {
    assert.ok(!names.includes(kept), kept);
  }
});

test('each quantized matrix equals the float64 reference (stacking matrices by row length changes nothing)', async () => {
  const { tensors } = await llama;
  for (const setting of [{ bits: 4, groupSize: 32 }, { bits: 3, groupSize: 'row' as const }, { bits: 2, groupSize: 64 }]) {
    const { replaced } = await quantizeWeights(runtime, tensors, setting);
    for (const name of blockLinearNames(tensors)) {
      const { data, shape } = tensors.get(name);
      const w = tensor<['R', 'C']>(Float64Array.from(data), [shape[0]!, shape[1]!]);
      const ref = fakeQuantize(w, setting.groupSize, setting.bits);
      const got = replaced.get(name)!;
      let max = 0;
      let stepped = 0;
      for (let i = 0; i < got.length; i++) {
        const d = Math.abs(got[i]! - ref.wHat[i]!);
        max = Math.max(max, d);
        if (d > 1e-6) stepped++;
      }
      // The fp16 weights sit on a grid, so w / s sometimes lands on a tie of the rounding, which
      // float32 and float64 may break apart: a weight then lands one step (at most s) away.
      assert.ok(max <= Math.max(...ref.s) * 1.001 + 1e-6, `${name} b=${setting.bits}: max |Δ| ${max}`);
      assert.ok(stepped <= got.length / 200, `${name} b=${setting.bits}: ${stepped} of ${got.length} weights a step away`);
    }
  }
});

test('the error grows as bits fall, and smaller groups err less than whole rows', async () => {
  const { tensors } = await llama;
  const bits = [8, 4, 3, 2];
  const { points } = await errorByBits(runtime, tensors, 32, bits);
  assert.deepEqual(points.map((p) => p.bits), bits);
  for (let i = 1; i < points.length; i++) assert.ok(points[i]!.meanAbsError > points[i - 1]!.meanAbsError, `${points[i]!.bits} bits`);
  const rows = await errorByBits(runtime, tensors, 'row', [4]);
  assert.ok(points[1]!.meanAbsError < rows.points[0]!.meanAbsError, 'groups of 32 against whole rows at 4 bits');
});

test('withWeights reads the replaced tensors and the rest as before', async () => {
  const checkpoint = await llama;
  const replaced = new Map([['model.layers.0.self_attn.q_proj.weight', new Float32Array(64 * 64).fill(0.5)]]);
  const swapped = withWeights(checkpoint, replaced);
  assert.equal(swapped.tensors.get('model.layers.0.self_attn.q_proj.weight').data[7], 0.5);
  assert.deepEqual(swapped.tensors.get('model.layers.0.self_attn.q_proj.weight').shape, [64, 64]);
  assert.deepEqual(swapped.tensors.get('lm_head.weight').data, checkpoint.tensors.get('lm_head.weight').data);
});

test('bytes at 4 bits in groups of 32: counted by hand for the trained LLaMA', async () => {
  const { tensors } = await llama;
  const bytes = quantizedWeightBytes(tensors, { bits: 4, groupSize: 32 });
  // Per layer: q, k, v, o 64×64 (2 groups a row), gate and up 176×64 (2), down 64×176 (6, the last one short).
  const weights = 2 * (4 * 64 * 64 + 3 * 176 * 64);
  const groups = 2 * (4 * 64 * 2 + 2 * 176 * 2 + 64 * 6);
  assert.equal(bytes.linear, (weights * 4 + groups * (16 + 4)) / 8);
  assert.equal(bytes.groupOverhead, (groups * 20) / 8);
  const kept = 2 * 4555 * 64 + 5 * 64;
  assert.equal(bytes.kept, kept * 2);
  assert.equal(bytes.fp16, (kept + weights) * 2);
  assert.equal(bytes.total, bytes.linear + bytes.kept);
  assert.ok(quantizedWeightBytes(tensors, { bits: 4, groupSize: 'row' }).groupOverhead < bytes.groupOverhead);
});

test('KL divergence: 0 for equal distributions, a worked value, blind to a shift of the logits, never negative', () => {
  assert.equal(klDivergence([1, 2, 3], [1, 2, 3]), 0);
  // P = (0.5, 0.5), Q = (0.9, 0.1): 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1).
  const expected = 0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1);
  assert.ok(Math.abs(klDivergence([0, 0], [Math.log(0.9), Math.log(0.1)]) - expected) < 1e-12);
  assert.ok(Math.abs(klDivergence([0, 0], [Math.log(0.9) + 7, Math.log(0.1) + 7]) - expected) < 1e-12);
  assert.ok(Math.abs(Math.exp(logSoftmax([1000, 1000])[0]!) - 0.5) < 1e-12, 'large logits stay finite');
  const logits = fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 2, maxLength: 12 });
  fc.assert(fc.property(logits, logits, (p, q) => {
    const n = Math.min(p.length, q.length);
    return klDivergence(p.slice(0, n), q.slice(0, n)) >= 0;
  }));
});

test('the quantized model: 8 bits keeps the prediction (KL near 0, same top-1), 2 bits moves it further', async () => {
  const checkpoint = await llama;
  const original = await PanelModel.open(runtime, llamaFolder());
  const ids = original.tokenizer!.encode('春眠不覺曉，處處聞啼', { addSpecialTokens: false });
  const at = async (bits: number) => {
    const { replaced } = await quantizeWeights(runtime, checkpoint.tensors, { bits, groupSize: 32 });
    const model = await PanelModel.fromCheckpoint(runtime, withWeights(checkpoint, replaced), llamaFolder(), { id: `quantized-test-${bits}` });
    return compareNextToken(original, model, ids);
  };
  const eight = await at(8);
  assert.ok(eight.kl < 1e-3, `8-bit KL ${eight.kl}`);
  assert.equal(eight.quantized[0]!.id, eight.original[0]!.id);
  assert.equal(eight.original.length, 5);
  const two = await at(2);
  assert.ok(two.kl > 10 * eight.kl, `2-bit KL ${two.kl} against 8-bit ${eight.kl}`);
  console.log(`KL at 8 bits ${eight.kl}, at 2 bits ${two.kl}`);
});
