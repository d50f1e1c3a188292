// The attention-sharing widget's state: the reader's attention shape (query heads n, KV heads m,
// layers, head size, number format, context length) and the tiny replica whose live attention is
// shown, how it travels in the URL (namespace `share-`), and how it is clamped.
//
// Pure functions, unit-tested without a browser. Every adjustment comes back as a note the widget
// shows: numbers outside their range are moved to the nearest end, and a KV-head count that does not
// divide n becomes the nearest divisor (groups must be equal).
import { divisors, KV_DTYPES, type KvDtype } from '../../../kernels/demos/kv-cache.ts';
import { clampAsked, integerParam, type NotANumberNote } from '../shared/numbers.ts';
import { weightsParam, type UnknownWeightsNote, type Weights } from '../shared/weights.ts';

/** The variants with shared keys: Llama 2 70B style GQA and ChatGLM2's multi-query groups. */
export const SHARING_REPLICAS = ['llama2-gqa', 'chatglm2-6b'] as const;
export type SharingReplica = (typeof SHARING_REPLICAS)[number];

export const KV_DTYPE_NAMES = Object.keys(KV_DTYPES) as KvDtype[];

export type SharingState = {
  readonly heads: number;
  readonly kvHeads: number;
  readonly layers: number;
  readonly headDim: number;
  readonly dtype: KvDtype;
  /** Context length L in tokens: the cache at L is what the table and the chart's marker show. */
  readonly context: number;
  readonly replica: SharingReplica;
  /** The trained model of that architecture (default) or its random-weight replica. */
  readonly weights: Weights;
  /** Which of the replica's layers the attention comes from. */
  readonly layer: number;
};

export const SHARING_PARAMS = {
  heads: 'share-heads',
  kvHeads: 'share-kv',
  layers: 'share-layers',
  headDim: 'share-dim',
  dtype: 'share-dtype',
  context: 'share-ctx',
  replica: 'share-model',
  weights: 'share-weights',
  layer: 'share-layer',
} as const satisfies Record<keyof SharingState, string>;

export const SHARING_NAMESPACE = 'share';

/** Layers of the replicas; a model from a hub brings its own count (`resolveSharingState`). */
export const REPLICA_LAYERS = 2;

/** Bounds of every number, the layer's for the replicas. */
export const SHARING_LIMITS = {
  heads: [1, 128],
  layers: [1, 160],
  headDim: [1, 512],
  context: [1, 1_048_576],
  layer: [0, REPLICA_LAYERS - 1],
} as const satisfies Partial<Record<keyof SharingState, readonly [number, number]>>;

export const SHARING_DEFAULTS: SharingState = {
  heads: 8,
  kvHeads: 2,
  layers: 32,
  headDim: 128,
  dtype: 'fp16',
  context: 4096,
  replica: 'llama2-gqa',
  weights: 'trained',
  layer: 1,
};

export type SharingNote =
  | NotANumberNote
  | UnknownWeightsNote
  | { readonly kind: 'unknown-value'; readonly param: string; readonly value: string }
  | { readonly kind: 'clamped'; readonly param: string; readonly asked: number; readonly used: number; readonly low: number; readonly high: number }
  | { readonly kind: 'not-a-divisor'; readonly asked: number; readonly used: number; readonly heads: number };

function oneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** The state a URL asks for, on top of `defaults`; numbers are bounded later by `resolveSharingState`. */
export function parseSharingState(search: string, defaults: SharingState): { state: SharingState; notes: SharingNote[] } {
  const params = new URLSearchParams(search);
  const notes: SharingNote[] = [];
  const choice = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const value = params.get(name);
    if (value === null) return fallback;
    if (oneOf(values, value)) return value;
    notes.push({ kind: 'unknown-value', param: name, value });
    return fallback;
  };
  const integer = (key: keyof SharingState & keyof typeof SHARING_PARAMS) =>
    integerParam(params, SHARING_PARAMS[key], defaults[key] as number, notes);
  return {
    state: {
      heads: integer('heads'),
      kvHeads: integer('kvHeads'),
      layers: integer('layers'),
      headDim: integer('headDim'),
      dtype: choice(SHARING_PARAMS.dtype, KV_DTYPE_NAMES, defaults.dtype),
      context: integer('context'),
      replica: choice(SHARING_PARAMS.replica, SHARING_REPLICAS, defaults.replica),
      weights: weightsParam(params, SHARING_PARAMS.weights, defaults.weights, notes),
      layer: integer('layer'),
    },
    notes,
  };
}

export function serializeSharingState(state: SharingState): Record<string, string> {
  return {
    [SHARING_PARAMS.heads]: String(state.heads),
    [SHARING_PARAMS.kvHeads]: String(state.kvHeads),
    [SHARING_PARAMS.layers]: String(state.layers),
    [SHARING_PARAMS.headDim]: String(state.headDim),
    [SHARING_PARAMS.dtype]: state.dtype,
    [SHARING_PARAMS.context]: String(state.context),
    [SHARING_PARAMS.replica]: state.replica,
    [SHARING_PARAMS.weights]: state.weights,
    [SHARING_PARAMS.layer]: String(state.layer),
  };
}

/** The divisor of n nearest to `asked` (the smaller one on a tie). */
export function nearestDivisor(n: number, asked: number): number {
  return divisors(n).reduce((best, m) => (Math.abs(m - asked) < Math.abs(best - asked) ? m : best));
}

/**
 * Every number inside its bounds, m a divisor of n, the layer one of the `modelLayers` of the model
 * whose attention is shown. A value that is not a finite number (an empty field) counts as the lower bound.
 */
export function resolveSharingState(state: SharingState, modelLayers: number = REPLICA_LAYERS): { state: SharingState; notes: SharingNote[] } {
  const notes: SharingNote[] = [];
  const bounded = (key: keyof typeof SHARING_LIMITS): number => {
    const [low, high] = key === 'layer' ? [0, modelLayers - 1] : SHARING_LIMITS[key];
    const asked = state[key];
    const used = clampAsked(asked, low, high);
    if (used !== asked) notes.push({ kind: 'clamped', param: SHARING_PARAMS[key], asked, used, low, high });
    return used;
  };
  const heads = bounded('heads');
  const askedKv = Number.isFinite(state.kvHeads) ? state.kvHeads : 1;
  const kvHeads = nearestDivisor(heads, askedKv);
  if (kvHeads !== state.kvHeads) notes.push({ kind: 'not-a-divisor', asked: state.kvHeads, used: kvHeads, heads });
  return {
    state: {
      ...state,
      heads,
      kvHeads,
      layers: bounded('layers'),
      headDim: bounded('headDim'),
      context: bounded('context'),
      layer: bounded('layer'),
    },
    notes,
  };
}
