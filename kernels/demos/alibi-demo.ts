// Everything the ALiBi widget computes, in one call: the head slopes, the bias every head adds, the
// attention one query pays to keys at each distance, and, for comparison, the RoPE score of one q·k
// against distance, with what happens past the training length under each scheme.
//
//   ALiBi:  logit(i, j) = q·k + m_h · j        (Baichuan's form; softmax sees the same as −m_h·(i − j))
//   RoPE:   logit(d)    = q·k · s(d),  s(d) = v · R(d) v  for a unit vector v of equal channels
//                       = mean over pairs k of cos(d · θ_k)
//
// ALiBi's penalty keeps growing linearly past the training length, so attention stays local.
// RoPE at distance d rotates pair k by d·θ_k; a slow pair whose full turn 2π/θ_k is longer than the
// training length never saw angles beyond (L_train − 1)·θ_k, and a longer context shows it new ones
// (`unseenRopeAngles`).
import { attr, GraphBuilder } from '../onnx/graph-builder.ts';
import { emitAlibiBias } from '../ops/alibi/graph.ts';
import { alibiSlopes } from '../ops/alibi/slopes.ts';
import { emitAttention } from '../ops/attention/graph.ts';
import { emitAllowedMask } from '../ops/mask/graph.ts';
import { emitInvFreqConstant, emitRope } from '../ops/rope/graph.ts';
import { float32InvFreq } from '../ops/rope/inv-freq.ts';
import type { Backend, GraphSource, Runtime } from '../runtime/runtime.ts';

/** Limits of the demo: what the widget lets the reader ask for. */
export const ALIBI_DEMO = {
  maxHeads: 64,
  minLength: 2,
  maxLength: 128,
  minTrainLength: 4,
  maxTrainLength: 64,
  /** The RoPE comparison uses a LLaMA-like head: 64 channels (32 pairs), base 10000, rotate-half. */
  ropeDim: 64,
  ropeBase: 10_000,
} as const;

export type AlibiDemoRequest = {
  readonly heads: number;
  /** Positions 0 … T−1; the query of the distance chart is the last one, T − 1. */
  readonly length: number;
  /** The length the model was trained on: distances ≥ L_train were never seen in training. */
  readonly trainLength: number;
  /** The content score q·k/√d, the same for every key, so only position changes the logit. */
  readonly qk: number;
};

export type AlibiDemoResult = {
  /** m_h as float32 (as the model holds them), [heads]. */
  readonly slopes: Float32Array;
  /** −m_h · (i − j), [heads, T, T] row-major; the causal mask hides j > i. */
  readonly bias: Float32Array;
  /** Attention of the last query over its keys, per head, [heads, T]; index j is key position j. */
  readonly lastRow: Float32Array;
  /** RoPE logit q·k · s(d) for distance d = 0 … T−1, [T]. */
  readonly ropeScore: Float32Array;
  /** [pairs, T]: 1 where pair k at distance d turns to an angle never seen in training. */
  readonly unseenAngles: Uint8Array;
  /** Frequency pairs that meet such an angle within the length shown. */
  readonly unseenPairs: number;
  readonly ropePairs: number;
  readonly backend: Backend | 'reference';
  readonly fallbackReason: string | undefined;
  readonly runMs: number;
};

function checkRequest({ heads, length, trainLength }: AlibiDemoRequest): void {
  if (!Number.isInteger(heads) || heads < 1 || heads > ALIBI_DEMO.maxHeads) throw new Error(`ALiBi demo: ${heads} heads is outside 1..${ALIBI_DEMO.maxHeads}`);
  if (!Number.isInteger(length) || length < ALIBI_DEMO.minLength || length > ALIBI_DEMO.maxLength)
    throw new Error(`ALiBi demo: length ${length} is outside ${ALIBI_DEMO.minLength}..${ALIBI_DEMO.maxLength}`);
  if (!Number.isInteger(trainLength) || trainLength < 1) throw new Error(`ALiBi demo: training length ${trainLength} is not a positive integer`);
}

/**
 * Which RoPE angles a model trained on L_train tokens never saw, [pairs, T] row-major: pair k at
 * distance d turns by d·θ_k. In training, distances stopped at L_train − 1, so pair k saw the angles
 * 0 … (L_train − 1)·θ_k; a pair that made a full turn in that range saw every angle, the others see
 * a new one whenever d·θ_k (mod 2π) lies past what they reached.
 */
