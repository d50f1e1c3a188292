// ModelSpec: everything a single prefill forward pass needs to know about a checkpoint, as plain data.
//
// `detectModel(config)` (detect.ts) turns a config.json into a ModelSpec; the forward-graph builder
// reads only the spec and the tensors it names. Every family quirk is spelled out here as a field
// (which RoPE, which qkv packing, which residual, which head), so the builder never looks at
// config.json or guesses from names. Facts: docs/checkpoint-formats.md.
//
// Conventions (as in the checkpoints): linear weights are PyTorch `W[out, in]`, y = x·Wᵀ + b; H = hidden
// size, n = query heads, m = key/value heads, d = head dim, F = real MLP width, V = vocab rows.
import { assertNever } from '../assert-never.ts';
import { CheckpointError } from '../checkpoint/errors.ts';
import type { FfnKind } from '../ops/ffn/kind.ts';
import type { TensorStore } from '../checkpoint/load.ts';

export type FamilyId = 'llama' | 'qwen2' | 'qwen' | 'chatglm' | 'chatglm2' | 'baichuan';

/** 'rmsnorm': w·x·rsqrt(mean(x²)+eps). 'layernorm': torch LayerNorm with weight and bias. */
export type NormKind = 'rmsnorm' | 'layernorm';
export type NormSpec = { readonly kind: NormKind; readonly eps: number };

/** Whether a norm of each kind stores `.bias` next to `.weight`. */
const NORM_HAS_BIAS = { rmsnorm: false, layernorm: true } as const satisfies Record<NormKind, boolean>;

/** How RoPE frequencies or positions change for long inputs (docs/checkpoint-formats.md §5.3, §5.4). */
export type RopeScaling =
  | { readonly kind: 'none' }
  /** inv_freq / factor, at every length. */
  | { readonly kind: 'linear'; readonly factor: number }
  /** Only when T > maxPositions: base *= (factor·T/max − (factor−1))^(dim/(dim−2)). */
  | { readonly kind: 'dynamic'; readonly factor: number; readonly maxPositions: number }
  /** Llama 3: wavelength-dependent blend of inv_freq and inv_freq/factor. */
  | {
      readonly kind: 'llama3';
      readonly factor: number;
      readonly lowFreqFactor: number;
      readonly highFreqFactor: number;
      readonly originalMaxPositions: number;
    }
  /** First-generation Qwen, only when T > seqLength: dynamic NTK base (ntk) and log-n query scaling (logn). */
  | { readonly kind: 'qwen-dynamic-ntk'; readonly seqLength: number; readonly ntk: boolean; readonly logn: boolean };

export type PositionSpec =
  /**
   * Rotary embedding on the first `rotaryDim` dims of every q and k head (the rest pass through),
   * inv_freq_k = 1/base^(2k/rotaryDim) in float32. 'half' pairs dims (i, i + rotaryDim/2) (HF
   * rotate_half); 'interleaved' pairs (2k, 2k+1) (ChatGLM2/3). Positions 0..T−1.
   */
  | {
      readonly kind: 'rope';
      readonly style: 'half' | 'interleaved';
      readonly rotaryDim: number;
      readonly base: number;
      readonly scaling: RopeScaling;
    }
  /**
   * ChatGLM-6B: each head splits into two halves of `rotaryDim` = d/2 dims; the first is rotated
   * (rotate_half) by position_ids, the second by block_position_ids (docs/checkpoint-formats.md §5.5, §8.3). inv_freq is rounded
   * to float16, as the official code does.
   */
  | { readonly kind: 'rope-2d-glm'; readonly rotaryDim: number; readonly base: number; readonly invFreqDtype: 'float16' }
  /** Baichuan-13B / Baichuan2-13B: no rotation; scores += slope_h · j (key index), slopes from _get_interleave(n). */
  | { readonly kind: 'alibi' };

