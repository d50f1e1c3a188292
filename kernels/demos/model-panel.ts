// Everything the model panel computes, without a DOM: open a checkpoint (a tiny replica or the
// reader's files), turn the prompt into the ids the family expects, run the prompt with attention,
// step one token at a time through the KV cache (greedy or sampled, kernels/sampling.ts), and read
// the next-token distribution.
//
//   const model = await PanelModel.open(runtime, memorySource(files));
//   const first = await model.prefill(model.preparePrompt(ids).ids);   // top-5, attention, cache = T
//   const more = await model.next();                                   // argmax appended, cache = T + 1
//   for await (const { step, stop } of model.generate(settings, 20, seededRandom(seed))) draw(step);
//
// A tiny model runs as one graph with its weights inside (families/forward/runner.ts); a released
// one from a hub as a graph per layer fed its weights (layered-runner.ts), resident when it fits and
// one layer at a time when it does not, where the panel inspects the prompt but adds no token.
//
// The widget draws what these return; the math (softmax, top-k, KV-head mapping) lives here.
import { openLazyCheckpoint } from '../checkpoint/lazy.ts';
import { loadCheckpoint, type Checkpoint } from '../checkpoint/load.ts';
import type { CheckpointSource, RangeSource } from '../checkpoint/source.ts';
import { LayeredRunner, type WeightMode } from '../families/forward/layered-runner.ts';
import { ModelRunner } from '../families/forward/runner.ts';
import type { SequenceRunner, StepResult } from '../families/forward/sequence-runner.ts';
import { preparePrompt, promptTemplate, type PreparedPrompt } from '../families/prompt.ts';
import type { ModelSpec } from '../families/spec.ts';
import type { Random } from '../random.ts';
import { largestIndices } from '../largest.ts';
import type { Backend, Runtime } from '../runtime/runtime.ts';
import { eosIds, GREEDY, sampleToken, stopReason, type SamplingSettings, type StopReason } from '../sampling.ts';
import type { Tensor32 } from '../tensor.ts';
import { loadTokenizer } from '../tokenizers/load.ts';
import type { Tokenizer } from '../tokenizers/tokenizer.ts';

export const PANEL_LIMITS = {
  /** Prompt tokens the panel runs at most (the rest of the reader's text is dropped, with a note). */
  maxPromptTokens: 64,
  /** Prompt plus generated tokens: "next token" stops here (or at the model's context, if shorter). */
  maxSequence: 96,
  /** Next-token candidates shown. */
  topK: 5,
} as const;

/** The tokens a memory plan (kernels/hub/plan.ts) counts for the panel: a prompt, and the sequence it may grow to. */
export const PANEL_TOKENS = { promptTokens: PANEL_LIMITS.maxPromptTokens, contextTokens: PANEL_LIMITS.maxSequence } as const;

// ---- next-token distribution ----------------------------------------------------------------------

/** p_i = exp(z_i − max z) / Σ_j exp(z_j − max z), in float64 (subtracting the max keeps exp finite). */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const probs = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    probs[i] = Math.exp((logits[i] as number) - max);
    sum += probs[i]!;
  }
  for (let i = 0; i < probs.length; i++) probs[i]! /= sum;
  return probs;
}

export type TokenChoice = { readonly id: number; readonly prob: number; readonly logit: number };

/** The k most probable tokens, most probable first; equal logits go to the smaller id (as argmax does). */
export function topK(logits: ArrayLike<number>, k: number): TokenChoice[] {
  const probs = softmax(logits);
  return largestIndices(logits.length, (id) => logits[id] as number, k).map((id) => ({ id, prob: probs[id]!, logit: logits[id] as number }));
}

/** Row t of a [T, V] logits tensor (a view, no copy). */
export function logitsRow(logits: Tensor32<['T', 'V']>, t: number): Float32Array {
  const [T, V] = logits.shape;
  if (t < 0 || t >= T) throw new Error(`logitsRow: position ${t} is outside 0..${T - 1}`);
  return logits.data.subarray(t * V, (t + 1) * V);
}

// ---- attention heads ------------------------------------------------------------------------------

/** 'MHA' when every query head has its own K/V, 'MQA' when all share one, 'GQA' in between. */
export function attentionKind(spec: Pick<ModelSpec, 'numHeads' | 'numKvHeads'>): 'MHA' | 'GQA' | 'MQA' {
  if (spec.numKvHeads === spec.numHeads) return 'MHA';
  return spec.numKvHeads === 1 ? 'MQA' : 'GQA';
}

/** The KV head query head h reads: h // (n / m), n / m query heads per group. */
export function kvHeadOf(spec: Pick<ModelSpec, 'numHeads' | 'numKvHeads'>, h: number): number {
  const kvMul = spec.numHeads / spec.numKvHeads;
  return Math.floor(h / kvMul);
}

