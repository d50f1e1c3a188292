// Runs a checkpoint as small graphs fed its weights (graph-layers.ts), for models too large for one
// graph with the weights inside. Two ways to hold the weights (weight-source.ts), one code path:
//
//   resident   every tensor read and converted once, at open, and fed to every call; on WebGPU
//              uploaded to the GPU at open and fed as GPU tensors (gpu-weights.ts), on WASM held on
//              the host
//   streamed   nothing held: each call reads a graph's tensors just before running it and drops them
//              after, so memory holds one layer (or an embedding row, or a slice of the head) at a time
//
//   const runner = await LayeredRunner.open(runtime, await openLazyCheckpoint(source), { mode: 'streamed' });
//   const { logits } = await runner.prefill(promptIds);
//   const next = await runner.decode(tokenId);
//
// One call:
//   x = embedding(ids)                    fed only the rows of the distinct ids
//   for l: x, K_l, V_l = block_l(x)       fed layer l's weights and its cache of the previous calls
//   logits[:, v0:v1] = head(x)            one slice of the vocabulary at a time, side by side
// Each layer's cache is the present_key / present_value its block graph returned, fed back as the next
// call's past_key / past_value: on WebGPU left in GPU memory (asked for as 'gpu-buffer' outputs) and
// freed when the next call replaces it, on WASM a host array as in runner.ts. If WebGPU fails mid-run
// the runtime falls back to WASM; the runner then re-reads the weights onto the host and replays the
// calls since the reset to rebuild the cache there (sequence-runner.ts), rather than keep a host copy
// of the cache that every step would have to download.
import type { LazyCheckpoint, TensorReader } from '../../checkpoint/lazy.ts';
import { disposeFeed, type Feed, type GpuFeed, type GraphSource, type RunResult, type Runtime } from '../../runtime/runtime.ts';
import type { Tensor32 } from '../../tensor.ts';
import { detectModel } from '../detect.ts';
import { layerTensorRefs, requiredTensors, validateTensors, type ModelSpec, type TensorRef } from '../spec.ts';
import { SequenceRunner, type LayerInternals, type StepOptions, type StepResult } from './sequence-runner.ts';
import { checkpointId, emptyCache } from './runner.ts';
import { INPUT_IDS, LOGITS } from './graph.ts';
import {
  ATTN,
  blockGraph,
  embeddingGraph,
  finalNormRefs,
  headGraph,
  headMatrix,
  HIDDEN,
  HIDDEN_IN,
  K_ROT,
  layerInputName,
  PAST_KEY,
  PAST_VALUE,
  PRESENT_KEY,
  PRESENT_VALUE,
  Q_ROT,
} from './graph-layers.ts';
import type { WeightDtype } from './graph-weights.ts';
import type { WeightFeed } from './weight-feeds.ts';
import { residentWeights, streamedWeights, type WeightMode, type WeightSource } from './weight-source.ts';
import { gpuResidentWeights } from './gpu-weights.ts';

export type { WeightMode } from './weight-source.ts';

export type LayeredOptions = {
  readonly mode: WeightMode;
  /**
   * Feed F16/BF16 weights as float16 (default) instead of widening them to float32 (weight-feeds.ts);
   * widened anyway on a WebGPU device without 'shader-f16'.
   */
  readonly keep16?: boolean;
  /** The most bytes of the head matrix fed in one slice (default 32 MiB). */
  readonly headSliceBytes?: number;
  /** Names the checkpoint for the session cache; a fresh one by default. */
  readonly id?: string;
};

const HEAD_SLICE_BYTES = 32 * 2 ** 20;

/** Weight feeds by input name, and the dtype of each (the graph is built for them). */
class WeightFeeds {
  readonly feeds: Record<string, WeightFeed | GpuFeed> = {};
  readonly dtypes = new Map<string, WeightDtype>();

  add(name: string, feed: WeightFeed | GpuFeed): this {
    this.feeds[name] = feed;
    this.dtypes.set(name, feed.type === 'gpu' ? feed.tensor.dtype : feed.type);
    return this;
  }
}

/** One layer's keys and values, [m, P, d] each: GPU tensors on WebGPU, host arrays on WASM. */
type LayerKv = { readonly key: Feed; readonly value: Feed };

/** What the runner needs to read its weights again (onto the host, after the GPU is lost). */
type WeightOrigin = { readonly reader: TensorReader; readonly refs: readonly TensorRef[]; readonly keep16: boolean };

