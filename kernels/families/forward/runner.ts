// Runs a checkpoint's decoder graph token by token, keeping the KV cache between calls.
//
//   const runner = await ModelRunner.open(runtime, checkpoint);   // detect the family, check tensors
//   const { logits } = await runner.prefill(promptIds);           // the whole prompt, cache filled
//   const next = await runner.decode(tokenId);                    // one more token, reading the cache
//
// The graph is built once per set of outputs (the runtime caches sessions by key). Each call feeds
// the cache of the previous call (present_* → past_*); `forwardInputs` supplies the per-family
// positions, mask prefix and rotary frequencies for the tokens of the call.
import type { Checkpoint, TensorStore } from '../../checkpoint/load.ts';
import type { Backend, Feed, Runtime } from '../../runtime/runtime.ts';
import type { Tensor32 } from '../../tensor.ts';
import { detectModel } from '../detect.ts';
import { validateTensors, type ModelSpec } from '../spec.ts';
import { forwardInputs } from './inputs.ts';
import { sequenceFeeds } from './graph-sequence.ts';
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

export type StepOptions = {
  /** Return every layer's attention probabilities. */
  readonly attn?: boolean;
  /** Return every layer's rotated q and k and its output hidden state. */
  readonly internals?: boolean;
};

export type LayerInternals = {
  /** [n, T, d]: queries as they meet the keys */
  readonly qRot: Tensor32<['heads', 'T', 'd']>;
  /** [m, T, d]: this call's keys after rotation */
  readonly kRot: Tensor32<['kvHeads', 'T', 'd']>;
  /** [T, H]: residual stream after the layer */
  readonly hidden: Tensor32<['T', 'H']>;
};

export type StepResult = {
  /** [T, V]: next-token logits at each position of this call */
  readonly logits: Tensor32<['T', 'V']>;
  /** One per layer, [n, T, Tk] with Tk = tokens cached before the call + T; when asked for. */
  readonly attn?: Tensor32<['heads', 'T', 'Tk']>[];
  /** One per layer, when asked for. */
  readonly internals?: LayerInternals[];
  readonly backend: Backend;
  /** Milliseconds in session.run, and in creating the session (0 when cached). */
  readonly runMs: number;
  readonly buildMs: number;
};

type LayerCache = { readonly key: Tensor32; readonly value: Tensor32 };

let openedCount = 0;

export class ModelRunner {
  readonly spec: ModelSpec;
  /** Checkpoint tensors the spec does not read (a surprise here often means a misread family). */
  readonly unusedTensors: readonly string[];
  private readonly runtime: Runtime;
  private readonly store: TensorStore;
  private readonly id: string;
  /** Every token fed since the last reset, and each layer's keys and values for them. */
  private history: number[] = [];
  private cache: LayerCache[] = [];
  /** Length of the first call after a reset (Qwen keeps the NTK alpha chosen there). */
  private cacheStart = 0;
  /** Calls run one after another: each needs the cache the previous one left. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(runtime: Runtime, store: TensorStore, spec: ModelSpec, unused: readonly string[], id: string) {
    this.runtime = runtime;
    this.store = store;
    this.spec = spec;
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
    const id = options.id ?? `checkpoint-${++openedCount}`;
    return new ModelRunner(runtime, checkpoint.tensors, spec, unused, id);
  }

  /** Tokens in the cache. */
  get length(): number {
    return this.history.length;
  }

  /** Forgets the cache: the next call starts a new sequence. */
  reset(): void {
    this.history = [];
    this.cache = [];
    this.cacheStart = 0;
  }

  /** Runs a whole prompt from an empty cache and keeps its keys and values. */
  prefill(ids: readonly number[], options: StepOptions = {}): Promise<StepResult> {
    return this.enqueue(() => {
      this.reset();
      return this.step(ids, options);
    });
  }

  /** Runs one more token after what is cached (prefill first). */
  decode(id: number, options: StepOptions = {}): Promise<StepResult> {
    return this.enqueue(() => {
      if (this.history.length === 0) throw new Error('decode: nothing is cached yet; call prefill with the prompt first');
      return this.step([id], options);
    });
  }

  private enqueue(call: () => Promise<StepResult>): Promise<StepResult> {
    const result = this.queue.then(call, call);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async step(ids: readonly number[], options: StepOptions): Promise<StepResult> {
    this.checkIds(ids);
    const { spec } = this;
    const pastLength = this.history.length;
    const totalIds = [...this.history, ...ids];
    const cacheStart = pastLength === 0 ? ids.length : this.cacheStart;

    const feeds: Record<string, Feed> = {
      [INPUT_IDS]: { type: 'int64', data: ids, dims: [ids.length] },
      ...sequenceFeeds(spec, forwardInputs(spec, ids, pastLength, totalIds, cacheStart)),
    };
    const { numKvHeads: m, headDim: d } = spec;
    const empty: Feed = { type: 'float32', data: new Float32Array(0), dims: [m, 0, d] };
    for (let l = 0; l < spec.numLayers; l++) {
      const cached = this.cache[l];
      feeds[pastKeyName(l)] = cached === undefined ? empty : { type: 'float32', data: cached.key.data, dims: cached.key.shape };
      feeds[pastValueName(l)] =
        cached === undefined ? empty : { type: 'float32', data: cached.value.data, dims: cached.value.shape };
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
    this.history = totalIds;
    this.cacheStart = cacheStart;

    const layers = Array.from({ length: spec.numLayers }, (_, l) => l);
    return {
      logits: output(LOGITS) as Tensor32<['T', 'V']>,
      ...(options.attn === true && { attn: layers.map((l) => output(attnName(l)) as Tensor32<['heads', 'T', 'Tk']>) }),
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

  private checkIds(ids: readonly number[]): void {
    if (ids.length === 0) throw new Error('no tokens to run: give at least one token id');
    const V = this.spec.vocabSize;
    for (const id of ids) {
      if (!Number.isInteger(id)) throw new Error(`token id ${id} is not a whole number`);
      if (id < 0 || id >= V) throw new Error(`token id ${id} is outside the vocabulary (0..${V - 1})`);
    }
  }
}