// ---- attention rows accumulated over prefill and decode -------------------------------------------

/**
 * Every attention row the model computed since the prompt: the prompt's T rows from the prefill,
 * then one row per decoded token. Row i covers the keys that were in the cache when token i ran, so
 * a decoded token's row is one longer than the row before it; `matrix` pads the rest with zeros,
 * which is what those rows saw of keys that did not exist yet.
 */
export class AttentionRows {
  /** rows[layer][head] = one Float32Array per query position. */
  private readonly rows: Float32Array[][][];

  constructor(layers: number, heads: number) {
    this.rows = Array.from({ length: layers }, () => Array.from({ length: heads }, () => []));
  }

  get length(): number {
    return this.rows[0]?.[0]?.length ?? 0;
  }

  /** One call's probabilities: per layer [heads, T, Tk]. */
  append(attn: readonly Tensor32<['heads', 'T', 'Tk']>[]): void {
    attn.forEach(({ data, shape: [n, T, Tk] }, layer) => {
      for (let h = 0; h < n; h++) {
        for (let t = 0; t < T; t++) this.rows[layer]![h]!.push(data.slice((h * T + t) * Tk, (h * T + t + 1) * Tk));
      }
    });
  }

  /** [rows × cols] row-major probabilities of one layer and head, with cols = rows. */
  matrix(layer: number, head: number): { data: Float32Array; rows: number; cols: number } {
    const rows = this.rows[layer]?.[head];
    if (rows === undefined) throw new Error(`attention: no layer ${layer}, head ${head}`);
    const size = rows.length;
    const data = new Float32Array(size * size);
    rows.forEach((row, i) => data.set(row.subarray(0, size), i * size));
    return { data, rows: size, cols: size };
  }
}

// ---- the model ------------------------------------------------------------------------------------

export type PanelStep = {
  /** Every token in the cache: the prompt, then the generated ones. */
  readonly sequence: readonly number[];
  /** How many of `sequence` were generated by `next`. */
  readonly generated: number;
  /** Next-token candidates at the last position, from its logits row. */
  readonly top: TokenChoice[];
  readonly lastLogits: Float32Array;
  readonly attention: AttentionRows;
  readonly backend: Backend;
  readonly fallbackReason: string | undefined;
  readonly runMs: number;
};

/** One generated token's step, and why generation ends there ('full': the panel's sequence limit). */
export type GeneratedStep = { readonly step: PanelStep; readonly stop: StopReason | 'full' | undefined };

export class PanelModel {
  readonly spec: ModelSpec;
  /** config.json's end-of-sequence ids: generation stops after one of them. */
  readonly eosIds: readonly number[];
  /** Undefined when the checkpoint has no usable tokenizer.json; `tokenizerProblem` says why. */
  readonly tokenizer: Tokenizer | undefined;
  readonly tokenizerProblem: string | undefined;
  private readonly runtime: Runtime;
  /** The decoder itself, for widgets that read a layer's insides (the norm widget's residual stream). */
  readonly runner: SequenceRunner;
  /** False for a model run one layer at a time: its memory plan covers an inspection of the prompt, not generation. */
  readonly generates: boolean;
  private last: PanelStep | undefined;
  private promptLength = 0;

  private constructor(
    runtime: Runtime,
    runner: SequenceRunner,
    generates: boolean,
    eos: readonly number[],
    tokenizer: Tokenizer | undefined,
    tokenizerProblem: string | undefined,
  ) {
    this.runtime = runtime;
    this.eosIds = eos;
    this.runner = runner;
    this.generates = generates;
    this.spec = runner.spec;
    this.tokenizer = tokenizer;
    this.tokenizerProblem = tokenizerProblem;
  }

  /**
   * Reads config.json and the safetensors, detects the family and checks every tensor (throwing the
   * ConfigError or CheckpointError that names the problem). A missing or unreadable tokenizer.json
   * is not fatal: ids can still be typed, and `tokenizerProblem` carries the reason.
   */
  static async open(runtime: Runtime, source: CheckpointSource, options: { readonly id?: string } = {}): Promise<PanelModel> {
    return PanelModel.fromCheckpoint(runtime, await loadCheckpoint(source), source, options);
  }

  /** A checkpoint already loaded (downloaded from a hub); `source` still gives its tokenizer. */
  static async fromCheckpoint(
    runtime: Runtime,
    checkpoint: Checkpoint,
    source: CheckpointSource,
    options: { readonly id?: string } = {},
  ): Promise<PanelModel> {
    const runner = await ModelRunner.open(runtime, checkpoint, options);
    return PanelModel.withTokenizer(runtime, runner, true, checkpoint.config, source);
  }

