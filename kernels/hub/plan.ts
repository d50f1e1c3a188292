// The plan a reader sees before any weight is downloaded: what the checkpoint is (family, dtype,
// parameters, bytes to download) and how it can run within a memory budget. Pure: it reads only
// config-derived shapes (ModelSpec) and tensor headers (dtype and shape), so it is unit tested on
// made-up numbers and runs the same in Node and in the page.
//
// Memory, in bytes, as the runner holds it (an estimate that errs high, not a measurement):
//   weights      W = Σ over the tensors the model reads of elements × bytes per element as held
//   KV cache     K = 2 · L · m · d · C · 4             (keys and values, float32, C tokens of context)
//   work         A = 4 · T · (V + 4·H + F) + 4 · n · T · C   (logits, residual and FFN activations, attention scores)
//   resident     c · W + K + A                          all layers on the device; generation possible
//   layer by layer  c · 2 · G + 2 · m · d · T · 4 + A(T, T)
//                where G is the largest group of weights used together (the embedding, one layer, or the
//                final norm with the output head): one group running while the next one arrives,
//                and c is how many copies of its weights a runner keeps alive while it builds a session.
import { CheckpointError } from '../checkpoint/errors.ts';
import { formatBytes } from '../format-bytes.ts';
import type { TensorStore } from '../checkpoint/load.ts';
import { ConfigError, detectModel } from '../families/detect.ts';
import { dtypeBytes, type Dtype } from '../checkpoint/safetensors.ts';
import { layerTensorRefs, requiredTensors, validateTensors, type ModelSpec, type TensorRef } from '../families/spec.ts';

/** What a runner can do, which decides the plan as much as the budget does. */
export type RunnerLimits = {
  /** 'float32': weights become float32 (today's whole-model graph); 'as-stored': 16-bit stays 16-bit. */
  readonly weightFormat: 'float32' | 'as-stored';
  /** Most weight bytes one ONNX graph may hold as initializers (protobuf caps a model at 2 GiB); Infinity when weights are graph inputs. */
  readonly maxGraphWeightBytes: number;
  /** Whether it can run one layer's weights at a time. */
  readonly streams: boolean;
  /** c: copies of the weights alive at the peak of opening a session (arrays, serialized model, the runtime's own). */
  readonly weightCopies: number;
};

export type PlanRequest = {
  readonly spec: ModelSpec;
  /** Dtype and shape of each tensor (from the headers; no data needed). */
  readonly tensors: Pick<TensorStore, 'info'>;
  /** Bytes of all weight files: what a full download costs. */
  readonly downloadBytes: number;
  readonly budgetBytes: number;
  readonly runner: RunnerLimits;
  /** T: tokens of the prompt an inspection pass runs. */
  readonly promptTokens: number;
  /** C: tokens of context kept for generation (prompt plus generated). */
  readonly contextTokens: number;
};

export type MemoryMode = 'resident' | 'layer-by-layer' | 'cannot-run';

export type MemoryPlan = {
  readonly mode: MemoryMode;
  /** Why this mode, in a sentence (English; pages word it from the numbers). */
  readonly reason: string;
  readonly budgetBytes: number;
  /** W, K and A above, and the two totals. */
  readonly weightBytes: number;
  readonly kvCacheBytes: number;
  readonly workBytes: number;
  readonly residentBytes: number;
  readonly layerByLayerBytes: number;
  /** The largest group of weights used together, by name ('layer 3', 'embedding', 'output head'). */
  readonly largestGroup: { readonly name: string; readonly bytes: number };
  /** For 'cannot-run': the smallest budget that would run it (Infinity if none would on this runner), and the most parameters of this dtype this budget runs resident. */
  readonly wouldFit?: { readonly budgetBytes: number; readonly parameters: number };
};

export type CheckpointPlan = {
  readonly family: ModelSpec['family'];
  /** ModelSpec's name (a page shows it in either language) and its English label (the CLI prints it). */
  readonly name: string;
  readonly label: string;
  /** The dtypes the weights are stored in, e.g. ['BF16'] (more than one for mixed checkpoints). */
  readonly dtypes: readonly Dtype[];
  /** Elements of every tensor the model reads (a tied head counted once). */
  readonly parameters: number;
  readonly downloadBytes: number;
  readonly memory: MemoryPlan;
};

const FLOAT32 = 4;
const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The tensors the forward pass uses together, by group. */
function weightGroups(spec: ModelSpec): { name: string; refs: TensorRef[] }[] {
  const { embed, layers, finalNorm, head } = spec.tensors;
  const output = [
    ...(finalNorm === null ? [] : [finalNorm.weight, ...(finalNorm.bias === null ? [] : [finalNorm.bias])]),
    head ?? embed,
  ];
  return [
    { name: 'embedding', refs: [embed] },
    ...layers.map((layer, l) => ({ name: `layer ${l}`, refs: layerTensorRefs(layer) })),
    { name: 'output head', refs: output },
  ];
}