/**
 * How q, k and v come out of the checkpoint's projection(s):
 * - 'separate': q_proj / k_proj / v_proj, each head-major ([n·d], [m·d], [m·d] rows).
 * - 'w_pack' (Baichuan), 'qwen-c_attn' (Qwen): one [3·n·d, H] matrix, rows q | k | v, each head-major.
 * - 'glm-per-head' (ChatGLM-6B, ChatGLM2 without MQA): rows grouped per head, [n, (q d | k d | v d)].
 * - 'glm2-grouped' (ChatGLM2/3 with MQA): rows q (n·d) | k (m·d) | v (m·d), each head-major.
 */
export type QkvPacking = 'separate' | 'w_pack' | 'qwen-c_attn' | 'glm-per-head' | 'glm2-grouped';

/**
 * How the rows of each packing are laid out: three matrices ('separate'), one matrix with q | k | v
 * as consecutive blocks ('blocks'), or one matrix grouped per head ('per-head'). The graph and the
 * reference switch on this, so a new packing does not compile until its layout is listed here.
 */
export type QkvLayout = 'separate' | 'blocks' | 'per-head';
export const QKV_LAYOUT = {
  separate: 'separate',
  w_pack: 'blocks',
  'qwen-c_attn': 'blocks',
  'glm2-grouped': 'blocks',
  'glm-per-head': 'per-head',
} as const satisfies Record<QkvPacking, QkvLayout>;

export type AttentionSpec = {
  readonly packing: QkvPacking;
  readonly qkvBias: boolean;
  readonly outBias: boolean;
  /** Scores are (q·k)·scale: 1/√d everywhere, except Qwen with scale_attn_weights false (1). */
  readonly scale: number;
  /** Qwen2's use_sliding_window: layers ≥ fromLayer let query i see key j only if i − size < j ≤ i. */
  readonly slidingWindow: { readonly size: number; readonly fromLayer: number } | null;
};

/**
 * - 'swiglu': down(silu(gate(x)) · up(x)) (LLaMA, Qwen2, Baichuan).
 * - 'swiglu-chunked': y = dense_h_to_4h(x) [2F]; dense_4h_to_h(silu(y[:F]) · y[F:]) (ChatGLM2/3).
 * - 'qwen-w1-silu-w2': c_proj(w1(x) · silu(w2(x))); w2 is the gate (Qwen).
 * - 'gelu-tanh': dense_4h_to_h(gelu_tanh(dense_h_to_4h(x))) (ChatGLM-6B).
 */
export type FfnSpec = {
  /** ops/ffn/kind.ts; `FfnLayers` below lists each kind's linear layers. */
  readonly kind: FfnKind;
  readonly width: number;
  readonly bias: boolean;
};

/**
 * 'pre-norm': x += Attn(Norm(x)); x += FFN(Norm(x)).
 * 'glm-deepnorm' (ChatGLM-6B): a = LN(x); x = a·alpha + Attn(a); m = LN(x); x = m·alpha + FFN(m).
 */
export type ResidualSpec = { readonly kind: 'pre-norm' } | { readonly kind: 'glm-deepnorm'; readonly alpha: number };

/** 'tied': logits = x·Eᵀ with the embedding E. 'normhead': x·normalize_rows(W)ᵀ (Baichuan2; W stored raw). */
export type HeadSpec = { readonly kind: 'untied' | 'tied' | 'normhead' };

/** 'glm-prefix' (ChatGLM-6B): positions and the prefix-LM mask come from where <sop> (bos) and [gMASK]/[MASK] sit. */
export type MaskSpec =
  | { readonly kind: 'causal' }
  | { readonly kind: 'glm-prefix'; readonly bosTokenId: number; readonly maskTokenId: number; readonly gmaskTokenId: number };

/** A tensor the forward pass reads: its name in the checkpoint and the shape it must have. */
export type TensorRef = { readonly name: string; readonly shape: readonly number[] };
export type LinearTensors = { readonly weight: TensorRef; readonly bias: TensorRef | null };
export type NormTensors = { readonly weight: TensorRef; readonly bias: TensorRef | null };

// A layer's parts, whatever stands for a linear layer (L) and a norm (N): here the tensors a
// checkpoint names, in forward/graph-weights.ts the graph values read from them.

