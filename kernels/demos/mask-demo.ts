// Everything the mask widget computes, in one call: the mask, the attention probabilities, and how
// much each position's output moves when one token is replaced (consequence 1 of the article), plus
// the loss positions (consequence 2). The widget only draws what this returns.
import { attentionMask, lossTargets, prefixLengthFor, type MaskMode } from '../ops/mask/reference.ts';
import { attentionReference } from '../ops/attention/reference.ts';
import type { Runtime, Backend, Feed } from '../runtime/runtime.ts';
import type { Tensor32 } from '../tensor.ts';
import { maskedAttentionGraph } from './masked-attention.ts';
import { tokenVectors, type HeadVectors } from './token-vectors.ts';

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

function feeds(vectors: { q: HeadVectors; k: HeadVectors; v: HeadVectors }, prefixLength: number): Record<string, Feed> {
  const f32 = (t: HeadVectors): Feed => ({ type: 'float32', data: Float32Array.from(t.data), dims: [...t.shape] });
  return {
    q: f32(vectors.q),
    k: f32(vectors.k),
    v: f32(vectors.v),
    prefix_length: { type: 'int64', data: [prefixLength], dims: [1] },
  };
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
  const tokenCount = request.tokens.length;
  const prefixLength = prefixLengthFor(request.mode, tokenCount, request.prefix);
  const graph = maskedAttentionGraph(MASK_DEMO);
  const original = await runtime.run(graph, feeds(tokenVectors(request.tokens, MASK_DEMO.heads, MASK_DEMO.headDim), prefixLength));
  const probed = await runtime.run(graph, feeds(tokenVectors(withProbeReplaced(request), MASK_DEMO.heads, MASK_DEMO.headDim), prefixLength));
  return {
    mask: original.outputs.mask as Tensor32<['T', 'T']>,
    probs: original.outputs.probs as Tensor32<['heads', 'T', 'T']>,
    outputChange: changePerPosition(original.outputs.out!.data, probed.outputs.out!.data, tokenCount),
    lossTargets: lossTargets(prefixLength, tokenCount),
    backend: original.backend,
    fallbackReason: original.fallbackReason,
    runMs: original.runMs + probed.runMs,
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
