// Everything the RoPE widget computes, in one call: a query and a key rotated to their positions
// (the hands on the circles), their score, the same pair shifted by Δ (same score: RoPE only sees
// m − n), the score and RoFormer's long-range bound against distance, and each pair's wavelength
// next to the trained length S. The widget only draws what this returns.
//
// Modes are the families' layouts:
//   full     rotate-half or interleaved over the whole head (LLaMA, Qwen, Baichuan-7B)
//   partial  interleaved on the first half of the head only (ChatGLM2/3)
//   glm2d    two rotate-half RoPEs, position and block position, one per half-head (ChatGLM-6B)
//   extend   full RoPE stretched past S: linear interpolation, NTK-aware, Qwen's dynamic NTK + logN
import { normals, seedFromText, seededRandom } from '../random.ts';
import { float16InvFreq, float32InvFreq } from '../ops/rope/inv-freq.ts';
import { applyGlm2dRope, applyQueryScale, applyRopeHalf, applyRopeInterleaved } from '../ops/rope/reference.ts';
import { linearScaledInvFreq, ntkAwareInvFreq, qwenDynamicInvFreq, qwenLogNScale, qwenNtkAlpha } from '../ops/rope/scaling.ts';
import { ropeTableData } from '../ops/rope/table.ts';
import type { RopeStyle } from '../ops/rope/graph.ts';
import type { Backend, Feed, Runtime } from '../runtime/runtime.ts';
import { tensor, type Tensor } from '../tensor.ts';
import { ropeScoresGraph, type RopeLayout } from './rope-scores.ts';

export type RopeMode = 'full' | 'partial' | 'glm2d' | 'extend';
export type RopeExtension = 'none' | 'linear' | 'ntk' | 'qwen';
/** 'same': k = q (the score peaks at distance 0); 'random': q and k drawn independently. */
export type RopeVectors = 'same' | 'random';

export const ROPE_MODES: readonly RopeMode[] = ['full', 'partial', 'glm2d', 'extend'];
export const ROPE_EXTENSIONS: readonly RopeExtension[] = ['none', 'linear', 'ntk', 'qwen'];
export const ROPE_STYLES: readonly RopeStyle[] = ['half', 'interleaved'];

export const ROPE_DEMO = {
  headDims: [8, 16, 32, 64, 128],
  /** Largest position (and distance) the widget accepts. */
  maxPosition: 65536,
  /** Largest block position (ChatGLM-6B's second row counts generated tokens). */
  maxBlock: 256,
  /** The distance curve has at most this many points, evenly spread over 0 … maxDistance. */
  curveSamples: 512,
} as const;

export type RopeDemoRequest = {
  readonly mode: RopeMode;
  /** Pairing for 'full' and 'extend'; 'partial' is always interleaved and 'glm2d' rotate-half. */
  readonly style: RopeStyle;
  readonly headDim: number;
  readonly base: number;
  readonly vectors: RopeVectors;
  /** Query position m and key position n. */
  readonly query: number;
  readonly key: number;
  /** Both positions moved by Δ. */
  readonly shift: number;
  /** ChatGLM-6B's block positions of the query and the key ('glm2d' only). */
  readonly queryBlock: number;
  readonly keyBlock: number;
  /** 'extend' only: the method, the trained length S and the length L to reach. */
  readonly extension: RopeExtension;
  readonly trained: number;
  readonly target: number;
  /** The distance axis runs 0 … maxDistance. */
  readonly maxDistance: number;
};

/** Pair k rotates channels a and b together; `a` is the cosine side (x_a′ = x_a cos − x_b sin). */
export type ChannelPair = { readonly a: number; readonly b: number; /** 'block' for the 2-D layout's second half */ readonly row: 'position' | 'block' };

export type RopeDemoResult = {
  readonly pairs: readonly ChannelPair[];
  /** The query at m and the key at n after rotation (q includes the logN factor), [d] each. */
  readonly queryRotated: Float32Array;
  readonly keyRotated: Float32Array;
  /** q′·k′ at (m, n) and at (m + Δ, n + Δ). */
  readonly score: number;
  readonly shiftedScore: number;
  /** Qwen's logN factor of the query at m and at m + Δ (1 and 1 unless it applies). */
  readonly queryScales: readonly [number, number];
  /** Distances r of the curve, and q′·k′ with the query at r and the key at 0. */
  readonly distances: readonly number[];
  readonly scores: Float32Array;
  /** RoFormer's mean |S_j| at each distance (largest at r = 0: (P + 1)/2 for P pairs). */
  readonly bound: Float32Array;
  /** 2π / θ_k per pair of the position row, as used, and before any extension. */
  readonly wavelengths: Float64Array;
  readonly baseWavelengths: Float64Array;
  /** Qwen's NTK α (1 when unused) and the base the frequencies come from. */
  readonly alpha: number;
  readonly effectiveBase: number;
  readonly backend: Backend | 'reference';
  readonly fallbackReason: string | undefined;
  readonly runMs: number;
};

