// Everything the mask widget computes, in one call: the mask, the attention probabilities, and how
// much each position's output moves when one token is replaced (consequence 1 of the article), plus
// the loss positions (consequence 2). The widget only draws what this returns.
import { attentionMask, lossTargets, prefixLengthFor, type MaskMode } from '../ops/mask/reference.ts';
import { attentionReference } from '../ops/attention/reference.ts';
import type { Runtime, Backend, Feed } from '../runtime/runtime.ts';
import type { Tensor32 } from '../tensor.ts';
import { maskedAttentionGraph } from './masked-attention.ts';
import { tokenVectors } from './token-vectors.ts';

export const MASK_DEMO = { heads: 2, headDim: 16, maxTokens: 64 } as const;

export type MaskDemoRequest = {
  readonly tokens: readonly string[];
  readonly mode: MaskMode;
  /** Prompt length for the prefix mode (ignored by the others). */
  readonly prefix: number;
  /** The position whose token is replaced to show which outputs depend on it. */
  readonly probe: number;
};

export type MaskDemoResult = {
  /** [T, T], 1 where query i may read key j. */
  readonly mask: Tensor32<['T', 'T']>;
  /** [heads, T, T] */
  readonly probs: Tensor32<['heads', 'T', 'T']>;
  /** Per position: the largest change of its attention output when the probe token is replaced. */
  readonly outputChange: Float64Array;
  /** Per position: whether its token is a training target under this mask. */
  readonly lossTargets: boolean[];
  readonly backend: Backend | 'reference';
  readonly fallbackReason: string | undefined;
  readonly runMs: number;
};

/** The probe token's stand-in: any text the reader cannot type gives fresh vectors. */
const replaced = (token: string) => `\u0000replaced\u0000${token}`;

function withProbeReplaced(request: MaskDemoRequest): string[] {
  return request.tokens.map((token, i) => (i === request.probe ? replaced(token) : token));
}

/** q, k and v of a token list as float32, each [heads, T, d]. */
type Qkv = { readonly q: Float32Array; readonly k: Float32Array; readonly v: Float32Array };

function qkvOf(tokens: readonly string[]): Qkv {
  const { q, k, v } = tokenVectors(tokens, MASK_DEMO.heads, MASK_DEMO.headDim);
  return { q: Float32Array.from(q.data), k: Float32Array.from(k.data), v: Float32Array.from(v.data) };
}

/**
 * The vectors of the last token list. A reader moving a slider keeps the text, so seeding every
 * token again on each step would recompute the same numbers; a new text replaces the entry.
 */
let lastText: { readonly key: string; readonly qkv: Qkv } | undefined;

function originalQkv(tokens: readonly string[]): Qkv {
  const key = JSON.stringify(tokens);
  if (lastText?.key !== key) lastText = { key, qkv: qkvOf(tokens) };
  return lastText.qkv;
}

/**
 * The original sequence and the probed one (token k replaced) side by side as one batch of
 * 2·heads heads, [2·heads, T, d], original heads first. Attention never mixes heads, and both
 * sequences use the same mask, so one session.run computes both. A token's vectors depend only on
 * its text, so the probed half is the original with token k's rows swapped for the stand-in's.
 */
function stacked(original: Float32Array, standIn: Float32Array, tokenCount: number, probe: number): Feed {
  const { heads, headDim } = MASK_DEMO;
  const data = new Float32Array(2 * original.length);
  data.set(original);
  data.set(original, original.length);
  for (let h = 0; h < heads; h++) {
    data.set(standIn.subarray(h * headDim, (h + 1) * headDim), original.length + (h * tokenCount + probe) * headDim);
  }
  return { type: 'float32', data, dims: [2 * heads, tokenCount, headDim] };
}

/** Largest |a − b| over heads and dims, per position; a and b are [heads, T, d]. */
function changePerPosition(a: ArrayLike<number>, b: ArrayLike<number>, tokenCount: number): Float64Array {
  const { heads, headDim } = MASK_DEMO;
  const change = new Float64Array(tokenCount);
  for (let h = 0; h < heads; h++) {
    for (let t = 0; t < tokenCount; t++) {
      for (let c = 0; c < headDim; c++) {
        const i = (h * tokenCount + t) * headDim + c;
        change[t] = Math.max(change[t]!, Math.abs((a[i] as number) - (b[i] as number)));
      }
    }
  }
  return change;
}

export async function runMaskDemo(runtime: Runtime, request: MaskDemoRequest): Promise<MaskDemoResult> {
  const { heads, headDim } = MASK_DEMO;
  const tokenCount = request.tokens.length;
  const prefixLength = prefixLengthFor(request.mode, tokenCount, request.prefix);
  if (!Number.isInteger(request.probe) || request.probe < 0 || request.probe >= tokenCount) {
    throw new Error(`runMaskDemo: probe ${request.probe} is not a position of ${tokenCount} tokens`);
  }
  const original = originalQkv(request.tokens);
  const standIn = qkvOf([replaced(request.tokens[request.probe]!)]);
  const run = await runtime.run(maskedAttentionGraph({ heads: 2 * heads, headDim }), {
    q: stacked(original.q, standIn.q, tokenCount, request.probe),
    k: stacked(original.k, standIn.k, tokenCount, request.probe),
    v: stacked(original.v, standIn.v, tokenCount, request.probe),
    prefix_length: { type: 'int64', data: [prefixLength], dims: [1] },
  });
  // Both halves of the batch: [0, heads) is the original sequence, [heads, 2·heads) the probed one.
  const out = run.outputs.out!.data;
  const half = heads * tokenCount * headDim;
  return {
    mask: run.outputs.mask as Tensor32<['T', 'T']>,
    probs: { data: run.outputs.probs!.data.subarray(0, heads * tokenCount * tokenCount), shape: [heads, tokenCount, tokenCount] },
    outputChange: changePerPosition(out.subarray(0, half), out.subarray(half), tokenCount),
    lossTargets: lossTargets(prefixLength, tokenCount),
    backend: run.backend,
    fallbackReason: run.fallbackReason,
    runMs: run.runMs,
  };
}

/** The same computation in float64 TypeScript: the yardstick for tests and the benchmark. */
export function maskDemoReference(request: MaskDemoRequest): MaskDemoResult {
  const started = performance.now();
  const tokenCount = request.tokens.length;
  const prefixLength = prefixLengthFor(request.mode, tokenCount, request.prefix);
  const mask = attentionMask({ prefixLength }, tokenCount, tokenCount);
  const original = attentionReference({ ...tokenVectors(request.tokens, MASK_DEMO.heads, MASK_DEMO.headDim), mask });
  const probed = attentionReference({ ...tokenVectors(withProbeReplaced(request), MASK_DEMO.heads, MASK_DEMO.headDim), mask });
  return {
    mask: { data: Float32Array.from(mask.data), shape: mask.shape },
    probs: { data: Float32Array.from(original.probs.data), shape: original.probs.shape },
    outputChange: changePerPosition(original.out.data, probed.out.data, tokenCount),
    lossTargets: lossTargets(prefixLength, tokenCount),
    backend: 'reference',
    fallbackReason: undefined,
    runMs: performance.now() - started,
  };
}
