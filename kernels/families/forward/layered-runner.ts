// Runs a checkpoint as small graphs fed its weights (graph-layers.ts), for models too large for one
// graph with the weights inside. Two ways to hold the weights, one code path:
//
//   resident   every tensor read and converted once, at open, and fed to every call
//   streamed   nothing held: each call reads a graph's tensors just before running it and drops them
//              after, so memory holds one layer (or the embedding, or the head) at a time
//
//   const runner = await LayeredRunner.open(runtime, await openLazyCheckpoint(source), { mode: 'streamed' });
//   const { logits } = await runner.prefill(promptIds);
//   const next = await runner.decode(tokenId);
//
// One call:  x = embedding(ids);  for l: x, K_l, V_l = block_l(x, K_l, V_l);  logits = head(x)
// Each layer's cache stays on the host between calls, as in runner.ts.
import type { LazyCheckpoint, TensorReader } from '../../checkpoint/lazy.ts';
import type { Feed, RunResult, Runtime, GraphSource } from '../../runtime/runtime.ts';
import type { Tensor32 } from '../../tensor.ts';
import { detectModel } from '../detect.ts';
import { layerRefs, requiredTensors, validateTensors, type ModelSpec, type TensorRef } from '../spec.ts';
import { SequenceRunner, type LayerInternals, type StepOptions, type StepResult } from './sequence-runner.ts';
import { checkpointId, emptyCache, type LayerCache } from './runner.ts';
import { INPUT_IDS, LOGITS } from './graph.ts';
import {
  ATTN,
  blockGraph,
  embeddingGraph,
  embeddingRefs,
  headGraph,
  headRefs,
  HIDDEN,
  HIDDEN_IN,
  K_ROT,
  layerInputName,
  PAST_KEY,
  PAST_VALUE,
  PRESENT_KEY,
  PRESENT_VALUE,
  Q_ROT,
  type WeightDtypes,
} from './graph-layers.ts';
import { weightFeed, type WeightFeed } from './weight-feeds.ts';
import type { WeightDtype } from './graph-weights.ts';

export type WeightMode = 'resident' | 'streamed';

export type LayeredOptions = {
  readonly mode: WeightMode;
  /** Feed F16/BF16 weights as float16 (default) instead of widening them to float32 (weight-feeds.ts). */
  readonly keep16?: boolean;
  /** Names the checkpoint for the session cache; a fresh one by default. */
  readonly id?: string;
};

/** One graph's weight feeds, by input name, and the dtype of each (the graph is built for them). */
type WeightSet = {
  readonly feeds: Record<string, WeightFeed>;
  readonly dtypes: WeightDtypes;
};

export class LayeredRunner extends SequenceRunner {
  readonly mode: WeightMode;
  readonly unusedTensors: readonly string[];
  /** Milliseconds the last call spent reading and converting weights (0 when resident). */
  weightMs = 0;
  private readonly runtime: Runtime;
  private readonly reader: TensorReader;
  private readonly id: string;
  private readonly keep16: boolean;
  /** Resident mode: every tensor's feed, by checkpoint name (a tied head shares the embedding's). */
  private readonly resident = new Map<string, WeightFeed>();
  private cache: LayerCache[] = [];

  private constructor(runtime: Runtime, checkpoint: LazyCheckpoint, spec: ModelSpec, unused: string[], options: LayeredOptions) {
    super(spec);
    this.runtime = runtime;
    this.reader = checkpoint.tensors;
    this.unusedTensors = unused;
    this.mode = options.mode;
    this.keep16 = options.keep16 ?? true;
    this.id = options.id ?? checkpointId();
  }

  /** Detects the family, checks the tensors against it (headers only), and in resident mode reads them all. */
  static async open(runtime: Runtime, checkpoint: LazyCheckpoint, options: LayeredOptions): Promise<LayeredRunner> {
    const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
    const { unused } = validateTensors(spec, checkpoint.tensors);
    const runner = new LayeredRunner(runtime, checkpoint, spec, unused, options);
    if (options.mode === 'resident') {
      for (const { name } of requiredTensors(spec.tensors)) runner.resident.set(name, await runner.readFeed(name));
    }
    return runner;
  }

  /** Bytes the resident weights take (0 when streamed). */
  get residentBytes(): number {
    return [...this.resident.values()].reduce((sum, feed) => sum + feed.data.byteLength, 0);
  }