/** The layout a mode uses for a head of `headDim` channels. */
export function layoutOf(request: Pick<RopeDemoRequest, 'mode' | 'style' | 'headDim'>): RopeLayout {
  switch (request.mode) {
    case 'full':
    case 'extend':
      return { kind: 'rope', style: request.style, rotaryDim: request.headDim };
    case 'partial':
      return { kind: 'rope', style: 'interleaved', rotaryDim: request.headDim / 2 };
    case 'glm2d':
      return { kind: 'glm2d' };
  }
}

/** Which channels each pair rotates, in the order of inv_freq: what "rotate-half" and "interleaved" mean. */
export function channelPairs(layout: RopeLayout, headDim: number): ChannelPair[] {
  const pairsOf = (style: RopeStyle, width: number, offset: number, row: ChannelPair['row']): ChannelPair[] =>
    Array.from({ length: width / 2 }, (_, k) =>
      style === 'half' ? { a: offset + k, b: offset + k + width / 2, row } : { a: offset + 2 * k, b: offset + 2 * k + 1, row },
    );
  if (layout.kind === 'glm2d') return [...pairsOf('half', headDim / 2, 0, 'position'), ...pairsOf('half', headDim / 2, headDim / 2, 'block')];
  return pairsOf(layout.style, layout.rotaryDim, 0, 'position');
}

/** The length the model is asked to reach, as a factor of S (never below 1: no compression). */
function stretch(request: RopeDemoRequest): number {
  return Math.max(1, request.target / request.trained);
}

/** inv_freq as the mode's official code builds it, plus Qwen's α. */
export function frequenciesOf(request: RopeDemoRequest): { invFreq: Float64Array; baseInvFreq: Float64Array; alpha: number; effectiveBase: number } {
  const { mode, headDim, base } = request;
  if (mode === 'partial') return same(float32InvFreq(headDim / 2, base), base);
  if (mode === 'glm2d') return same(float16InvFreq(headDim / 2, base), base);
  const baseInvFreq = float32InvFreq(headDim, base);
  if (mode === 'full' || request.extension === 'none') return same(baseInvFreq, base);
  const s = stretch(request);
  switch (request.extension) {
    case 'linear':
      return { invFreq: linearScaledInvFreq(baseInvFreq, s), baseInvFreq, alpha: 1, effectiveBase: base };
    case 'ntk':
      return { invFreq: ntkAwareInvFreq(headDim, base, s), baseInvFreq, alpha: 1, effectiveBase: base * s ** (headDim / (headDim - 2)) };
    case 'qwen': {
      const alpha = qwenNtkAlpha(request.target, request.trained);
      return {
        invFreq: qwenDynamicInvFreq(headDim, base, request.target, request.trained),
        baseInvFreq,
        alpha,
        effectiveBase: base * alpha ** (headDim / (headDim - 2)),
      };
    }
  }
}

function same(invFreq: Float64Array, base: number) {
  return { invFreq, baseInvFreq: invFreq, alpha: 1, effectiveBase: base };
}

/** `count` evenly spread whole distances from 0 to `max`, both included. */
export function curveDistances(max: number, count: number = ROPE_DEMO.curveSamples): number[] {
  const n = Math.min(max + 1, count);
  if (n <= 1) return [0];
  return Array.from({ length: n }, (_, i) => Math.round((i * max) / (n - 1)));
}

/** Seeded q and k for a head size, rounded to float32 so graph and reference start equal. */
export function demoVectors(headDim: number, vectors: RopeVectors): { q: Float64Array; k: Float64Array } {
  const draw = (role: string) => normals(seededRandom(seedFromText(`rope-demo|${role}|${headDim}`)), headDim).map(Math.fround);
  const q = draw('q');
  return { q, k: vectors === 'same' ? q : draw('k') };
}

/** The rows the graph computes: the pair, the shifted pair, then the distance curve (key at 0). */
type Rows = {
  readonly qPos: number[];
  readonly kPos: number[];
  readonly qBlock: number[];
  readonly kBlock: number[];
  readonly distances: number[];
};