export function unseenRopeAngles(invFreq: ArrayLike<number>, trainLength: number, length: number): Uint8Array {
  const unseen = new Uint8Array(invFreq.length * length);
  for (let k = 0; k < invFreq.length; k++) {
    const theta = invFreq[k] as number;
    const reached = (trainLength - 1) * theta;
    if (reached >= 2 * Math.PI) continue;
    for (let d = trainLength; d < length; d++) if ((d * theta) % (2 * Math.PI) > reached) unseen[k * length + d] = 1;
  }
  return unseen;
}

/** How many pairs meet at least one unseen angle within the length shown. */
export function unseenRopePairs(unseen: Uint8Array, length: number): number {
  let pairs = 0;
  for (let k = 0; k * length < unseen.length; k++) if (unseen.subarray(k * length, (k + 1) * length).includes(1)) pairs += 1;
  return pairs;
}

/**
 * ALiBi attention of equal-content keys. Inputs: `positions` int64 [T]; `q` [heads, T, 1] holding
 * q·k in its one channel and `k` [1, T, 1] of ones, so every query-key pair scores q·k before the
 * bias (v = k is not used). Outputs: `bias` [heads, T, T] = −m·(i − j), `probs` [heads, T, T].
 */
export function alibiDemoGraph(heads: number): GraphSource {
  return {
    key: `demo-alibi:h${heads}`,
    build() {
      const g = new GraphBuilder('alibi_demo');
      const positions = g.input('positions', 'int64', ['T']);
      const q = g.input('q', 'float32', [heads, 'T', 1]);
      const k = g.input('k', 'float32', [1, 'T', 1]);
      const m_j = emitAlibiBias(g, alibiSlopes(heads), positions, positions); // [heads, T, T] = m·j
      const allowed = emitAllowedMask(g, { queries: k, queryAxis: 1, keys: k, keyAxis: 1, prefixLength: g.int64('causal', [0]) });
      const { probs } = emitAttention(g, { q, k, v: k, allowed, bias: m_j }, { nHeads: heads, nKvHeads: 1, headDim: 1, scale: 1 });
      // −m·(i − j) = m·j − m·i, and m·i is the bias transposed.
      const m_i = g.op('Transpose', [m_j], { perm: attr.ints([0, 2, 1]) }, 'alibi_m_i');
      g.output(g.op('Sub', [m_j, m_i], {}, 'alibi_relative'), 'bias', 'float32', [heads, 'T', 'T']);
      g.output(probs, 'probs', 'float32', [heads, 'T', 'T']);
      return g.toModelBytes();
    },
  };
}

/**
 * RoPE score against distance. Inputs: `x` [1, T, dim] (v at every position), `positions` int64 [T],
 * `qk` float [1]. Output: `score` [1, T, 1] = qk · R(0)v · R(d)v.
 */
export function ropeDistanceGraph(): GraphSource {
  const { ropeDim, ropeBase } = ALIBI_DEMO;
  return {
    key: `demo-rope-distance:d${ropeDim}:b${ropeBase}`,
    build() {
      const g = new GraphBuilder('rope_distance');
      const x = g.input('x', 'float32', [1, 'T', ropeDim]);
      const positions = g.input('positions', 'int64', ['T']);
      const qk = g.input('qk', 'float32', [1]);
      const rotated = emitRope(g, x, positions, emitInvFreqConstant(g, float32InvFreq(ropeDim, ropeBase)), { style: 'half' });
      const first = g.op('Slice', [rotated, g.int64('first_start', [0]), g.int64('first_end', [1]), g.int64('first_axis', [1])], {}, 'query_at_0');
      const dots = g.op('MatMul', [rotated, g.op('Transpose', [first], { perm: attr.ints([0, 2, 1]) }, 'query_column')], {}, 'dots');
      g.output(g.op('Mul', [dots, qk], {}, 'rope_score'), 'score', 'float32', [1, 'T', 1]);
      return g.toModelBytes();
    },
  };
}

function unseenOf(invFreq: ArrayLike<number>, trainLength: number, length: number): { unseenAngles: Uint8Array; unseenPairs: number } {
  const unseenAngles = unseenRopeAngles(invFreq, trainLength, length);
  return { unseenAngles, unseenPairs: unseenRopePairs(unseenAngles, length) };
}

