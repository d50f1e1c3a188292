// Runs a checkpoint's decoder as one graph with its weights inside, token by token, keeping the KV
// cache between calls.
//
//   const runner = await ModelRunner.open(runtime, checkpoint);   // detect the family, check tensors
//   const { logits } = await runner.prefill(promptIds);           // the whole prompt, cache filled
//   const next = await runner.decode(tokenId);                    // one more token, reading the cache
//
// The graph is built once per set of outputs (the runtime caches sessions by key). Each call feeds
// the cache of the previous call (present_* → past_*); sequence-runner.ts supplies the per-family
// positions, mask prefix and rotary frequencies for the tokens of the call. Weights as constants
// suit the tiny replicas; a released model runs in layered-runner.ts instead.
import type { Checkpoint, TensorStore } from '../../checkpoint/load.ts';
import type { Feed, Runtime } from '../../runtime/runtime.ts';
import type { Tensor32 } from '../../tensor.ts';
import { detectModel } from '../detect.ts';
import { validateTensors, type ModelSpec } from '../spec.ts';
import { SequenceRunner, type StepOptions, type StepResult } from './sequence-runner.ts';
import {
  attnName,
  decoderGraph,
  hiddenName,
  INPUT_IDS,
  kRotName,
  LOGITS,
  pastKeyName,
  pastValueName,
  presentKeyName,
  presentValueName,
  qRotName,
} from './graph.ts';

export type { LayerInternals, StepOptions, StepResult } from './sequence-runner.ts';

/** One layer's keys and values for every cached token, [m, P, d] each. */
export type LayerCache = { readonly key: Tensor32; readonly value: Tensor32 };

let openedCount = 0;

/** A fresh id for an opened checkpoint: sessions are cached by key, and weights differ per checkpoint. */
export function checkpointId(): string {
  return `checkpoint-${++openedCount}`;
}

export class ModelRunner extends SequenceRunner {
  /** Checkpoint tensors the spec does not read (a surprise here often means a misread family). */
  readonly unusedTensors: readonly string[];
  private readonly runtime: Runtime;
  private readonly store: TensorStore;
  private readonly id: string;
  /** Each layer's keys and values for the cached tokens. */
  private cache: LayerCache[] = [];

  private constructor(runtime: Runtime, store: TensorStore, spec: ModelSpec, unused: readonly string[], id: string) {
    super(spec);
    this.runtime = runtime;
    this.store = store;
    this.unusedTensors = unused;
    this.id = id;
  }

  /**
   * Detects the family from config.json, checks that every tensor the spec reads is there with the
   * right shape, and returns a runner with an empty cache. `id` names the checkpoint for the session
   * cache; by default each opened checkpoint gets a fresh one.
   */
  static async open(runtime: Runtime, checkpoint: Checkpoint, options: { readonly id?: string } = {}): Promise<ModelRunner> {
    const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
    const { unused } = validateTensors(spec, checkpoint.tensors);
    return new ModelRunner(runtime, checkpoint.tensors, spec, unused, options.id ?? checkpointId());
  }

  protected dropCache(): void {
    this.cache = [];
  }

  protected async forward(ids: readonly number[], sequence: Record<string, Feed>, options: StepOptions): Promise<StepResult> {
    const { spec } = this;
    const feeds: Record<string, Feed> = {
      [INPUT_IDS]: { type: 'int64', data: ids, dims: [ids.length] },
      ...sequence,
    };
    for (let l = 0; l < spec.numLayers; l++) {
      const { key, value } = this.cache[l] ?? emptyCache(spec);
      feeds[pastKeyName(l)] = {
        type: 'float32',
        data: key.data,
        dims: key.shape,
      };
      feeds[pastValueName(l)] = {
        type: 'float32',
        data: value.data,
        dims: value.shape,
      };
    }

    const graph = decoderGraph(spec, this.store, {
      id: this.id,
      attn: options.attn === true,
      internals: options.internals === true,
    });
    const { outputs, backend, runMs, buildMs } = await this.runtime.run(graph, feeds);
    const output = (name: string): Tensor32 => {
      const value = outputs[name];
      if (value === undefined) throw new Error(`decoder graph returned no '${name}'`);
      return value;
    };

    // the cache now holds this call's tokens too
    this.cache = Array.from({ length: spec.numLayers }, (_, l) => ({
      key: output(presentKeyName(l)),
      value: output(presentValueName(l)),
    }));

    const layers = Array.from({ length: spec.numLayers }, (_, l) => l);
    return {
      logits: output(LOGITS) as Tensor32<['T', 'V']>,
      ...(options.attn === true && {
        attn: layers.map((l) => output(attnName(l)) as Tensor32<['heads', 'T', 'Tk']>),
      }),
      ...(options.internals === true && {
        internals: layers.map((l) => ({
          qRot: output(qRotName(l)) as Tensor32<['heads', 'T', 'd']>,
          kRot: output(kRotName(l)) as Tensor32<['kvHeads', 'T', 'd']>,
          hidden: output(hiddenName(l)) as Tensor32<['T', 'H']>,
        })),
      }),
      backend,
      runMs,
      buildMs,
    };
  }
}

/** A layer's cache before the first call: no tokens, [m, 0, d]. */
export function emptyCache(spec: ModelSpec): LayerCache {
  const empty: Tensor32 = {
    data: new Float32Array(0),
    shape: [spec.numKvHeads, 0, spec.headDim],
  };
  return { key: empty, value: empty };
}