/** Attention's projections: q, k, v apart, or one packed qkv matrix. */
export type AttentionParts<L> =
  | { readonly packing: 'separate'; readonly q: L; readonly k: L; readonly v: L; readonly out: L }
  | { readonly packing: Exclude<QkvPacking, 'separate'>; readonly qkv: L; readonly out: L };

/**
 * The linear layers each FFN kind reads. `FfnParts` indexes this by kind, so a kind added to
 * ops/ffn/kind.ts does not compile until its layers are listed here; every switch over FFN kinds
 * then ends in `assertNever` and fails until it handles the new one.
 */
type FfnLayers = {
  readonly swiglu: 'gate' | 'up' | 'down';
  /** gateUp is dense_h_to_4h, [2F, H]: the first F rows are the gate, the next F the up projection. */
  readonly 'swiglu-chunked': 'gateUp' | 'down';
  readonly 'qwen-w1-silu-w2': 'w1' | 'w2' | 'cProj';
  readonly 'gelu-tanh': 'up' | 'down';
};

/** The MLP's projections, one variant per FFN kind: `{ kind, <layer>: L, ... }`. */
export type FfnParts<L> = { [K in FfnKind]: { readonly kind: K } & { readonly [Layer in FfnLayers[K]]: L } }[FfnKind];

export type LayerParts<L, N> = {
  readonly inputNorm: N;
  readonly attention: AttentionParts<L>;
  readonly postAttentionNorm: N;
  readonly ffn: FfnParts<L>;
};

export type AttentionTensors = AttentionParts<LinearTensors>;
export type FfnTensors = FfnParts<LinearTensors>;
export type LayerTensors = LayerParts<LinearTensors, NormTensors>;

export type ModelTensors = {
  readonly embed: TensorRef;
  readonly layers: readonly LayerTensors[];
  readonly finalNorm: NormTensors | null;
  /** The output matrix [V, H]; null when the head is tied (use `embed`). */
  readonly head: TensorRef | null;
  /** Tensors the official code loads and then ignores (rotary inv_freq buffers, a tied lm_head). */
  readonly ignoredIfPresent: readonly string[];
};

export type ModelSpec = {
  readonly family: FamilyId;
  /** The model's name alone, the same in every language, e.g. "Baichuan2-13B". */
  readonly name: string;
  /** The name with what was detected, in English, for messages and the CLI: "Baichuan2-13B (ALiBi, NormHead)". */
  readonly label: string;
  /** Embedding rows (ChatGLM2's padded_vocab_size, Qwen's 151,936, ...). */
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  /** Key/value heads; query head h reads KV head floor(h / (numHeads / numKvHeads)). */
  readonly numKvHeads: number;
  readonly headDim: number;
  /** The longest input the config declares (max_position_embeddings, seq_length, ...). */
  readonly contextLength: number;
  /** config.json's torch_dtype: the precision the weights were released in (informational). */
  readonly dtype: 'float32' | 'float16' | 'bfloat16' | null;
  readonly norm: NormSpec;
  readonly position: PositionSpec;
  readonly attention: AttentionSpec;
  readonly ffn: FfnSpec;
  readonly residual: ResidualSpec;
  readonly head: HeadSpec;
  readonly mask: MaskSpec;
  readonly finalNorm: boolean;
  readonly tensors: ModelTensors;
  /** Things a reader should know (a guess made, a quirk of the official code that applies). */
  readonly warnings: readonly string[];
};

/** `prefix.weight` [out, inDim] and, if `bias`, `prefix.bias` [out]. */
export function linearTensors(prefix: string, out: number, inDim: number, bias: boolean): LinearTensors {
  return {
    weight: { name: `${prefix}.weight`, shape: [out, inDim] },
    bias: bias ? { name: `${prefix}.bias`, shape: [out] } : null,
  };
}

