// The released model configurations the site talks about: one entry per model, every number taken
// from the models' own code, configs, model cards and papers (tags in references.ts). Every table
// and calculator on the site reads this module, so a number is typed exactly once.
//
// Names: L layers, d (`hidden`) model width, n query heads, m key/value
// heads, head_dim per head, I the FFN width, V the embedding rows.

import type { ModelSourceId } from './references.ts';

/** The families, in the order pages list them; the list defines the type, so none can be left out. */
export const catalogFamilies = ['llama', 'llama-2', 'chatglm', 'baichuan', 'qwen'] as const;
export type CatalogFamily = (typeof catalogFamilies)[number];

export type PositionEncoding =
  /** Rotary embedding on the first `rotaryDims` dims of each head. `pairing` is the form in the
   *  official code: (i, i + r/2) for rotate-half, (2k, 2k+1) for interleaved. */
  | {
      readonly kind: 'rope';
      readonly theta: number;
      readonly rotaryDims: number;
      readonly pairing: 'rotate-half' | 'interleaved';
      /** Qwen's inference-time extension past the training length. */
      readonly longContext: 'none' | 'dynamic-ntk-logn';
    }
  /** ChatGLM-6B: two rotary embeddings, one per half-head, driven by two position rows. */
  | { readonly kind: 'rope-2d'; readonly theta: number; readonly dimsPerHalf: number }
  | { readonly kind: 'alibi' };

/** One context length and what it refers to (training length, README claim, chat stage...). */
export type ContextLength = { readonly tokens: number; readonly scope: 'train' | 'base' | 'chat' | 'readme' | 'v1.1' };

/** How sure a field is, when it is not simply read from a primary source. */
export type Confidence = 'unverified' | 'computed' | 'approximate' | 'inferred' | 'secondhand';
export type FlaggableField = 'params' | 'dims' | 'ffn' | 'norm' | 'vocab' | 'context' | 'tiedHead' | 'trainingTokens';

export type ReleasedModel = {
  readonly id: string;
  readonly family: CatalogFamily;
  readonly name: string;
  /** Whether the model is one of the family's releases or a small modern model kept for comparison. */
  readonly role: 'release' | 'small-reference';
  /** Parameters as reported (in billions, to `decimals` places; the LLaMA paper truncates rather than rounds);
   *  `exact` where the authors give every digit. Flagged `computed` where no source states a number. */
  readonly params: { readonly billions: number; readonly decimals: number; readonly exact?: number };
  readonly layers: number;
  readonly hidden: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** The real FFN width. Qwen's config stores twice this value as `intermediate_size`. */
  readonly ffn: {
    readonly width: number;
    readonly configValue?: number;
    /** LLaMA's sizing rule: round int(2·4d/3)·multiplier up to a multiple of `multipleOf`. */
    readonly rule?: { readonly multipleOf: number; readonly multiplier?: number };
  };
  readonly activation: 'swiglu' | 'gelu';
  readonly norm: { readonly kind: 'rmsnorm' | 'layernorm'; readonly eps: number };
  /** Pre-norm everywhere; ChatGLM-6B adds the normalised input back scaled by alpha. */
  readonly residual: { readonly kind: 'pre-norm' } | { readonly kind: 'deepnorm-style'; readonly alpha: number };
  readonly position: PositionEncoding;
  readonly vocab: {
    readonly tokenizer: 'sentencepiece-bpe' | 'sentencepiece' | 'tiktoken-bpe' | 'qwen2-bpe';
    readonly embeddingRows: number;
    /** Tokens the tokenizer can emit, where that differs from the embedding rows. */
    readonly tokenizerSize?: number;
  };
  readonly context: readonly ContextLength[];
  readonly biases: 'none' | 'qkv' | 'all';
  readonly head: { readonly tied: boolean; readonly normHead: boolean };
  readonly mask: 'causal' | 'prefix';
  /** Training tokens in trillions; null where no primary source gives it. */
  readonly trainingTokensT: number | null;
  readonly confidence: Partial<Readonly<Record<FlaggableField, Confidence>>>;
  readonly sources: readonly ModelSourceId[];
};

// Shared settings per family; each model below overrides what differs.
const preNorm = { kind: 'pre-norm' } as const;
const untied = { tied: false, normHead: false } as const;
const rope10k = { kind: 'rope', theta: 10_000, rotaryDims: 128, pairing: 'interleaved', longContext: 'none' } as const;