export class LayeredRunner extends SequenceRunner {
  readonly unusedTensors: readonly string[];
  private readonly runtime: Runtime;
  private weights: WeightSource;
  private readonly origin: WeightOrigin;
  private readonly id: string;
  private readonly headSliceBytes: number;
  private cache: LayerKv[] = [];

  private constructor(
    runtime: Runtime,
    spec: ModelSpec,
    unused: string[],
    weights: WeightSource,
    origin: WeightOrigin,
    options: LayeredOptions,
  ) {
    super(spec);
    this.runtime = runtime;
    this.unusedTensors = unused;
    this.weights = weights;
    this.origin = origin;
    this.id = options.id ?? checkpointId();
    this.headSliceBytes = options.headSliceBytes ?? HEAD_SLICE_BYTES;
  }

  /**
   * Detects the family, checks the tensors against it (headers only), and in resident mode reads them
   * all: uploaded to the GPU when the runtime is on WebGPU, held on the host otherwise.
   */
  static async open(runtime: Runtime, checkpoint: LazyCheckpoint, options: LayeredOptions): Promise<LayeredRunner> {
    const { tensors } = checkpoint;
    const spec = detectModel(checkpoint.config, tensors.names());
    const { unused } = validateTensors(spec, tensors);
    // 16-bit feeds where the backend computes in float16: WASM always, WebGPU only with 'shader-f16'
    const keep16 = (options.keep16 ?? true) && (await runtime.canFeedHalves());
    const origin: WeightOrigin = { reader: tensors, refs: requiredTensors(spec.tensors), keep16 };
    const headSliceBytes = options.headSliceBytes ?? HEAD_SLICE_BYTES;
    const vocab = { embed: spec.tensors.embed.name, head: headMatrix(spec).name, headSlices: headSlices(headMatrix(spec), headSliceBytes) };
    const weights =
      options.mode === 'streamed'
        ? streamedWeights(tensors, origin.keep16)
        : ((await gpuResidentWeights(runtime, tensors, origin.refs, origin.keep16, vocab)) ??
          (await residentWeights(tensors, origin.refs, origin.keep16)));
    return new LayeredRunner(runtime, spec, unused, weights, origin, options);
  }

  get mode(): WeightMode {
    return this.weights.mode;
  }

  /** Bytes the resident weights take in host memory (0 when streamed; the embedding only when on the GPU). */
  get residentBytes(): number {
    return this.weights.heldBytes;
  }

  /** Bytes the resident weights take in GPU memory (0 unless resident on WebGPU). */
  get gpuBytes(): number {
    return this.weights.gpuBytes;
  }

  /** Milliseconds the last call spent reading and converting weights (0 when resident). */
  get weightMs(): number {
    return this.weights.readMs;
  }

  protected dropCache(): void {
    releaseCache(this.cache);
    this.cache = [];
  }

  /** The weights read again onto the host: the GPU tensors went with the WebGPU backend. */
  protected override async moveToHost(): Promise<void> {
    if (this.weights.gpuBytes === 0) return;
    this.weights.release();
    const { reader, refs, keep16 } = this.origin;
    this.weights = await residentWeights(reader, refs, keep16);
  }

  /** The GPU buffers of resident weights (the cache's go with `reset`). */
  protected override releaseWeights(): void {
    this.weights.release();
  }

