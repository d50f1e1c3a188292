// Every architectural difference between two catalog models, read from the catalog alone: for each
// aspect (norm, positions, attention sharing, FFN, vocabulary, head tying, mask, context, dims...)
// the two models' facts, kept when they differ, with the article that explains that aspect.
// Pure data in, pure data out: the compare page formats the facts in the reader's language.
import type { ReleasedModel } from './catalog.ts';

export type Aspect =
  | 'norm'
  | 'residual'
  | 'position'
  | 'attention'
  | 'ffn'
  | 'vocab'
  | 'head'
  | 'biases'
  | 'mask'
  | 'context'
  | 'dims'
  | 'params'
  | 'training';

/** The site's article that explains an aspect, as a slug without the language (e.g. 'ideas/rope'). */
export type ArticleSlug = `ideas/${string}` | `families/${string}`;

type AspectRule = {
  /** The catalog fields this aspect shows; a model pair differs in the aspect when any of them differs. */
  readonly fields: readonly (keyof ReleasedModel)[];
  /** What is compared, where not every part of those fields is architecture (default: the fields' values). */
  readonly facts?: (m: ReleasedModel) => unknown;
  readonly article: (a: ReleasedModel, b: ReleasedModel) => ArticleSlug;
};

const family = (m: ReleasedModel): ArticleSlug => `families/${m.family}`;

export const ASPECTS: Readonly<Record<Aspect, AspectRule>> = {
  norm: { fields: ['norm'], article: () => 'ideas/normalization' },
  residual: { fields: ['residual'], article: () => 'ideas/normalization' },
  position: {
    fields: ['position'],
    // RoPE over the whole head is the same scheme at any head size (the head size is under dims).
    facts: (m) => (m.position.kind === 'rope' && m.position.rotaryDims === m.headDim ? { ...m.position, rotaryDims: 'whole head' } : m.position),
    article: (a, b) => (a.position.kind === 'alibi' || b.position.kind === 'alibi' ? 'ideas/alibi' : 'ideas/rope'),
  },
  attention: { fields: ['heads', 'kvHeads'], article: () => 'ideas/attention-variants' },
  // The FFN's sizing rule explains its width; two equal widths are the same FFN whatever the rule.
  ffn: { fields: ['activation', 'ffn'], facts: (m) => [m.activation, m.ffn.width, m.ffn.configValue], article: () => 'ideas/activations' },
  vocab: { fields: ['vocab'], article: () => 'ideas/tokenizers' },
  head: { fields: ['head'], article: () => 'ideas/tokenizers' },
  biases: { fields: ['biases'], article: (a, b) => family(a.biases === 'none' ? b : a) },
  mask: { fields: ['mask'], article: () => 'ideas/causal-vs-prefix' },
  context: { fields: ['context'], article: () => 'ideas/rope' },
  dims: { fields: ['layers', 'hidden', 'headDim'], article: (_a, b) => family(b) },
  params: { fields: ['params'], article: (_a, b) => family(b) },
  training: { fields: ['trainingTokensT'], article: (_a, b) => family(b) },
};

export const ASPECT_ORDER = Object.keys(ASPECTS) as Aspect[];

export type Difference = {
  readonly aspect: Aspect;
  readonly a: ReleasedModel;
  readonly b: ReleasedModel;
  readonly article: ArticleSlug;
};

export type ArchDiff = {
  readonly differences: readonly Difference[];
  /** Aspects in which the two models agree. */
  readonly same: readonly Aspect[];
};

/** Structural equality of catalog values (numbers, strings, booleans, arrays, plain objects). */
export function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].every((key) => sameValue((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]));
}

/** What `aspect` compares of model `m`. */
export function aspectFacts(aspect: Aspect, m: ReleasedModel): unknown {
  const rule = ASPECTS[aspect];
  return rule.facts ? rule.facts(m) : rule.fields.map((field) => m[field]);
}

export function archDiff(a: ReleasedModel, b: ReleasedModel): ArchDiff {
  const differences: Difference[] = [];
  const same: Aspect[] = [];
  for (const aspect of ASPECT_ORDER) {
    if (sameValue(aspectFacts(aspect, a), aspectFacts(aspect, b))) same.push(aspect);
    else differences.push({ aspect, a, b, article: ASPECTS[aspect].article(a, b) });
  }
  return { differences, same };
}