const llama1 = {
  family: 'llama', role: 'release', heads: 32, headDim: 128, activation: 'swiglu',
  norm: { kind: 'rmsnorm', eps: 1e-6 }, residual: preNorm, position: rope10k,
  vocab: { tokenizer: 'sentencepiece-bpe', embeddingRows: 32_000 }, context: [{ tokens: 2048, scope: 'train' }],
  biases: 'none', head: untied, mask: 'causal', confidence: {}, sources: ['M1', 'L1P'],
} as const;
const llama2 = {
  ...llama1, family: 'llama-2', norm: { kind: 'rmsnorm', eps: 1e-5 },
  context: [{ tokens: 4096, scope: 'train' }], trainingTokensT: 2.0, sources: ['M2', 'L2P'],
} as const;
const chatglm2 = {
  family: 'chatglm', role: 'release', layers: 28, hidden: 4096, heads: 32, kvHeads: 2, headDim: 128,
  ffn: { width: 13_696 }, activation: 'swiglu', norm: { kind: 'rmsnorm', eps: 1e-5 }, residual: preNorm,
  position: { ...rope10k, rotaryDims: 64 }, vocab: { tokenizer: 'sentencepiece', embeddingRows: 65_024 },
  biases: 'qkv', head: untied, mask: 'causal',
} as const;
const baichuan = {
  family: 'baichuan', role: 'release', headDim: 128, activation: 'swiglu', norm: { kind: 'rmsnorm', eps: 1e-6 },
  residual: preNorm, vocab: { tokenizer: 'sentencepiece-bpe', embeddingRows: 64_000 },
  context: [{ tokens: 4096, scope: 'train' }], biases: 'none', head: untied, mask: 'causal',
} as const;
const baichuanRope = { ...rope10k, pairing: 'rotate-half' } as const;
const baichuan2 = {
  ...baichuan, vocab: { tokenizer: 'sentencepiece-bpe', embeddingRows: 125_696 },
  head: { tied: false, normHead: true }, trainingTokensT: 2.6,
} as const;
const qwen = {
  family: 'qwen', role: 'release', headDim: 128, activation: 'swiglu', norm: { kind: 'rmsnorm', eps: 1e-6 },
  residual: preNorm, position: { ...rope10k, pairing: 'rotate-half', longContext: 'dynamic-ntk-logn' },
  vocab: { tokenizer: 'tiktoken-bpe', embeddingRows: 151_936, tokenizerSize: 151_851 },
  biases: 'qkv', head: untied, mask: 'causal', confidence: { params: 'computed' }, sources: ['Q', 'C'],
} as const;

const llamaRule = { multipleOf: 256 } as const;

