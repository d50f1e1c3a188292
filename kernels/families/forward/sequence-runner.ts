// What every decoder runner does around the model itself: keep the tokens fed so far, run a prompt
// (prefill) or one more token (decode) one call after another, and derive each call's positions,
// mask prefix and rotary tables from the history (`forwardInputs`, `sequenceFeeds`).
//
//   prefill(promptIds)   the whole prompt, from an empty cache
//   decode(tokenId)      one more token, reading the cache
//
// A subclass runs the model in `forward` and keeps its own KV cache: runner.ts as one graph with its
// weights inside, layered-runner.ts as a graph per layer fed the weights.
//
// A subclass that keeps its cache or weights on the GPU loses them when WebGPU fails mid-run and the
// runtime falls back to WASM (its run then throws GpuStateLost). The runner then asks it to move to
// the host (`moveToHost`) and replays every call since the reset, each with the tokens and sequence
// inputs it had, which rebuilds the cache exactly; then it runs the call that failed.
import { GpuStateLost, type Backend, type Feed } from '../../runtime/runtime.ts';
import type { Tensor32 } from '../../tensor.ts';
import type { ModelSpec } from '../spec.ts';
import { forwardInputs } from './inputs.ts';
import { sequenceFeeds } from './graph-sequence.ts';

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

export abstract class SequenceRunner {
  readonly spec: ModelSpec;
  /** Every token fed since the last reset. */
  private history: number[] = [];
  /** Length of the first call after a reset (Qwen keeps the NTK alpha chosen there). */
  private cacheStart = 0;
  /** How many tokens each call since the reset fed (to replay them after GPU state is lost). */
  private callLengths: number[] = [];
  /** Calls run one after another: each needs the cache the previous one left. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set by `close`: the memory is gone, so every later call is refused. */
  private closed = false;

  protected constructor(spec: ModelSpec) {
    this.spec = spec;
  }

  /**
   * Runs `ids` after the cached tokens and, on success, appends them to the cache. `sequence` holds
   * the feeds of graph-sequence.ts for these tokens.
   */
  protected abstract forward(ids: readonly number[], sequence: Record<string, Feed>, options: StepOptions): Promise<StepResult>;

  /** Forgets the keys and values kept for the cached tokens. */
  protected abstract dropCache(): void;

  /** Rebuilds on the host what was held on the GPU (weights), after GpuStateLost; the cache is replayed. */
  protected async moveToHost(): Promise<void> {}

  /** Frees what the weights hold beyond the garbage collector's reach (GPU buffers); none here. */
  protected releaseWeights(): void {}

  /**
   * Frees the runner's memory now (GPU buffers are not garbage collected) after the calls in flight;
   * a closed runner refuses to run.
   */
  close(): Promise<void> {
    const done = this.queue.then(() => {
      this.closed = true;
      this.reset();
      this.releaseWeights();
    });
    this.queue = done;
    return done;
  }

  /** Tokens in the cache. */
  get length(): number {
    return this.history.length;
  }

  /** Forgets the cache: the next call starts a new sequence. */
  reset(): void {
    this.history = [];
    this.cacheStart = 0;
    this.callLengths = [];
    this.dropCache();
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
    const run = () => {
      if (this.closed) throw new Error(`${this.spec.label}: this model was closed to free its memory for another; open it again`);
      return call();
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async step(ids: readonly number[], options: StepOptions): Promise<StepResult> {
    this.checkIds(ids);
    const pastLength = this.history.length;
    const totalIds = [...this.history, ...ids];
    const cacheStart = pastLength === 0 ? ids.length : this.cacheStart;
    const sequence = this.sequenceOf(totalIds, pastLength, ids.length, cacheStart);
    let result: StepResult;
    try {
      result = await this.forward(ids, sequence, options);
    } catch (error) {
      if (!(error instanceof GpuStateLost)) throw error;
      await this.moveToHost();
      await this.replay();
      result = await this.forward(ids, sequence, options);
    }
    this.history = totalIds;
    this.cacheStart = cacheStart;
    this.callLengths.push(ids.length);
    return result;
  }

  /** The sequence inputs of the call that feeds `totalIds[pastLength, pastLength + length)`. */
  private sequenceOf(totalIds: readonly number[], pastLength: number, length: number, cacheStart: number): Record<string, Feed> {
    const ids = totalIds.slice(pastLength, pastLength + length);
    return sequenceFeeds(this.spec, forwardInputs(this.spec, ids, pastLength, totalIds.slice(0, pastLength + length), cacheStart));
  }

  /** Runs every call since the reset again, from an empty cache, as it ran the first time. */
  private async replay(): Promise<void> {
    this.dropCache();
    let past = 0;
    for (const length of this.callLengths) {
      const ids = this.history.slice(past, past + length);
      await this.forward(ids, this.sequenceOf(this.history, past, length, this.cacheStart), {});
      past += length;
    }
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