  protected dropCache(): void {
    this.cache = [];
  }

  protected async forward(ids: readonly number[], sequence: Record<string, Feed>, options: StepOptions): Promise<StepResult> {
    const { spec, id } = this;
    const timing = { runMs: 0, buildMs: 0 };
    this.weightMs = 0;
    const run = async (graph: GraphSource, feeds: Record<string, Feed>): Promise<RunResult> => {
      const result = await this.runtime.run(graph, feeds);
      timing.runMs += result.runMs;
      timing.buildMs += result.buildMs;
      return result;
    };

    // x = embedding[ids]
    const embed = await this.weights(embeddingRefs(spec), (ref) => ref.name);
    const idsFeed: Feed = { type: 'int64', data: ids, dims: [ids.length] };
    let x = output(
      (
        await run(embeddingGraph(spec, id, embed.dtypes), {
          [INPUT_IDS]: idsFeed,
          ...embed.feeds,
        })
      ).outputs,
      HIDDEN,
    );

    // the layers, each fed its weights and its cache
    const cache: LayerCache[] = [];
    const attn: Tensor32<['heads', 'T', 'Tk']>[] = [];
    const internals: LayerInternals[] = [];
    let backend: RunResult['backend'] = 'wasm';
    for (let l = 0; l < spec.numLayers; l++) {
      const w = await this.weights(layerRefs(spec.tensors.layers[l]!), (ref) => layerInputName(ref.name, l));
      const past = this.cache[l] ?? emptyCache(spec);
      const feeds: Record<string, Feed> = {
        [HIDDEN_IN]: { type: 'float32', data: x.data, dims: x.shape },
        [PAST_KEY]: {
          type: 'float32',
          data: past.key.data,
          dims: past.key.shape,
        },
        [PAST_VALUE]: {
          type: 'float32',
          data: past.value.data,
          dims: past.value.shape,
        },
        ...sequence,
        ...w.feeds,
      };
      const result = await run(blockGraph(spec, id, l, w.dtypes, options), feeds);
      const out = result.outputs;
      backend = result.backend;
      x = output(out, HIDDEN);
      cache.push({
        key: output(out, PRESENT_KEY),
        value: output(out, PRESENT_VALUE),
      });
      if (options.attn === true) attn.push(output(out, ATTN) as Tensor32<['heads', 'T', 'Tk']>);
      if (options.internals === true) {
        internals.push({
          qRot: output(out, Q_ROT) as Tensor32<['heads', 'T', 'd']>,
          kRot: output(out, K_ROT) as Tensor32<['kvHeads', 'T', 'd']>,
          hidden: x as Tensor32<['T', 'H']>,
        });
      }
    }

    // logits = head(final_norm(x))
    const head = await this.weights(headRefs(spec), (ref) => ref.name);
    const logits = output(
      (
        await run(headGraph(spec, id, head.dtypes), {
          [HIDDEN_IN]: { type: 'float32', data: x.data, dims: x.shape },
          ...head.feeds,
        })
      ).outputs,
      LOGITS,
    );

    this.cache = cache; // only now: a call that failed leaves the cache as it was
    return {
      logits: logits as Tensor32<['T', 'V']>,
      ...(options.attn === true && { attn }),
      ...(options.internals === true && { internals }),
      backend,
      ...timing,
    };
  }

  /** The feeds of `refs` under their input names: held ones, or read now when streaming. */
  private async weights(refs: readonly TensorRef[], inputName: (ref: TensorRef) => string): Promise<WeightSet> {
    const feeds: Record<string, WeightFeed> = {};
    const dtypes = new Map<string, WeightDtype>();
    for (const ref of refs) {
      const feed = this.resident.get(ref.name) ?? (await this.readFeed(ref.name));
      const name = inputName(ref);
      feeds[name] = feed;
      dtypes.set(name, feed.type);
    }
    return { feeds, dtypes };
  }

  private async readFeed(name: string): Promise<WeightFeed> {
    const started = performance.now();
    const feed = weightFeed(name, await this.reader.read(name), this.keep16);
    this.weightMs += performance.now() - started;
    return feed;
  }
}

function output(outputs: Record<string, Tensor32>, name: string): Tensor32 {
  const value = outputs[name];
  if (value === undefined) throw new Error(`layer graph returned no '${name}'`);
  return value;
}
