// The norm widget's computation (kernels/demos/norm-demo.ts): LayerNorm and RMSNorm of the reader's
// vector and its shifted, scaled copy against the float64 reference; the invariances the article
// teaches; and the residual stream's RMS per layer of tiny replicas against the float64 forward pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  NORM_DEMO,
  referenceNorms,
  referenceResidualRms,
  residualRms,
  runNorms,
  runResidualRms,
  type NormRequest,
} from '../../kernels/demos/norm-demo.ts';
import { PanelModel } from '../../kernels/demos/model-panel.ts';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { tinyReplica, type ReplicaName } from '../../kernels/families/tiny/replica.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { CHATGLM6B_ALPHA } from '../../kernels/ops/norm/reference.ts';
import { maxAbsDiff, tensor } from '../../kernels/tensor.ts';

const runtime = nodeRuntime();

const entry = fc.double({ min: -50, max: 50, noNaN: true });
const requestArb = fc.record({
  vector: fc.array(entry, { minLength: NORM_DEMO.minEntries, maxLength: NORM_DEMO.maxEntries }),
  shift: fc.double({ min: -20, max: 20, noNaN: true }),
  scale: fc.double({ min: 0.1, max: 20, noNaN: true }),
});

test('norm demo graph equals its float64 reference', async () => {
  await fc.assert(
    fc.asyncProperty(requestArb, async (request: NormRequest) => {
      const graph = await runNorms(runtime, request);
      const reference = referenceNorms(request);
      for (const row of ['original', 'transformed'] as const) {
        assert.deepEqual(graph[row].input, reference[row].input);
        assert.ok(maxAbsDiff(graph[row].layerNorm, reference[row].layerNorm) <= 1e-3, `${row} LayerNorm`);
        assert.ok(maxAbsDiff(graph[row].rmsNorm, reference[row].rmsNorm) <= 1e-4, `${row} RMSNorm`);
      }
    }),
    { numRuns: 25 },
  );
});

test('LayerNorm ignores a shift of every entry; RMSNorm does not', () => {
  const request = { vector: [1, 2, 3, 4], shift: 3, scale: 1 };
  const { original, transformed } = referenceNorms(request);
  assert.ok(maxAbsDiff(original.layerNorm, transformed.layerNorm) < 1e-5);
  assert.ok(maxAbsDiff(original.rmsNorm, transformed.rmsNorm) > 0.1);
  // The article's worked example: LN(1, 2, 3, 4) ≈ (−1.342, −0.447, 0.447, 1.342), RMS ≈ (0.365, …, 1.461).
  assert.ok(maxAbsDiff(original.layerNorm, [-1.342, -0.447, 0.447, 1.342]) < 1e-3);
  assert.ok(maxAbsDiff(original.rmsNorm, [0.365, 0.730, 1.095, 1.461]) < 1e-3);
});

test('both norms ignore a positive scale (property; ε is negligible against these vectors)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 2, maxLength: 8 }).filter((v) => Math.max(...v) - Math.min(...v) > 1),
      fc.double({ min: 1, max: 100, noNaN: true }),
      (vector, scale) => {
        const { original, transformed } = referenceNorms({ vector, shift: 0, scale });
        assert.ok(maxAbsDiff(original.layerNorm, transformed.layerNorm) < 1e-3);
        assert.ok(maxAbsDiff(original.rmsNorm, transformed.rmsNorm) < 1e-3);
      },
    ),
  );
});

test('norm demo refuses a vector with too few or too many entries', async () => {
  await assert.rejects(runNorms(runtime, { vector: [1], shift: 0, scale: 1 }), /2\.\.8 entries/);
  assert.throws(() => referenceNorms({ vector: Array(9).fill(1), shift: 0, scale: 1 }), /2\.\.8 entries/);
});

test('residualRms is the mean over tokens of each token’s root-mean-square', () => {
  const hidden = tensor<['T', 'H']>([3, 4, 0, 0], [2, 2]);
  // token 0: √((9 + 16)/2) = √12.5; token 1: 0
  assert.ok(Math.abs(residualRms([hidden])[0]! - Math.sqrt(12.5) / 2) < 1e-12);
});

async function replicaRms(name: ReplicaName): Promise<{ graph: number[]; reference: number[] }> {
  const replica = tinyReplica(name);
  const model = await PanelModel.open(runtime, memorySource(replica.files));
  const ids = model.preparePrompt([5, 17, 42, 8, 99, 23]).ids;
  const graph = (await runResidualRms(model.runner, ids)).rms;
  const checkpoint = await loadCheckpoint(memorySource(replica.files));
  return { graph, reference: referenceResidualRms(model.spec, checkpoint.tensors, ids) };
}

for (const name of ['llama', 'qwen', 'baichuan-7b', 'chatglm2-6b', 'chatglm-6b'] as const) {
  test(`residual RMS per layer (${name}): graph equals the float64 forward pass`, async () => {
    const { graph, reference } = await replicaRms(name);
    assert.equal(graph.length, reference.length);
    assert.ok(maxAbsDiff(graph, reference) <= 1e-4 * Math.max(1, ...reference), `${graph} vs ${reference}`);
  });
}

test('pre-norm grows the residual stream; ChatGLM-6B keeps it near α = √56', async () => {
  const llama = (await replicaRms('llama')).reference;
  assert.ok(llama[1]! > llama[0]!, `LLaMA replica: ${llama}`);
  for (const rms of (await replicaRms('chatglm-6b')).reference) assert.ok(Math.abs(rms / CHATGLM6B_ALPHA - 1) < 0.25, `ChatGLM-6B: ${rms}`);
});