function rowsOf(request: RopeDemoRequest): Rows {
  const { query, key, shift, queryBlock, keyBlock } = request;
  const distances = curveDistances(request.maxDistance);
  const blocks = (b: number) => Array(2 + distances.length).fill(b) as number[];
  return {
    qPos: [query, query + shift, ...distances],
    kPos: [key, key + shift, ...distances.map(() => 0)],
    qBlock: blocks(queryBlock),
    kBlock: blocks(keyBlock),
    distances,
  };
}

/** logN factor per query row (Qwen only; ones otherwise). */
function queryScales(request: RopeDemoRequest, qPos: readonly number[]): Float64Array {
  return request.mode === 'extend' && request.extension === 'qwen' ? qwenLogNScale(qPos, request.trained) : new Float64Array(qPos.length).fill(1);
}

function pairScales(request: RopeDemoRequest): [number, number] {
  const [scale, shifted] = queryScales(request, [request.query, request.query + request.shift]);
  return [scale!, shifted!];
}

function checkRequest(request: RopeDemoRequest): void {
  const { headDim, base, trained, target, maxDistance } = request;
  if (!(ROPE_DEMO.headDims as readonly number[]).includes(headDim)) throw new Error(`RoPE demo: head dim ${headDim} is not one of ${ROPE_DEMO.headDims.join(', ')}`);
  if (!(base > 1)) throw new Error(`RoPE demo: base must exceed 1, got ${base}`);
  for (const [name, value] of Object.entries({ trained, target, maxDistance })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`RoPE demo: ${name} must be a whole number ≥ 1, got ${value}`);
  }
}

function tiled(vector: Float64Array, rows: number): Float32Array {
  const out = new Float32Array(rows * vector.length);
  for (let t = 0; t < rows; t++) out.set(vector, t * vector.length);
  return out;
}

function tableFeeds(prefix: string, positions: readonly number[], invFreq: Float64Array, style: RopeStyle): Record<string, Feed> {
  const { cos, sin, dims } = ropeTableData(positions, invFreq, style);
  return { [`${prefix}_cos`]: { type: 'float32', data: cos, dims }, [`${prefix}_sin`]: { type: 'float32', data: sin, dims } };
}

function rotationFeeds(side: 'q' | 'k', positions: number[], blocks: number[], layout: RopeLayout, invFreq: Float64Array): Record<string, Feed> {
  if (layout.kind === 'glm2d') {
    return { ...tableFeeds(`${side}_rope_pos`, positions, invFreq, 'half'), ...tableFeeds(`${side}_rope_block`, blocks, invFreq, 'half') };
  }
  return tableFeeds(`${side}_rope`, positions, invFreq, layout.style);
}

/** Relative distance of each row, for the bound (|S_j| is the same at r and −r). */
const rowDistances = (rows: Rows) => rows.qPos.map((p, t) => p - rows.kPos[t]!);

/** The distance curve of a request: it depends on everything but the positions m, n and Δ. */
type Curve = { readonly key: string; readonly scores: Float32Array; readonly bound: Float32Array };

const curveKeyOf = ({ query, key, shift, ...rest }: RopeDemoRequest) => JSON.stringify(rest);

/**
 * The curve of the last request. A reader dragging a position slider leaves the curve as it is, so
 * those updates run only the two rows of the pair and its shifted twin; anything else recomputes it.
 */
let lastCurve: Curve | undefined;

