// What the hub loader needs from a model runner, so that a runner with other limits (one that
// streams layers with the weights as graph inputs) slots in beside today's whole-model runner
// without the loader changing: its limits feed the memory plan, `open` turns a loaded checkpoint
// into something that runs a prompt.
import type { Checkpoint } from '../checkpoint/load.ts';
import type { StepOptions, StepResult } from '../families/forward/runner.ts';
import type { ModelSpec } from '../families/spec.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { RunnerLimits } from './plan.ts';

export type PromptRunner = {
  readonly spec: ModelSpec;
  prefill(ids: readonly number[], options?: StepOptions): Promise<StepResult>;
};

export type RunnerKind = {
  readonly name: string;
  readonly limits: RunnerLimits;
  open(runtime: Runtime, checkpoint: Checkpoint): Promise<PromptRunner>;
};

/**
 * Today's runner (families/forward/runner.ts): one ONNX graph for the whole model with every weight a
 * float32 initializer. Protobuf refuses a model over 2 GiB, so the weights must stay under that, less
 * room for the graph itself. Opening it holds the weights about four times over (float32 arrays,
 * the model's protobuf, its serialized bytes, onnxruntime's initializers): a 0.5B model (2 GB as
 * float32) was measured failing with std::bad_alloc at 7 GB of memory. Fine for the tiny replicas.
 */
export const WHOLE_MODEL_RUNNER: RunnerKind = {
  name: 'whole-model graph',
  limits: { weightFormat: 'float32', maxGraphWeightBytes: 2 ** 31 - 2 ** 26, streams: false, weightCopies: 4 },
  // Imported on use: the graph code is not needed to plan, and costs a second to load.
  open: async (runtime, checkpoint) =>
    (await import('../families/forward/runner.ts')).ModelRunner.open(runtime, checkpoint),
};