export function planCheckpoint(request: PlanRequest): CheckpointPlan {
  const { spec, tensors, runner, budgetBytes } = request;
  const required = requiredTensors(spec.tensors);
  const dtypes = [...new Set(required.map((ref) => tensors.info(ref.name).dtype))];
  const parameters = required.reduce((sum, ref) => sum + count(tensors.info(ref.name).shape), 0);
  const held = (ref: TensorRef): number => {
    const { dtype, shape } = tensors.info(ref.name);
    return count(shape) * (runner.weightFormat === 'float32' ? FLOAT32 : dtypeBytes(dtype));
  };
  const sum = (refs: readonly TensorRef[]) => refs.reduce((total, ref) => total + held(ref), 0);

  const weightBytes = sum(required);
  const groups = weightGroups(spec).map(({ name, refs }) => ({ name, bytes: sum(refs) }));
  const largestGroup = groups.reduce((a, b) => (b.bytes > a.bytes ? b : a));

  const { numLayers: L, numKvHeads: m, headDim: d, numHeads: n, hiddenSize: H, vocabSize: V } = spec;
  const widest = Math.max(...spec.tensors.layers.flatMap(layerTensorRefs).map((ref) => ref.shape[0] ?? 0));
  const work = (T: number, C: number) => FLOAT32 * T * (V + 4 * H + widest) + FLOAT32 * n * T * C;
  const T = request.promptTokens;
  const C = Math.max(request.contextTokens, T);
  const kvCacheBytes = 2 * L * m * d * C * FLOAT32;
  const workBytes = work(T, C);
  const c = runner.weightCopies;
  const residentBytes = c * weightBytes + kvCacheBytes + workBytes;
  const layerByLayerBytes = c * 2 * largestGroup.bytes + 2 * m * d * T * FLOAT32 + work(T, T);

  const base = { budgetBytes, weightBytes, kvCacheBytes, workBytes, residentBytes, layerByLayerBytes, largestGroup };
  const b = formatBytes;
  const graphHoldsAll = weightBytes <= runner.maxGraphWeightBytes;
  const plan = (mode: MemoryMode, reason: string, wouldFit?: MemoryPlan['wouldFit']): CheckpointPlan => ({
    family: spec.family,
    name: spec.name,
    label: spec.label,
    dtypes,
    parameters,
    downloadBytes: request.downloadBytes,
    memory: { mode, reason, ...base, ...(wouldFit !== undefined && { wouldFit }) },
  });

  if (residentBytes <= budgetBytes && graphHoldsAll) {
    return plan('resident', `all ${L} layers fit: ${b(residentBytes)} of the ${b(budgetBytes)} budget`);
  }
  const whyNotResident = !graphHoldsAll
    ? `its ${b(weightBytes)} of weights are more than one ONNX graph of this runner holds (${b(runner.maxGraphWeightBytes)})`
    : `all layers need ${b(residentBytes)}, more than the ${b(budgetBytes)} budget`;
  const groupFitsGraph = largestGroup.bytes <= runner.maxGraphWeightBytes;
  if (runner.streams && groupFitsGraph && layerByLayerBytes <= budgetBytes) {
    return plan(
      'layer-by-layer',
      `${whyNotResident}; one layer at a time needs ${b(layerByLayerBytes)} (inspection of the prompt; no generation)`,
    );
  }

  // Cannot run: say what budget would, and how large a model this budget runs.
  const neededBudget = runner.streams && groupFitsGraph ? layerByLayerBytes : graphHoldsAll ? residentBytes : Infinity;
  const bytesPerParameter = (c * weightBytes) / parameters;
  const residentRoom = Math.min(budgetBytes - kvCacheBytes - workBytes, c * runner.maxGraphWeightBytes);
  const fittingParameters = Math.max(0, Math.floor(residentRoom / bytesPerParameter));
  const whyNoBudget = runner.streams
    ? `even its ${largestGroup.name} (${b(largestGroup.bytes)}) is more than one graph holds`
    : 'this runner cannot stream layers';
  const whatWould =
    neededBudget === Infinity
      ? `no budget runs it on this runner: ${whyNoBudget}; a model of at most ${formatCount(fittingParameters)} parameters at this precision would fit`
      : `a budget of ${b(neededBudget)} would run it${runner.streams ? ' layer by layer' : ''}; within ${b(budgetBytes)}, a model of at most ${formatCount(fittingParameters)} parameters at this precision would fit`;
  const streamed = runner.streams ? `; even one layer at a time needs ${b(layerByLayerBytes)}` : '';
  return plan('cannot-run', `${whyNotResident}${streamed}. ${whatWould}`, {
    budgetBytes: neededBudget,
    parameters: fittingParameters,
  });
}

/**
 * The family and memory plan of a checkpoint known by its config.json and tensor headers (from a hub,
 * or files the reader picked): refuses a family the site does not run or a missing tensor, naming
 * `where`. `downloadBytes`: the weight files' bytes.
 */
export function planHeaders(
  config: unknown,
  tensors: TensorStore,
  downloadBytes: number,
  options: Pick<PlanRequest, 'budgetBytes' | 'runner' | 'promptTokens' | 'contextTokens'>,
  where: string,
): { readonly spec: ModelSpec; readonly plan: CheckpointPlan } {
  let spec: ModelSpec;
  try {
    spec = detectModel(config, tensors.names());
  } catch (error) {
    if (error instanceof ConfigError) throw new CheckpointError(`${where}: ${error.message}`);
    throw error;
  }
  validateTensors(spec, tensors);
  const { budgetBytes, runner, promptTokens, contextTokens } = options;
  return { spec, plan: planCheckpoint({ spec, tensors, downloadBytes, budgetBytes, runner, promptTokens, contextTokens }) };
}

/** A checkpoint its plan says cannot run here; carries the plan, so a page words the refusal in its own language. */
export class PlanRefusal extends CheckpointError {
  override name = 'PlanRefusal';
  readonly plan: CheckpointPlan;

  constructor(where: string, plan: CheckpointPlan) {
    super(`${where} cannot run here: ${plan.memory.reason}`);
    this.plan = plan;
  }
}

/** 494032768 → '494M', 6.7e9 → '6.7B'. */
export function formatCount(n: number): string {
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(2))}B`;
  if (n >= 1e6) return `${Math.round(n / 1e6)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}K`;
  return String(n);
}