export async function runRopeDemo(runtime: Runtime, request: RopeDemoRequest): Promise<RopeDemoResult> {
  checkRequest(request);
  const { headDim } = request;
  const layout = layoutOf(request);
  const frequencies = frequenciesOf(request);
  const { q, k } = demoVectors(headDim, request.vectors);
  const curveKey = curveKeyOf(request);
  const cached = lastCurve?.key === curveKey ? lastCurve : undefined;
  const all = rowsOf(request);
  // Without the curve: the first two rows only.
  const rows: Rows = cached ? { ...all, qPos: all.qPos.slice(0, 2), kPos: all.kPos.slice(0, 2), qBlock: all.qBlock.slice(0, 2), kBlock: all.kBlock.slice(0, 2) } : all;
  const T = rows.qPos.length;
  const run = await runtime.run(ropeScoresGraph(layout, headDim), {
    q: { type: 'float32', data: tiled(q, T), dims: [1, T, headDim] },
    k: { type: 'float32', data: tiled(k, T), dims: [1, T, headDim] },
    q_scale: { type: 'float32', data: Float32Array.from(queryScales(request, rows.qPos)), dims: [T] },
    ...rotationFeeds('q', rows.qPos, rows.qBlock, layout, frequencies.invFreq),
    ...rotationFeeds('k', rows.kPos, rows.kBlock, layout, frequencies.invFreq),
    ...tableFeeds('bound', rowDistances(rows), frequencies.invFreq, 'interleaved'),
  });
  const score = run.outputs.score!.data;
  const curve = cached ?? { key: curveKey, scores: score.slice(2), bound: run.outputs.bound!.data.slice(2) };
  lastCurve = curve;
  return {
    pairs: channelPairs(layout, headDim),
    queryRotated: run.outputs.q_rot!.data.slice(0, headDim),
    keyRotated: run.outputs.k_rot!.data.slice(0, headDim),
    score: score[0]!,
    shiftedScore: score[1]!,
    queryScales: pairScales(request),
    distances: all.distances,
    scores: curve.scores,
    bound: curve.bound,
    ...wavelengthsOf(frequencies),
    alpha: frequencies.alpha,
    effectiveBase: frequencies.effectiveBase,
    backend: run.backend,
    fallbackReason: run.fallbackReason,
    runMs: run.runMs,
  };
}

function wavelengthsOf({ invFreq, baseInvFreq }: { invFreq: Float64Array; baseInvFreq: Float64Array }) {
  return { wavelengths: invFreq.map((inv) => (2 * Math.PI) / inv), baseWavelengths: baseInvFreq.map((inv) => (2 * Math.PI) / inv) };
}

type Rows64 = Tensor<['heads', 'T', 'd']>;

/** The float64 twin of one side's rotation, through the kernels' reference functions. */
function rotateReference(x: Rows64, positions: number[], blocks: number[], layout: RopeLayout, invFreq: Float64Array): Rows64 {
  if (layout.kind === 'glm2d') return applyGlm2dRope(x, positions, blocks, invFreq);
  return layout.style === 'half' ? applyRopeHalf(x, positions, invFreq) : applyRopeInterleaved(x, positions, invFreq);
}

/** RoFormer's mean_j |Σ_{k<j} e^{i r θ_k}| in float64. */
export function longRangeBound(distance: number, invFreq: Float64Array): number {
  let [re, im, total] = [0, 0, 0];
  for (const theta of invFreq) {
    re += Math.cos(distance * theta);
    im += Math.sin(distance * theta);
    total += Math.hypot(re, im);
  }
  return total / invFreq.length;
}

/** The same computation in float64 TypeScript: the yardstick for tests. */
export function ropeDemoReference(request: RopeDemoRequest): RopeDemoResult {
  const started = performance.now();
  checkRequest(request);
  const { headDim } = request;
  const layout = layoutOf(request);
  const frequencies = frequenciesOf(request);
  const { q, k } = demoVectors(headDim, request.vectors);
  const rows = rowsOf(request);
  const T = rows.qPos.length;
  const asRows = (v: Float64Array) => tensor<['heads', 'T', 'd']>(Float64Array.from(tiled(v, T)), [1, T, headDim]);
  const qRot = applyQueryScale(rotateReference(asRows(q), rows.qPos, rows.qBlock, layout, frequencies.invFreq), queryScales(request, rows.qPos));
  const kRot = rotateReference(asRows(k), rows.kPos, rows.kBlock, layout, frequencies.invFreq);
  const scores = Array.from({ length: T }, (_, t) => {
    let sum = 0;
    for (let c = 0; c < headDim; c++) sum += qRot.data[t * headDim + c]! * kRot.data[t * headDim + c]!;
    return sum;
  });
  const bound = rowDistances(rows).map((r) => longRangeBound(r, frequencies.invFreq));
  return {
    pairs: channelPairs(layout, headDim),
    queryRotated: Float32Array.from(qRot.data.subarray(0, headDim)),
    keyRotated: Float32Array.from(kRot.data.subarray(0, headDim)),
    score: scores[0]!,
    shiftedScore: scores[1]!,
    queryScales: pairScales(request),
    distances: rows.distances,
    scores: Float32Array.from(scores.slice(2)),
    bound: Float32Array.from(bound.slice(2)),
    ...wavelengthsOf(frequencies),
    alpha: frequencies.alpha,
    effectiveBase: frequencies.effectiveBase,
    backend: 'reference',
    fallbackReason: undefined,
    runMs: performance.now() - started,
  };
}