/** v: equal channels with |v| = 1, so s(0) = 1 and s(d) is the mean cosine over the pairs. */
function unitVector(dim: number): Float32Array {
  return new Float32Array(dim).fill(1 / Math.sqrt(dim));
}

/**
 * The share of head h's last-query attention on keys at distance ≥ L_train (key positions
 * j ≤ T − 1 − L_train): what a model trained on L_train tokens never spread attention over.
 */
export function attentionBeyond(lastRow: ArrayLike<number>, length: number, head: number, trainLength: number): number {
  let share = 0;
  for (let j = 0; j <= length - 1 - trainLength; j++) share += lastRow[head * length + j] as number;
  return share;
}

function lastRows(probs: Float32Array, heads: number, length: number): Float32Array {
  const rows = new Float32Array(heads * length);
  for (let h = 0; h < heads; h++) rows.set(probs.subarray((h * length + length - 1) * length, (h * length + length) * length), h * length);
  return rows;
}

export async function runAlibiDemo(runtime: Runtime, request: AlibiDemoRequest): Promise<AlibiDemoResult> {
  checkRequest(request);
  const { heads, length, trainLength, qk } = request;
  const positions = { type: 'int64', data: Array.from({ length }, (_, i) => i), dims: [length] } as const;
  const qkFeed = { type: 'float32', data: Float32Array.of(qk), dims: [1] } as const;
  const alibi = await runtime.run(alibiDemoGraph(heads), {
    positions,
    q: { type: 'float32', data: new Float32Array(heads * length).fill(qk), dims: [heads, length, 1] },
    k: { type: 'float32', data: new Float32Array(length).fill(1), dims: [1, length, 1] },
  });
  const { ropeDim } = ALIBI_DEMO;
  const x = new Float32Array(length * ropeDim);
  for (let t = 0; t < length; t++) x.set(unitVector(ropeDim), t * ropeDim);
  const rope = await runtime.run(ropeDistanceGraph(), { x: { type: 'float32', data: x, dims: [1, length, ropeDim] }, positions, qk: qkFeed });
  return {
    slopes: Float32Array.from(alibiSlopes(heads)),
    bias: alibi.outputs.bias!.data,
    lastRow: lastRows(alibi.outputs.probs!.data, heads, length),
    ropeScore: rope.outputs.score!.data,
    ...unseenOf(float32InvFreq(ropeDim, ALIBI_DEMO.ropeBase), trainLength, length),
    ropePairs: ropeDim / 2,
    backend: alibi.backend,
    fallbackReason: alibi.fallbackReason,
    runMs: alibi.runMs + rope.runMs,
  };
}

/**
 * The same numbers in float64, written from the formulas rather than the graphs: the yardstick for
 * tests. Slopes go through float32 first, as the model's tensor holds them.
 */
export function alibiDemoReference(request: AlibiDemoRequest): AlibiDemoResult {
  checkRequest(request);
  const started = performance.now();
  const { heads, length: T, trainLength, qk } = request;
  const slopes = alibiSlopes(heads).map(Math.fround);
  const bias = new Float64Array(heads * T * T);
  const lastRow = new Float64Array(heads * T);
  slopes.forEach((m, h) => {
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) bias[(h * T + i) * T + j] = -m * (i - j);
    // The last query i = T − 1 over keys j ≤ i: softmax of qk − m·(i − j).
    const logits = Array.from({ length: T }, (_, j) => qk - m * (T - 1 - j));
    const max = Math.max(...logits);
    const sum = logits.reduce((s, z) => s + Math.exp(z - max), 0);
    logits.forEach((z, j) => (lastRow[h * T + j] = Math.exp(z - max) / sum));
  });
  const invFreq = float32InvFreq(ALIBI_DEMO.ropeDim, ALIBI_DEMO.ropeBase);
  const ropeScore = Float64Array.from({ length: T }, (_, d) => {
    let mean = 0;
    for (const theta of invFreq) mean += Math.cos(d * theta);
    return (qk * mean) / invFreq.length;
  });
  return {
    slopes: Float32Array.from(slopes),
    bias: Float32Array.from(bias),
    lastRow: Float32Array.from(lastRow),
    ropeScore: Float32Array.from(ropeScore),
    ...unseenOf(invFreq, trainLength, T),
    ropePairs: invFreq.length,
    backend: 'reference',
    fallbackReason: undefined,
    runMs: performance.now() - started,
  };
}
