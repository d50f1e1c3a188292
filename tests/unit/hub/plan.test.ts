// The header-first plan on released configs (shapes only: no weights exist here): parameter counts
// against the numbers the releases publish, each memory term against its formula, and each mode
// with the budget that picks it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dtype } from '../../../kernels/checkpoint/safetensors.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { requiredTensors, type ModelSpec } from '../../../kernels/families/spec.ts';
import { planCheckpoint, formatCount, type PlanRequest, type RunnerLimits } from '../../../kernels/hub/plan.ts';
import { WHOLE_MODEL_RUNNER } from '../../../kernels/hub/runner.ts';
import { llama2_7b, qwen25_05b } from '../families/released-configs.ts';

/** A runner that keeps 16-bit weights 16-bit, takes weights as graph inputs and streams layers. */
const STREAMING: RunnerLimits = {
  weightFormat: 'as-stored',
  maxGraphWeightBytes: Infinity,
  streams: true,
  weightCopies: 1,
};

/** Headers as the release would have them: every tensor the spec reads, in `dtype`. */
function headersOf(spec: ModelSpec, dtype: Dtype): PlanRequest['tensors'] {
  const shapes = new Map(requiredTensors(spec.tensors).map((ref) => [ref.name, ref.shape]));
  return {
    info: (name) => {
      const shape = shapes.get(name);
      if (shape === undefined) throw new Error(`no tensor ${name}`);
      return { dtype, shape, file: 'model.safetensors' };
    },
  };
}

function request(config: unknown, dtype: Dtype, budgetBytes: number, runner: RunnerLimits, tokens = 16): PlanRequest {
  const spec = detectModel(config);
  return {
    spec,
    tensors: headersOf(spec, dtype),
    downloadBytes: 1,
    budgetBytes,
    runner,
    promptTokens: tokens,
    contextTokens: tokens,
  };
}

const GB = 1e9;

test('parameter counts equal the published ones (a tied head counted once)', () => {
  // Qwen2.5-0.5B: 494,032,768 on its model card; Llama 2 7B: 6,738,415,616 (the count transformers prints).
  assert.equal(planCheckpoint(request(qwen25_05b, 'BF16', 100 * GB, STREAMING)).parameters, 494_032_768);
  assert.equal(planCheckpoint(request(llama2_7b, 'F16', 100 * GB, STREAMING)).parameters, 6_738_415_616);
});

test('each memory term follows its formula', () => {
  const T = 16;
  const plan = planCheckpoint(request(qwen25_05b, 'BF16', 100 * GB, STREAMING, T)).memory;
  const [L, m, d, n, H, V, F] = [24, 2, 64, 14, 896, 151_936, 4864];
  assert.equal(plan.weightBytes, 494_032_768 * 2, '16-bit weights kept 16-bit');
  assert.equal(plan.kvCacheBytes, 2 * L * m * d * T * 4);
  assert.equal(plan.workBytes, 4 * T * (V + 4 * H + F) + 4 * n * T * T);
  assert.equal(plan.residentBytes, plan.weightBytes + plan.kvCacheBytes + plan.workBytes);
  // The tied head (the 151,936 × 896 embedding again, after the final norm) outweighs any one layer.
  assert.deepEqual(plan.largestGroup, { name: 'output head', bytes: (V * H + H) * 2 });
  assert.equal(plan.layerByLayerBytes, 2 * (V * H + H) * 2 + 2 * m * d * T * 4 + plan.workBytes);
  // The whole-model runner holds float32, four copies while the session is built.
  const whole = planCheckpoint(request(qwen25_05b, 'BF16', 100 * GB, WHOLE_MODEL_RUNNER.limits, T)).memory;
  assert.equal(whole.weightBytes, 494_032_768 * 4);
  assert.equal(whole.residentBytes, 4 * whole.weightBytes + whole.kvCacheBytes + whole.workBytes);
});

