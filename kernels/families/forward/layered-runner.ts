// Runs a checkpoint as small graphs fed its weights (graph-layers.ts), for models too large for one
// graph with the weights inside. Two ways to hold the weights (weight-source.ts), one code path:
//
//   resident   every tensor read and converted once, at open, and fed to every call
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
// Each layer's cache stays on the host between calls, as in runner.ts.
import type { LazyCheckpoint } from '../../checkpoint/lazy.ts';
import type { Feed, GraphSource, RunResult, Runtime } from '../../runtime/runtime.ts';
import type { Tensor32 } from '../../tensor.ts';
import { detectModel } from '../detect.ts';
import { layerTensorRefs, requiredTensors, validateTensors, type ModelSpec, type TensorRef } from '../spec.ts';
import { SequenceRunner, type LayerInternals, type StepOptions, type StepResult } from './sequence-runner.ts';
import { checkpointId, emptyCache, type LayerCache } from './runner.ts';
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

export type { WeightMode } from './weight-source.ts';

export type LayeredOptions = {
  readonly mode: WeightMode;
  /** Feed F16/BF16 weights as float16 (default) instead of widening them to float32 (weight-feeds.ts). */
  readonly keep16?: boolean;
  /** The most bytes of the head matrix fed in one slice (default 32 MiB). */
  readonly headSliceBytes?: number;
  /** Names the checkpoint for the session cache; a fresh one by default. */
  readonly id?: string;
};

const HEAD_SLICE_BYTES = 32 * 2 ** 20;

/** Weight feeds by input name, and the dtype of each (the graph is built for them). */
class WeightFeeds {
  readonly feeds: Record<string, WeightFeed> = {};
  readonly dtypes = new Map<string, WeightDtype>();

  add(name: string, feed: WeightFeed): this {
    this.feeds[name] = feed;
    this.dtypes.set(name, feed.type);
    return this;
  }
}

export class LayeredRunner extends SequenceRunner {
  readonly unusedTensors: readonly string[];
  private readonly runtime: Runtime;
  private readonly weights: WeightSource;
  private readonly id: string;
  private readonly headSliceBytes: number;
  private cache: LayerCache[] = [];

  private constructor(runtime: Runtime, spec: ModelSpec, unused: string[], weights: WeightSource, options: LayeredOptions) {
    super(spec);
    this.runtime = runtime;
    this.unusedTensors = unused;
    this.weights = weights;
    this.id = options.id ?? checkpointId();
    this.headSliceBytes = options.headSliceBytes ?? HEAD_SLICE_BYTES;
  }

  /** Detects the family, checks the tensors against it (headers only), and in resident mode reads them all. */
  static async open(runtime: Runtime, checkpoint: LazyCheckpoint, options: LayeredOptions): Promise<LayeredRunner> {
    const { tensors } = checkpoint;
    const spec = detectModel(checkpoint.config, tensors.names());
    const { unused } = validateTensors(spec, tensors);
    const keep16 = options.keep16 ?? true;
    const weights =
      options.mode === 'resident'
        ? await residentWeights(tensors, requiredTensors(spec.tensors), keep16)
        : streamedWeights(tensors, keep16);
    return new LayeredRunner(runtime, spec, unused, weights, options);
  }

  get mode(): WeightMode {
    return this.weights.mode;
  }

  /** Bytes the resident weights take (0 when streamed). */
  get residentBytes(): number {
    return this.weights.heldBytes;
  }

  /** Milliseconds the last call spent reading and converting weights (0 when resident). */
  get weightMs(): number {
    return this.weights.readMs;
  }

  protected dropCache(): void {
    this.cache = [];
  }

