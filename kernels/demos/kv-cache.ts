// The arithmetic behind the attention-sharing widget: which key/value head each query head reads,
// and how many bytes the KV cache holds, per token and at a context length, for the reader's own
// settings and for every released model in the catalog. Pure numbers, no runtime.
//
//   bytes per token  = 2 · L · m · d_head · b     (2 = a key and a value; L layers; m KV heads; b bytes per number)
//   bytes at context = bytes per token · tokens
import { attentionKind, kvCacheBytesPerToken, models, type AttentionKind, type ReleasedModel } from '../families/catalog.ts';

export { attentionKind };

/** What the cache size depends on. Query heads n only decide how heads map onto the m KV heads. */
export type KvShape = {
  readonly heads: number;
  readonly kvHeads: number;
  readonly layers: number;
  readonly headDim: number;
};

/** Bytes per cached number: fp32 4, fp16/bf16 2, int8 1. */
export const KV_DTYPES = { fp32: 4, fp16: 2, int8: 1 } as const;
export type KvDtype = keyof typeof KV_DTYPES;

/** The divisors of n, smallest first: the KV-head counts that split n query heads into equal groups. */
export function divisors(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1).filter((m) => n % m === 0);
}

/** The KV head query head h reads: g(h) = ⌊h / (n/m)⌋, so each group is a run of n/m neighbours. */
export function kvHeadOf({ heads, kvHeads }: Pick<KvShape, 'heads' | 'kvHeads'>, h: number): number {
  return Math.floor(h / (heads / kvHeads));
}

export function kvBytesPerToken(shape: Pick<KvShape, 'layers' | 'kvHeads' | 'headDim'>, dtype: KvDtype): number {
  return kvCacheBytesPerToken(shape, KV_DTYPES[dtype]);
}

export function kvBytesAt(shape: Pick<KvShape, 'layers' | 'kvHeads' | 'headDim'>, dtype: KvDtype, tokens: number): number {
  return kvBytesPerToken(shape, dtype) * tokens;
}

/** One row of the widget's table. */
export type KvRow = {
  readonly id: string;
  readonly name: string;
  readonly shape: KvShape;
  readonly kind: AttentionKind;
  readonly perToken: number;
  readonly atContext: number;
};

function rowOf(model: ReleasedModel, dtype: KvDtype, tokens: number): KvRow {
  const shape = { heads: model.heads, kvHeads: model.kvHeads, layers: model.layers, headDim: model.headDim };
  return {
    id: model.id,
    name: model.name,
    shape,
    kind: attentionKind(model),
    perToken: kvBytesPerToken(shape, dtype),
    atContext: kvBytesAt(shape, dtype, tokens),
  };
}

/** Every released model of the catalog (not the small references), in catalog order. */
export function releasedKvRows(dtype: KvDtype, tokens: number): KvRow[] {
  return models.filter((model) => model.role === 'release').map((model) => rowOf(model, dtype, tokens));
}

/** Context lengths the memory chart samples: powers of two from 256 to `upTo` (and `upTo` itself). */
export function contextSamples(upTo: number): number[] {
  const samples: number[] = [];
  for (let tokens = 256; tokens < upTo; tokens *= 2) samples.push(tokens);
  samples.push(upTo);
  return samples;
}