export const models = [
  { ...llama1, id: 'llama-7b', name: 'LLaMA-7B', params: { billions: 6.7, decimals: 1 }, layers: 32, hidden: 4096, kvHeads: 32,
    ffn: { width: 11_008, rule: llamaRule }, trainingTokensT: 1.0 },
  { ...llama1, id: 'llama-13b', name: 'LLaMA-13B', params: { billions: 13.0, decimals: 1 }, layers: 40, hidden: 5120, heads: 40,
    kvHeads: 40, ffn: { width: 13_824, rule: llamaRule }, trainingTokensT: 1.0 },
  { ...llama1, id: 'llama-33b', name: 'LLaMA-33B', params: { billions: 32.5, decimals: 1 }, layers: 60, hidden: 6656, heads: 52,
    kvHeads: 52, ffn: { width: 17_920, rule: llamaRule }, trainingTokensT: 1.4 },
  { ...llama1, id: 'llama-65b', name: 'LLaMA-65B', params: { billions: 65.2, decimals: 1 }, layers: 80, hidden: 8192, heads: 64,
    kvHeads: 64, ffn: { width: 22_016, rule: llamaRule }, trainingTokensT: 1.4 },

  { ...llama2, id: 'llama-2-7b', name: 'Llama 2 7B', params: { billions: 6.7, decimals: 1 }, layers: 32, hidden: 4096, kvHeads: 32,
    ffn: { width: 11_008, rule: llamaRule }, confidence: { params: 'computed' }, sources: ['M2', 'L2P', 'C'] },
  { ...llama2, id: 'llama-2-13b', name: 'Llama 2 13B', params: { billions: 13.0, decimals: 1 }, layers: 40, hidden: 5120,
    heads: 40, kvHeads: 40, ffn: { width: 13_824, rule: llamaRule }, confidence: { params: 'computed' },
    sources: ['M2', 'L2P', 'C'] },
  { ...llama2, id: 'llama-2-70b', name: 'Llama 2 70B', params: { billions: 69.0, decimals: 1 }, layers: 80, hidden: 8192,
    heads: 64, kvHeads: 8, ffn: { width: 28_672, rule: { multipleOf: 4096, multiplier: 1.3 } },
    confidence: { params: 'computed', ffn: 'secondhand' }, sources: ['M2', 'L2P', 'C'] },

  { id: 'chatglm-6b', family: 'chatglm', role: 'release', name: 'ChatGLM-6B', params: { billions: 6.2, decimals: 1 },
    layers: 28, hidden: 4096, heads: 32, kvHeads: 32, headDim: 128, ffn: { width: 16_384 }, activation: 'gelu',
    norm: { kind: 'layernorm', eps: 1e-5 }, residual: { kind: 'deepnorm-style', alpha: Math.sqrt(2 * 28) },
    position: { kind: 'rope-2d', theta: 10_000, dimsPerHalf: 64 }, vocab: { tokenizer: 'sentencepiece', embeddingRows: 130_528 },
    context: [{ tokens: 2048, scope: 'train' }], biases: 'all', head: { tied: true, normHead: false }, mask: 'prefix',
    trainingTokensT: 1.0, confidence: { tiedHead: 'inferred', trainingTokens: 'approximate' }, sources: ['G1', 'C'] },
  { ...chatglm2, id: 'chatglm2-6b', name: 'ChatGLM2-6B', params: { billions: 6.2, decimals: 1 },
    context: [{ tokens: 32_768, scope: 'base' }, { tokens: 8192, scope: 'chat' }], trainingTokensT: 1.4,
    confidence: { params: 'computed' }, sources: ['G2', 'C'] },
  { ...chatglm2, id: 'chatglm3-6b', name: 'ChatGLM3-6B', params: { billions: 6.2, decimals: 1 },
    context: [{ tokens: 8192, scope: 'chat' }], trainingTokensT: null,
    confidence: { params: 'computed', trainingTokens: 'unverified' }, sources: ['G3', 'C'] },

  { ...baichuan, id: 'baichuan-7b', name: 'Baichuan-7B', params: { billions: 7.0, decimals: 1, exact: 7_000_559_616 },
    layers: 32, hidden: 4096, heads: 32, kvHeads: 32, ffn: { width: 11_008 }, position: baichuanRope, trainingTokensT: 1.2,
    confidence: {}, sources: ['B1'] },
  { ...baichuan, id: 'baichuan-13b', name: 'Baichuan-13B', params: { billions: 13.3, decimals: 1, exact: 13_264_901_120 },
    layers: 40, hidden: 5120, heads: 40, kvHeads: 40, ffn: { width: 13_696 }, position: { kind: 'alibi' }, trainingTokensT: 1.4,
    confidence: {}, sources: ['B13', 'B13C'] },
  { ...baichuan2, id: 'baichuan2-7b', name: 'Baichuan2-7B', params: { billions: 7.5, decimals: 1 }, layers: 32, hidden: 4096,
    heads: 32, kvHeads: 32, ffn: { width: 11_008 }, position: baichuanRope,
    confidence: { params: 'computed' }, sources: ['B2', 'B2C', 'C'] },
  { ...baichuan2, id: 'baichuan2-13b', name: 'Baichuan2-13B', params: { billions: 13.9, decimals: 1 }, layers: 40, hidden: 5120,
    heads: 40, kvHeads: 40, ffn: { width: 13_696 }, position: { kind: 'alibi' }, confidence: { params: 'computed' },
    sources: ['B2', 'C'] },

  { ...qwen, id: 'qwen-1.8b', name: 'Qwen-1.8B', params: { billions: 1.84, decimals: 2 }, layers: 24, hidden: 2048, heads: 16,
    kvHeads: 16, ffn: { width: 5504, configValue: 11_008 }, context: [{ tokens: 2048, scope: 'train' }, { tokens: 32_768, scope: 'readme' }],
    trainingTokensT: 2.2 },
  { ...qwen, id: 'qwen-7b', name: 'Qwen-7B', params: { billions: 7.7, decimals: 1 }, layers: 32, hidden: 4096, heads: 32,
    kvHeads: 32, ffn: { width: 11_008, configValue: 22_016 },
    context: [{ tokens: 2048, scope: 'train' }, { tokens: 8192, scope: 'v1.1' }, { tokens: 32_768, scope: 'readme' }],
    trainingTokensT: 2.4 },
  { ...qwen, id: 'qwen-14b', name: 'Qwen-14B', params: { billions: 14.2, decimals: 1 }, layers: 40, hidden: 5120, heads: 40,
    kvHeads: 40, ffn: { width: 13_696, configValue: 27_392 }, vocab: { ...qwen.vocab, embeddingRows: 152_064 },
    context: [{ tokens: 2048, scope: 'train' }, { tokens: 8192, scope: 'readme' }], trainingTokensT: 3.0,
    confidence: { params: 'computed' }, sources: ['Q', 'QI419', 'C'] },
  { ...qwen, id: 'qwen-72b', name: 'Qwen-72B', params: { billions: 72.3, decimals: 1 }, layers: 80, hidden: 8192, heads: 64,
    kvHeads: 64, ffn: { width: 24_576, configValue: 49_152 }, norm: { kind: 'rmsnorm', eps: 1e-5 },
    position: { ...qwen.position, theta: 1_000_000, longContext: 'none' }, vocab: { ...qwen.vocab, embeddingRows: 152_064 },
    context: [{ tokens: 32_768, scope: 'readme' }], trainingTokensT: 3.0 },

  { ...llama2, id: 'tinyllama-1.1b', name: 'TinyLlama-1.1B', role: 'small-reference', params: { billions: 1.1, decimals: 1 },
    layers: 22, hidden: 2048, heads: 32, kvHeads: 4, headDim: 64, ffn: { width: 5632 },
    position: { ...rope10k, rotaryDims: 64, pairing: 'rotate-half' }, context: [{ tokens: 2048, scope: 'train' }],
    trainingTokensT: 3.0, sources: ['T'] },
  { ...qwen, id: 'qwen2.5-0.5b', name: 'Qwen2.5-0.5B', role: 'small-reference', params: { billions: 0.49, decimals: 2 },
    layers: 24, hidden: 896, heads: 14, kvHeads: 2, headDim: 64, ffn: { width: 4864 },
    position: { ...qwen.position, theta: 1_000_000, rotaryDims: 64, longContext: 'none' },
    vocab: { tokenizer: 'qwen2-bpe', embeddingRows: 151_936, tokenizerSize: 151_665 }, context: [{ tokens: 32_768, scope: 'readme' }],
    head: { tied: true, normHead: false }, trainingTokensT: 18, confidence: { dims: 'secondhand' }, sources: ['Q25'] },
] as const satisfies readonly ReleasedModel[];