  protected async forward(ids: readonly number[], sequence: Record<string, Feed>, options: StepOptions): Promise<StepResult> {
    const { spec, id } = this;
    const timing = { runMs: 0, buildMs: 0 };
    let backend: RunResult['backend'] = 'wasm';
    this.weights.resetTiming();
    const run = async (graph: GraphSource, feeds: Record<string, Feed>): Promise<Record<string, Tensor32>> => {
      const result = await this.runtime.run(graph, feeds);
      timing.runMs += result.runMs;
      timing.buildMs += result.buildMs;
      backend = result.backend;
      return result.outputs;
    };

    // x = embedding[ids], fed the distinct rows and ids counted into them
    const rows = [...new Set(ids)];
    const embed = new WeightFeeds().add(spec.tensors.embed.name, await this.weights.rows(spec.tensors.embed.name, rows));
    const localIds: Feed = { type: 'int64', data: ids.map((t) => rows.indexOf(t)), dims: [ids.length] };
    let x = output(await run(embeddingGraph(spec, id, embed.dtypes), { [INPUT_IDS]: localIds, ...embed.feeds }), HIDDEN);

    // the layers, each fed its weights and its cache
    const cache: LayerCache[] = [];
    const attn: Tensor32<['heads', 'T', 'Tk']>[] = [];
    const internals: LayerInternals[] = [];
    for (let l = 0; l < spec.numLayers; l++) {
      const w = await this.tensors(layerTensorRefs(spec.tensors.layers[l]!), (ref) => layerInputName(ref.name, l));
      const past = this.cache[l] ?? emptyCache(spec);
      const out = await run(blockGraph(spec, id, l, w.dtypes, options), {
        [HIDDEN_IN]: floats(x),
        [PAST_KEY]: floats(past.key),
        [PAST_VALUE]: floats(past.value),
        ...sequence,
        ...w.feeds,
      });
      x = output(out, HIDDEN);
      cache.push({ key: output(out, PRESENT_KEY), value: output(out, PRESENT_VALUE) });
      if (options.attn === true) attn.push(output(out, ATTN) as Tensor32<['heads', 'T', 'Tk']>);
      if (options.internals === true) {
        const qRot = output(out, Q_ROT) as Tensor32<['heads', 'T', 'd']>;
        const kRot = output(out, K_ROT) as Tensor32<['kvHeads', 'T', 'd']>;
        internals.push({ qRot, kRot, hidden: x as Tensor32<['T', 'H']> });
      }
    }

    // logits = head(final_norm(x)), a slice of the vocabulary at a time
    const norm = await this.tensors(finalNormRefs(spec), (ref) => ref.name);
    const matrix = headMatrix(spec);
    const T = ids.length;
    const V = spec.vocabSize;
    const logits = new Float32Array(T * V);
    for (const [v0, v1] of this.headSlices(matrix)) {
      const slice = new WeightFeeds().add(matrix.name, await this.weights.rowRange(matrix.name, v0, v1));
      const dtypes = new Map([...norm.dtypes, ...slice.dtypes]);
      const part = output(
        await run(headGraph(spec, id, dtypes), { [HIDDEN_IN]: floats(x), ...norm.feeds, ...slice.feeds }),
        LOGITS,
      );
      for (let t = 0; t < T; t++) logits.set(part.data.subarray(t * (v1 - v0), (t + 1) * (v1 - v0)), t * V + v0);
    }

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

  /** [v0, v1) row ranges of the head matrix, each within `headSliceBytes` at the checkpoint's width. */
  private headSlices(matrix: TensorRef): [number, number][] {
    const [V, H] = matrix.shape as [number, number];
    const rowBytes = H * 4; // the widest a row can be fed; 16-bit rows take half
    const step = Math.max(1, Math.floor(this.headSliceBytes / rowBytes));
    return Array.from({ length: Math.ceil(V / step) }, (_, i) => [i * step, Math.min(V, (i + 1) * step)]);
  }
}

const floats = (t: Tensor32): Feed => ({ type: 'float32', data: t.data, dims: t.shape });

function output(outputs: Record<string, Tensor32>, name: string): Tensor32 {
  const value = outputs[name];
  if (value === undefined) throw new Error(`layer graph returned no '${name}'`);
  return value;
}
