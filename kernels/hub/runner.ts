// The runners a hub model can go to, by what the memory plan (plan.ts) needs to know of them.
import type { RunnerLimits } from './plan.ts';

export type RunnerKind = { readonly name: string; readonly limits: RunnerLimits };

/**
 * families/forward/runner.ts: one ONNX graph for the whole model with every weight a float32
 * initializer. Protobuf refuses a model over 2 GiB, so the weights must stay under that, less room
 * for the graph itself. Opening it holds the weights about four times over (float32 arrays, the
 * model's protobuf, its serialized bytes, onnxruntime's initializers): a 0.5B model (2 GB as
 * float32) was measured failing with std::bad_alloc at 7 GB of memory. Fine for the tiny replicas.
 */
export const WHOLE_MODEL_RUNNER: RunnerKind = {
  name: 'whole-model graph',
  limits: { weightFormat: 'float32', maxGraphWeightBytes: 2 ** 31 - 2 ** 26, streams: false, weightCopies: 4 },
};

/**
 * families/forward/layered-runner.ts: a graph per layer with the weights as inputs, so no protobuf
 * cap; 16-bit weights stay 16-bit. Resident, each tensor is read once from where the files are (a
 * folder, or the page's chunk store) and held once; streamed, one layer's tensors at a time.
 */
export const LAYERED_RUNNER: RunnerKind = {
  name: 'layered runner',
  limits: { weightFormat: 'as-stored', maxGraphWeightBytes: Infinity, streams: true, weightCopies: 1 },
};