test('the budget picks resident, layer by layer, or a refusal that says what would fit', () => {
  const at = (budget: number) => planCheckpoint(request(qwen25_05b, 'BF16', budget, STREAMING)).memory;
  const resident = at(4 * GB);
  assert.equal(resident.mode, 'resident');
  assert.match(resident.reason, /all 24 layers fit/);

  const streamed = at(resident.residentBytes - 1);
  assert.equal(streamed.mode, 'layer-by-layer');
  assert.match(streamed.reason, /more than the .* budget; one layer at a time needs/);

  const refused = at(streamed.layerByLayerBytes - 1);
  assert.equal(refused.mode, 'cannot-run');
  assert.equal(refused.wouldFit?.budgetBytes, streamed.layerByLayerBytes, 'the smallest budget that runs it');
  assert.equal(at(refused.wouldFit?.budgetBytes ?? 0).mode, 'layer-by-layer', 'and that budget does run it');
  // What would fit resident in the refused budget: bytes left after the cache and work, at 2 bytes a parameter.
  const room = refused.budgetBytes - refused.kvCacheBytes - refused.workBytes;
  assert.equal(refused.wouldFit?.parameters, Math.floor(room / 2));
  assert.match(
    refused.reason,
    /a budget of .* would run it layer by layer; within .*, a model of at most \d+M parameters/,
  );
});

test('the whole-model runner: a 0.5B model needs about 8 GB (it was measured failing at 7 GB); a 7B model never fits one graph', () => {
  const small = planCheckpoint(request(qwen25_05b, 'BF16', 7 * GB, WHOLE_MODEL_RUNNER.limits)).memory;
  assert.equal(small.mode, 'cannot-run');
  assert.match(small.reason, /all layers need 7\.\d+ GiB, more than the 6\.\d+ GiB budget/);
  assert.equal(small.wouldFit?.budgetBytes, small.residentBytes, 'no streaming: only the resident total would do');
  assert.equal(
    planCheckpoint(request(qwen25_05b, 'BF16', small.residentBytes, WHOLE_MODEL_RUNNER.limits)).memory.mode,
    'resident',
  );

  const large = planCheckpoint(request(llama2_7b, 'F16', 1000 * GB, WHOLE_MODEL_RUNNER.limits)).memory;
  assert.equal(large.mode, 'cannot-run');
  assert.match(large.reason, /its 25\.1 GiB of weights are more than one ONNX graph of this runner holds/);
  assert.match(large.reason, /no budget runs it on this runner: this runner cannot stream layers/);
  assert.equal(large.wouldFit?.budgetBytes, Infinity);
  // At most 2 GiB − 64 MiB of float32 weights in the graph: ≈ 520M parameters.
  assert.equal(large.wouldFit?.parameters, Math.floor((2 ** 31 - 2 ** 26) / 4));
});

test('a streaming runner whose graphs cannot hold even one group of weights says which group', () => {
  const small: RunnerLimits = { ...STREAMING, maxGraphWeightBytes: 100e6 };
  const plan = planCheckpoint(request(qwen25_05b, 'BF16', 1000 * GB, small)).memory;
  assert.equal(plan.mode, 'cannot-run');
  assert.match(
    plan.reason,
    /no budget runs it on this runner: even its output head \(260 MiB\) is more than one graph holds/,
  );
});

test('a 7B model: dtype reported as stored, 13.5 GB resident in 16 bits', () => {
  const plan = planCheckpoint(request(llama2_7b, 'F16', 16 * GB, STREAMING));
  assert.deepEqual(plan.dtypes, ['F16']);
  assert.equal(plan.family, 'llama');
  assert.equal(plan.memory.mode, 'resident');
  assert.ok(plan.memory.weightBytes === 6_738_415_616 * 2);
  assert.equal(planCheckpoint(request(llama2_7b, 'F16', 8 * GB, STREAMING)).memory.mode, 'layer-by-layer');
});

test('formatCount reads like the model names', () => {
  assert.equal(formatCount(494_032_768), '494M');
  assert.equal(formatCount(6_738_415_616), '6.7B');
  assert.equal(formatCount(109_120), '109K');
  assert.equal(formatCount(12), '12');
});