export type ModelId = (typeof models)[number]['id'];

export function modelById(id: ModelId): ReleasedModel {
  const found = models.find((m) => m.id === id);
  if (!found) throw new Error(`catalog: no model ${id}`);
  return found;
}

// ---- Derived quantities. Pages show these instead of typing numbers in. ----

/** LLaMA's FFN width: hidden = int(2·4d/3), times the multiplier if any, rounded UP to a multiple. */
export function llamaFfnWidth(d: number, multipleOf: number, multiplier?: number): number {
  let hidden = Math.trunc((2 * 4 * d) / 3);
  if (multiplier !== undefined) hidden = Math.trunc(multiplier * hidden);
  return multipleOf * Math.ceil(hidden / multipleOf);
}

export type AttentionKind = 'MHA' | 'GQA' | 'MQA';

/** m = n key/value heads is multi-head attention, m = 1 multi-query, anything between grouped-query. */
export function attentionKind(model: Pick<ReleasedModel, 'heads' | 'kvHeads'>): AttentionKind {
  if (model.kvHeads === model.heads) return 'MHA';
  return model.kvHeads === 1 ? 'MQA' : 'GQA';
}

/** Where the model says where a token is: full-head RoPE, RoPE on part of the head, 2D RoPE, ALiBi. */
export function positionKind(model: ReleasedModel): 'rope' | 'rope-partial' | 'rope-2d' | 'alibi' {
  const p = model.position;
  if (p.kind === 'rope') return p.rotaryDims < model.headDim ? 'rope-partial' : 'rope';
  return p.kind;
}