/** `prefix.weight` [size], plus `prefix.bias` for a LayerNorm. */
export function normTensors(prefix: string, size: number, kind: NormKind): NormTensors {
  return {
    weight: { name: `${prefix}.weight`, shape: [size] },
    bias: NORM_HAS_BIAS[kind] ? { name: `${prefix}.bias`, shape: [size] } : null,
  };
}

function linearRefs(t: LinearTensors): TensorRef[] {
  return t.bias === null ? [t.weight] : [t.weight, t.bias];
}

/** An attention block's linear layers: q, k, v, out or qkv, out. */
function attentionLinears(a: AttentionTensors): LinearTensors[] {
  return a.packing === 'separate' ? [a.q, a.k, a.v, a.out] : [a.qkv, a.out];
}

/** An MLP's linear layers, in the order the forward pass uses them. */
function ffnLinears(f: FfnTensors): LinearTensors[] {
  switch (f.kind) {
    case 'swiglu':
      return [f.gate, f.up, f.down];
    case 'swiglu-chunked':
      return [f.gateUp, f.down];
    case 'qwen-w1-silu-w2':
      return [f.w1, f.w2, f.cProj];
    case 'gelu-tanh':
      return [f.up, f.down];
    default:
      return assertNever(f, 'FFN kind');
  }
}

/** Every tensor one decoder layer reads, in the order the forward pass uses them. */
export function layerTensorRefs(layer: LayerTensors): TensorRef[] {
  const { inputNorm, attention, postAttentionNorm, ffn } = layer;
  return [
    ...linearRefs(inputNorm),
    ...attentionLinears(attention).flatMap(linearRefs),
    ...linearRefs(postAttentionNorm),
    ...ffnLinears(ffn).flatMap(linearRefs),
  ];
}

/** Every tensor the forward pass reads, in a fixed order. */
export function requiredTensors(tensors: ModelTensors): TensorRef[] {
  const refs: TensorRef[] = [tensors.embed];
  for (const layer of tensors.layers) refs.push(...layerTensorRefs(layer));
  if (tensors.finalNorm !== null) refs.push(...linearRefs(tensors.finalNorm));
  if (tensors.head !== null) refs.push(tensors.head);
  return refs;
}

/** Why a stored tensor of `shape` cannot stand for `ref`, or null when the shapes agree. */
export function shapeMismatch(ref: TensorRef, shape: readonly number[]): string | null {
  if (shape.length === ref.shape.length && shape.every((size, i) => size === ref.shape[i])) return null;
  return `tensor '${ref.name}' has shape [${shape.join(', ')}], expected [${ref.shape.join(', ')}]`;
}

const FLOAT_DTYPES = new Set(['F32', 'F16', 'BF16']);

/**
 * Check that the checkpoint holds every tensor the spec reads, with the right shape and a float
 * dtype. Throws a CheckpointError listing the problems; returns the names the spec does not use
 * (an unexpected tensor often means the family was misread).
 */
export function validateTensors(spec: ModelSpec, store: TensorStore): { unused: string[] } {
  const problems: string[] = [];
  const required = requiredTensors(spec.tensors);
  for (const ref of required) {
    if (!store.has(ref.name)) {
      problems.push(`missing tensor '${ref.name}' (expected shape [${ref.shape.join(', ')}])`);
      continue;
    }
    const { shape, dtype, file } = store.info(ref.name);
    const mismatch = shapeMismatch(ref, shape);
    if (mismatch !== null) {
      problems.push(`${file}: ${mismatch}`);
    } else if (!FLOAT_DTYPES.has(dtype)) {
      problems.push(`${file}: tensor '${ref.name}' has dtype ${dtype}; weights must be F32, F16 or BF16`);
    }
  }
  if (problems.length > 0) {
    const more = problems.length > 5 ? `\n… and ${problems.length - 5} more` : '';
    throw new CheckpointError(`the checkpoint does not fit ${spec.label}:\n${problems.slice(0, 5).join('\n')}${more}`);
  }
  const used = new Set([...required.map((r) => r.name), ...spec.tensors.ignoredIfPresent]);
  return { unused: store.names().filter((name) => !used.has(name)) };
}