  /**
   * A checkpoint read tensor by tensor from `source` (a hub's files through a chunk store), run by the
   * layered runner: every weight read once and held ('resident'), or each layer's read when it runs
   * ('streamed', no generation).
   */
  static async openLayered(
    runtime: Runtime,
    source: CheckpointSource & RangeSource,
    options: { readonly mode: WeightMode; readonly id?: string },
  ): Promise<PanelModel> {
    const checkpoint = await openLazyCheckpoint(source);
    const runner = await LayeredRunner.open(runtime, checkpoint, options);
    return PanelModel.withTokenizer(runtime, runner, options.mode === 'resident', checkpoint.config, source);
  }

  private static async withTokenizer(
    runtime: Runtime,
    runner: SequenceRunner,
    generates: boolean,
    config: unknown,
    source: CheckpointSource,
  ): Promise<PanelModel> {
    const eos = eosIds(config);
    try {
      return new PanelModel(runtime, runner, generates, eos, await loadTokenizer(source), undefined);
    } catch (error) {
      return new PanelModel(runtime, runner, generates, eos, undefined, error instanceof Error ? error.message : String(error));
    }
  }

  /** The longest sequence `next` may grow to. */
  get maxSequence(): number {
    return Math.min(PANEL_LIMITS.maxSequence, this.spec.contextLength);
  }

  /** Tokens in the KV cache. */
  get cacheLength(): number {
    return this.runner.length;
  }

  /** The reader's ids inside the family's template (see families/prompt.ts), cut to the panel's limit. */
  preparePrompt(readerIds: readonly number[]): PreparedPrompt {
    const template = promptTemplate(this.spec, this.tokenizer?.template);
    return preparePrompt(readerIds, template, Math.min(PANEL_LIMITS.maxPromptTokens, this.maxSequence));
  }

  /** Runs the prompt from an empty cache, with every layer's attention. */
  async prefill(ids: readonly number[]): Promise<PanelStep> {
    this.reset(); // a refused prompt leaves an empty cache, not the previous sequence
    const result = await this.runner.prefill(ids, { attn: true });
    this.promptLength = ids.length;
    const attention = new AttentionRows(this.spec.numLayers, this.spec.numHeads);
    return this.remember(result, [...ids], attention);
  }

  /**
   * Appends the next token and runs it against the cache: the most probable one by default (greedy),
   * or a draw from the last logits row under `settings` with `random`.
   */
  async next(settings: SamplingSettings = GREEDY, random: Random = Math.random): Promise<PanelStep> {
    const last = this.last;
    if (last === undefined || this.runner.length === 0) throw new Error('next token: run the prompt first');
    if (!this.generates) throw new Error('next token: this model runs one layer at a time, for the prompt only');
    if (last.sequence.length >= this.maxSequence) {
      throw new Error(`next token: the sequence already has ${last.sequence.length} tokens, the panel's limit`);
    }
    const id = sampleToken(last.lastLogits, settings, random);
    const result = await this.runner.decode(id, { attn: true });
    return this.remember(result, [...last.sequence, id], last.attention);
  }

  /**
   * Up to `maxNewTokens` more tokens after what is cached, one step per token as soon as it has run;
   * ends after an EOS id or at the panel's sequence limit. The caller may stop early by leaving the loop.
   */
  async *generate(settings: SamplingSettings, maxNewTokens: number, random: Random): AsyncGenerator<GeneratedStep> {
    for (let count = 1; count <= maxNewTokens; count++) {
      const step = await this.next(settings, random);
      const id = step.sequence.at(-1)!;
      const full = step.sequence.length >= this.maxSequence;
      const stop = stopReason(id, count, { eosIds: this.eosIds, maxNewTokens }) ?? (full ? 'full' : undefined);
      yield { step, stop };
      if (stop !== undefined) return;
    }
  }

  /** Frees the model's memory now (a hub model's GPU buffers); it refuses to run after. */
  close(): Promise<void> {
    this.last = undefined;
    return this.runner.close();
  }

  /** Forgets the cache and the generated tokens. */
  reset(): void {
    this.runner.reset();
    this.last = undefined;
    this.promptLength = 0;
  }

  private async remember(result: StepResult, sequence: number[], attention: AttentionRows): Promise<PanelStep> {
    if (result.attn === undefined) throw new Error('the decoder graph returned no attention');
    attention.append(result.attn);
    const lastLogits = Float32Array.from(logitsRow(result.logits, result.logits.shape[0] - 1));
    const { fallbackReason } = await this.runtime.status();
    this.last = {
      sequence,
      generated: sequence.length - this.promptLength,
      top: topK(lastLogits, PANEL_LIMITS.topK),
      lastLogits,
      attention,
      backend: result.backend,
      fallbackReason,
      runMs: result.runMs,
    };
    return this.last;
  }
}