  protected async forward(ids: readonly number[], sequence: Record<string, Feed>, options: StepOptions): Promise<StepResult> {
    const { spec, id } = this;
    const timing = { runMs: 0, buildMs: 0 };
    let backend: RunResult['backend'] = 'wasm';
    this.weights.resetTiming();
    const runFull = async (graph: GraphSource, feeds: Record<string, Feed>, keepOnGpu: readonly string[] = []): Promise<RunResult> => {
      const result = await this.runtime.run(graph, feeds, { keepOnGpu });
      timing.runMs += result.runMs;
      timing.buildMs += result.buildMs;
      backend = result.backend;
      return result;
    };
    const run = async (graph: GraphSource, feeds: Record<string, Feed>): Promise<Record<string, Tensor32>> =>
      (await runFull(graph, feeds)).outputs;

    // x = embedding[ids], fed the distinct rows and ids counted into them
    const rows = [...new Set(ids)];
    const embed = new WeightFeeds().add(spec.tensors.embed.name, await this.weights.rows(spec.tensors.embed.name, rows));
    const localIds: Feed = { type: 'int64', data: ids.map((t) => rows.indexOf(t)), dims: [ids.length] };
    let x = output(await run(embeddingGraph(spec, id, embed.dtypes), { [INPUT_IDS]: localIds, ...embed.feeds }), HIDDEN);

    // the layers, each fed its weights and its cache; the new cache stays on the GPU where it can
    const cache: LayerKv[] = [];
    const attn: Tensor32<['heads', 'T', 'Tk']>[] = [];
    const internals: LayerInternals[] = [];
    try {
      for (let l = 0; l < spec.numLayers; l++) {
        const w = await this.tensors(layerTensorRefs(spec.tensors.layers[l]!), (ref) => layerInputName(ref.name, l));
        const past = this.cache[l] ?? hostKv(emptyCache(spec));
        const result = await runFull(
          blockGraph(spec, id, l, w.dtypes, options),
          { [HIDDEN_IN]: floats(x), [PAST_KEY]: past.key, [PAST_VALUE]: past.value, ...sequence, ...w.feeds },
          [PRESENT_KEY, PRESENT_VALUE],
        );
        const out = result.outputs;
        cache.push({ key: keptOrHost(result, PRESENT_KEY), value: keptOrHost(result, PRESENT_VALUE) });
        x = output(out, HIDDEN);
        if (options.attn === true) attn.push(output(out, ATTN) as Tensor32<['heads', 'T', 'Tk']>);
        if (options.internals === true) {
          const qRot = output(out, Q_ROT) as Tensor32<['heads', 'T', 'd']>;
          const kRot = output(out, K_ROT) as Tensor32<['kvHeads', 'T', 'd']>;
          internals.push({ qRot, kRot, hidden: x as Tensor32<['T', 'H']> });
        }
      }
    } catch (error) {
      releaseCache(cache); // the call failed: the cache stays as it was, the new one is freed
      throw error;
    }

    // logits = head(final_norm(x)), a slice of the vocabulary at a time
    const norm = await this.tensors(finalNormRefs(spec), (ref) => ref.name);
    const matrix = headMatrix(spec);
    const T = ids.length;
    const V = spec.vocabSize;
    const logits = new Float32Array(T * V);
    for (const [v0, v1] of headSlices(matrix, this.headSliceBytes)) {
      const slice = new WeightFeeds().add(matrix.name, await this.weights.rowRange(matrix.name, v0, v1));
      const dtypes = new Map([...norm.dtypes, ...slice.dtypes]);
      const part = output(
        await run(headGraph(spec, id, dtypes), { [HIDDEN_IN]: floats(x), ...norm.feeds, ...slice.feeds }),
        LOGITS,
      );
      for (let t = 0; t < T; t++) logits.set(part.data.subarray(t * (v1 - v0), (t + 1) * (v1 - v0)), t * V + v0);
    }

    releaseCache(this.cache);
    this.cache = cache; // only now: a call that failed leaves the cache as it was
    return {
      logits: { data: logits, shape: [T, V] },
      ...(options.attn === true && { attn }),
      ...(options.internals === true && { internals }),
      backend,
      ...timing,
    };
  }

  /** Whole tensors of `refs` under their input names. */
  private async tensors(refs: readonly TensorRef[], inputName: (ref: TensorRef) => string): Promise<WeightFeeds> {
    const set = new WeightFeeds();
    for (const ref of refs) set.add(inputName(ref), await this.weights.tensor(ref.name));
    return set;
  }
}

/** [v0, v1) row ranges of the head matrix, each within `sliceBytes` at the widest a row is fed. */
function headSlices(matrix: TensorRef, sliceBytes: number): [number, number][] {
  const [V, H] = matrix.shape as [number, number];
  const rowBytes = H * 4; // the widest a row can be fed; 16-bit rows take half
  const step = Math.max(1, Math.floor(sliceBytes / rowBytes));
  return Array.from({ length: Math.ceil(V / step) }, (_, i) => [i * step, Math.min(V, (i + 1) * step)]);
}

const floats = (t: Tensor32): Feed => ({ type: 'float32', data: t.data, dims: t.shape });

const hostKv = (kv: { readonly key: Tensor32; readonly value: Tensor32 }): LayerKv => ({ key: floats(kv.key), value: floats(kv.value) });

/** An output the run kept on the GPU, or else its host array: either one feeds the next call as it is. */
function keptOrHost(result: RunResult, name: string): Feed {
  const kept = result.gpuOutputs[name];
  return kept === undefined ? floats(output(result.outputs, name)) : { type: 'gpu', tensor: kept };
}

function releaseCache(cache: readonly LayerKv[]): void {
  for (const { key, value } of cache) {
    disposeFeed(key);
    disposeFeed(value);
  }
}

function output(outputs: Record<string, Tensor32>, name: string): Tensor32 {
  const value = outputs[name];
  if (value === undefined) throw new Error(`layer graph returned no '${name}'`);
  return value;
}