/** The longest context any source states for the model. */
export function maxContext(model: ReleasedModel): number {
  return Math.max(...model.context.map((c) => c.tokens));
}

export type ParameterBreakdown = {
  readonly embedding: number;
  readonly perLayer: { readonly attention: number; readonly ffn: number; readonly norms: number };
  readonly layers: number;
  readonly finalNorm: number;
  readonly head: number;
  readonly total: number;
};

/** Weight matrices per FFN: SwiGLU has gate, up and down; the GELU MLP only up and down. */
const FFN_MATRICES = { swiglu: 3, gelu: 2 } as const satisfies Record<ReleasedModel['activation'], number>;
/** Vectors of d numbers per norm: RMSNorm a gain per channel, LayerNorm a gain and a bias. */
const NORM_VECTORS = { rmsnorm: 1, layernorm: 2 } as const satisfies Record<ReleasedModel['norm']['kind'], number>;

/** Counts the weights from the dimensions: embedding + L × (attention + FFN + 2 norms) + final norm + head. */
export function parameterBreakdown(model: ReleasedModel): ParameterBreakdown {
  const { hidden: d, heads: n, kvHeads: m, headDim, layers: L } = model;
  const qWidth = n * headDim;
  const kvWidth = m * headDim;
  const V = model.vocab.embeddingRows;
  const I = model.ffn.width;

  // W_q: d→n·hd, W_k and W_v: d→m·hd, W_o: n·hd→d.
  let attention = d * qWidth + 2 * d * kvWidth + qWidth * d;
  if (model.biases !== 'none') attention += qWidth + 2 * kvWidth;
  if (model.biases === 'all') attention += d;

  const ffnMatrices = FFN_MATRICES[model.activation];
  let ffn = ffnMatrices * d * I;
  if (model.biases === 'all') ffn += (ffnMatrices - 1) * I + d;

  const normSize = NORM_VECTORS[model.norm.kind] * d;
  const perLayer = { attention, ffn, norms: 2 * normSize };

  const embedding = V * d;
  const head = model.head.tied ? 0 : V * d;
  const total = embedding + L * (attention + ffn + 2 * normSize) + normSize + head;
  return { embedding, perLayer, layers: L, finalNorm: normSize, head, total };
}

export function parameterCount(model: ReleasedModel): number {
  return parameterBreakdown(model).total;
}

/** Bytes of KV cache one token adds: a key and a value of m·head_dim numbers in each of L layers. */
export function kvCacheBytesPerToken(model: Pick<ReleasedModel, 'layers' | 'kvHeads' | 'headDim'>, bytesPerValue: number): number {
  return 2 * model.layers * model.kvHeads * model.headDim * bytesPerValue;
}

export type FamilyGlance = {
  readonly family: CatalogFamily;
  readonly models: readonly ReleasedModel[];
  readonly attention: readonly AttentionKind[];
  readonly activations: readonly ReleasedModel['activation'][];
  readonly norms: readonly ReleasedModel['norm']['kind'][];
  readonly positions: readonly ReturnType<typeof positionKind>[];
  readonly masks: readonly ReleasedModel['mask'][];
  readonly maxContext: number;
};

const distinct = <T,>(values: readonly T[]): T[] => [...new Set(values)];

/** The released models grouped by family (small references left out), with each family's choices. */
export function familiesAtAGlance(): FamilyGlance[] {
  const all: readonly ReleasedModel[] = models;
  return catalogFamilies.map((family) => {
    const members = all.filter((m) => m.family === family && m.role === 'release');
    return {
      family,
      models: members,
      attention: distinct(members.map(attentionKind)),
      activations: distinct(members.map((m) => m.activation)),
      norms: distinct(members.map((m) => m.norm.kind)),
      positions: distinct(members.map(positionKind)),
      masks: distinct(members.map((m) => m.mask)),
      maxContext: Math.max(...members.map(maxContext)),
    };
  });
}
