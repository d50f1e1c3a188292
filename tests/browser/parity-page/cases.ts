// The graphs the parity page runs on WebGPU and on WASM, with seeded inputs and the largest
// |WebGPU − WASM| each may show. Adding a kernel to the check is one entry in PARITY_CASES.
//
// Shapes are tiny on purpose: in headless CI, WebGPU is SwiftShader on the CPU (seconds per shader
// compile). Float32 kernels agree to ~1e-6 between the two backends; the exception is sin/cos
// computed inside a graph, which WGSL only bounds to 2^-11 absolute for angles in [−π, π] — that is
// why the model path feeds host-made RoPE tables (kernels/ops/rope/table.ts), and why the in-graph
// RoPE cases keep their angles within [−π, π] and get a bound derived from that guarantee.
import { ALIBI_DEMO, alibiDemoGraph, ropeDistanceGraph } from '../../../kernels/demos/alibi-demo.ts';
import { maskedAttentionGraph } from '../../../kernels/demos/masked-attention.ts';
import { NORM_DEMO, normPairGraph } from '../../../kernels/demos/norm-demo.ts';
import { flashAttentionGraph } from '../../../kernels/ops/flash-attention/graph.ts';
import { fakeQuantizeFeeds, fakeQuantizeGraph } from '../../../kernels/ops/quantize/graph.ts';
import { ropeScoresGraph, type RopeLayout } from '../../../kernels/demos/rope-scores.ts';
import { alibiBiasGraph } from '../../../kernels/ops/alibi/graph.ts';
import { activationsGraph, ffnGraph } from '../../../kernels/ops/ffn/graph.ts';
import type { FfnKind } from '../../../kernels/ops/ffn/kind.ts';
import { embeddingGraph, linearGraph, outputHeadGraph } from '../../../kernels/ops/linear/graph.ts';
import { glmResidualGraph, layerNormGraph, rmsNormGraph } from '../../../kernels/ops/norm/graph.ts';
import { float16InvFreq, float32InvFreq } from '../../../kernels/ops/rope/inv-freq.ts';
import { glm2dRopeGraph, queryScaleGraph, ropeFromTableGraph, ropeGraph } from '../../../kernels/ops/rope/graph.ts';
import { ropeTableData } from '../../../kernels/ops/rope/table.ts';
import { normals, seededRandom, seedFromText, type Random } from '../../../kernels/random.ts';
import type { Feed, GraphSource } from '../../../kernels/runtime/runtime.ts';

export type ParityCase = {
  readonly name: string;
  readonly graph: GraphSource;
  readonly feeds: Record<string, Feed>;
  /** Largest allowed |WebGPU − WASM| over every output. */
  readonly tolerance: number;
};

/** The masked-attention graph behind the mask widget must agree to this. */
export const ATTENTION_TOLERANCE = 1e-5;
/** Every other float32 kernel. */
export const KERNEL_TOLERANCE = 1e-4;
/** WGSL's accuracy for sin and cos of an angle in [−π, π]. */
const WGSL_TRIG_ERROR = 2 ** -11;

const float = (random: Random, dims: readonly number[], scale = 1): Feed => ({
  type: 'float32',
  data: Float32Array.from(normals(random, dims.reduce((a, b) => a * b, 1), scale)),
  dims,
});
const int64 = (values: readonly number[]): Feed => ({ type: 'int64', data: values, dims: [values.length] });
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const maxAbs = (feed: Feed): number => (feed.type === 'float32' ? feed.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0) : 0);

/** A rotation with cos and sin each off by ε moves an output channel by at most 2ε·max|x|. */
const inGraphTrigTolerance = (x: Feed): number => 2 * WGSL_TRIG_ERROR * maxAbs(x) + KERNEL_TOLERANCE;

/** One case: its inputs come from a generator seeded by its name, so every run feeds the same numbers. */
function kernelCase(
  name: string,
  graph: GraphSource,
  makeFeeds: (random: Random) => Record<string, Feed>,
  tolerance: number | ((feeds: Record<string, Feed>) => number) = KERNEL_TOLERANCE,
): ParityCase {
  const feeds = makeFeeds(seededRandom(seedFromText(name)));
  return { name, graph, feeds, tolerance: typeof tolerance === 'number' ? tolerance : tolerance(feeds) };
}

const T = 6;
const H = 16;
const FFN_WIDTH = 32;

/** Weights of the standalone FFN graph, named as its doc comment lists them. */
function ffnWeights(random: Random, kind: FfnKind, bias: boolean): Record<string, Feed> {
  const layers: Record<FfnKind, [string, number, number][]> = {
    swiglu: [['gate_proj', FFN_WIDTH, H], ['up_proj', FFN_WIDTH, H], ['down_proj', H, FFN_WIDTH]],
    'swiglu-chunked': [['dense_h_to_4h', 2 * FFN_WIDTH, H], ['dense_4h_to_h', H, FFN_WIDTH]],
    'qwen-w1-silu-w2': [['w1', FFN_WIDTH, H], ['w2', FFN_WIDTH, H], ['c_proj', H, FFN_WIDTH]],
    'gelu-tanh': [['dense_h_to_4h', FFN_WIDTH, H], ['dense_4h_to_h', H, FFN_WIDTH]],
  };
  const feeds: Record<string, Feed> = { x: float(random, [T, H]) };
  for (const [name, out, inDim] of layers[kind]) {
    feeds[`${name}.weight`] = float(random, [out, inDim], 1 / Math.sqrt(inDim));
    if (bias) feeds[`${name}.bias`] = float(random, [out], 0.1);
  }
  return feeds;
}

/** A host cos/sin table as the two feeds `${prefix}_cos` and `${prefix}_sin`. */
function tableFeeds(prefix: string, positions: readonly number[], invFreq: Float64Array, style: 'half' | 'interleaved'): Record<string, Feed> {
  const { cos, sin, dims } = ropeTableData(positions, invFreq, style);
  return { [`${prefix}_cos`]: { type: 'float32', data: cos, dims }, [`${prefix}_sin`]: { type: 'float32', data: sin, dims } };
}

function ropeTableFeeds(random: Random, style: 'half' | 'interleaved', rotaryDim: number): Record<string, Feed> {
  return { x: float(random, [2, T, H]), ...tableFeeds('rope', range(T), float32InvFreq(rotaryDim, 10000), style) };
}

/** Positions 0..3 with inv_freq ≤ 1 keep every in-graph angle within [−π, π]. */
const SMALL_POSITIONS = range(4);

/** Rows of the RoPE widget's graph: query and key positions (and ChatGLM-6B's block positions). */
const ROPE_ROWS = { q: [3, 5, 0, 2, 7, 1], k: [0, 2, 0, 5, 1, 1], qBlock: [0, 0, 1, 2, 0, 1], kBlock: [0, 1, 0, 0, 2, 1] };

/** The RoPE widget's graph (kernels/demos/rope-scores.ts) for one layout, fed host tables as the widget feeds it. */
function ropeScoresCase(name: string, layout: RopeLayout, invFreq: Float64Array): ParityCase {
  const side = (prefix: 'q' | 'k', positions: number[], blocks: number[]) =>
    layout.kind === 'glm2d'
      ? { ...tableFeeds(`${prefix}_rope_pos`, positions, invFreq, 'half'), ...tableFeeds(`${prefix}_rope_block`, blocks, invFreq, 'half') }
      : tableFeeds(`${prefix}_rope`, positions, invFreq, layout.style);
  return kernelCase(name, ropeScoresGraph(layout, H), (random) => ({
    q: float(random, [1, T, H]),
    k: float(random, [1, T, H]),
    q_scale: { type: 'float32', data: Float32Array.from(range(T), (t) => 1 + t / 10), dims: [T] },
    ...side('q', ROPE_ROWS.q, ROPE_ROWS.qBlock),
    ...side('k', ROPE_ROWS.k, ROPE_ROWS.kBlock),
    ...tableFeeds('bound', ROPE_ROWS.q.map((p, t) => p - ROPE_ROWS.k[t]!), invFreq, 'interleaved'),
  }));
}

/**
 * The ALiBi widget's RoPE comparison turns a unit vector v of `ropeDim` equal channels with sin/cos
 * computed in the graph: each channel of R(d)v is off by at most 2ε·max|v|, so the score
 * q·k · Σ_c R(0)v_c · R(d)v_c is off by at most q·k · 2ε · ropeDim · max|v|².
 */
const ALIBI_ROPE_QK = 1.5;
const UNIT_CHANNEL = 1 / Math.sqrt(ALIBI_DEMO.ropeDim);
const alibiRopeTolerance = 2 * WGSL_TRIG_ERROR * ALIBI_DEMO.ropeDim * UNIT_CHANNEL ** 2 * ALIBI_ROPE_QK + KERNEL_TOLERANCE;

/** The graphs behind the idea widgets (kernels/demos/), on tiny shapes. */
const DEMO_CASES: readonly ParityCase[] = [
  ...[3, 8].map((heads) =>
    kernelCase(`ALiBi widget: bias and attention, ${heads} heads, T ${T}`, alibiDemoGraph(heads), (random) => ({
      positions: int64(range(T)),
      q: float(random, [heads, T, 1]),
      k: { type: 'float32', data: new Float32Array(T).fill(1), dims: [1, T, 1] },
    })),
  ),
  kernelCase(
    'ALiBi widget: RoPE score against distance, in-graph sin/cos',
    ropeDistanceGraph(),
    () => ({
      x: { type: 'float32', data: new Float32Array(SMALL_POSITIONS.length * ALIBI_DEMO.ropeDim).fill(UNIT_CHANNEL), dims: [1, SMALL_POSITIONS.length, ALIBI_DEMO.ropeDim] },
      positions: int64(SMALL_POSITIONS),
      qk: { type: 'float32', data: Float32Array.of(ALIBI_ROPE_QK), dims: [1] },
    }),
    alibiRopeTolerance,
  ),
  kernelCase('norm widget: LayerNorm and RMSNorm of x and k·x + c', normPairGraph(NORM_DEMO.eps), (random) => ({
    x: float(random, [2, 4], 3),
    ones: { type: 'float32', data: new Float32Array(4).fill(1), dims: [4] },
    zeros: { type: 'float32', data: new Float32Array(4), dims: [4] },
  })),
  kernelCase('activations widget: ReLU, GELU, SiLU, gated', activationsGraph(), (random) => ({ z: float(random, [9], 3), up: float(random, [9]) })),
  // The FlashAttention widget's tiled graph: N not a multiple of Bc, so the last block is short.
  ...[false, true].map((causal) =>
    kernelCase(`FlashAttention widget: tiled online softmax, N 6, Bc 4, d 4, ${causal ? 'causal' : 'no mask'}`, flashAttentionGraph({ N: 6, Bc: 4, d: 4, causal }), (random) => ({
      q: float(random, [6, 4]),
      k: float(random, [6, 4]),
      v: float(random, [6, 4]),
      row: int64([5]),
    }), ATTENTION_TOLERANCE),
  ),
  ropeScoresCase('RoPE widget: scores and bound, rotate-half', { kind: 'rope', style: 'half', rotaryDim: H }, float32InvFreq(H, 10000)),
  ropeScoresCase('RoPE widget: scores and bound, interleaved on the first half (ChatGLM2)', { kind: 'rope', style: 'interleaved', rotaryDim: H / 2 }, float32InvFreq(H / 2, 10000)),
  ropeScoresCase('RoPE widget: scores and bound, 2-D (ChatGLM-6B)', { kind: 'glm2d' }, float32InvFreq(H / 2, 10000)),
  // The quantization widget's graph: rows of 10 in groups of 4 (the last one short), 4 and 2 bits.
  // A w/s on a rounding tie that the backends broke apart would differ by a whole step; these seeded
  // weights have none.
  ...[4, 2].map((bits) =>
    kernelCase(`quantization widget: fake quantize, 3×10 in groups of 4, ${bits} bits`, fakeQuantizeGraph(), (random) =>
      fakeQuantizeFeeds(Float32Array.from(normals(random, 30, 0.5)), [3, 10], 4, bits),
    ),
  ),
];

export const PARITY_CASES: readonly ParityCase[] = [
  kernelCase(
    'masked attention (mask widget graph), heads 2, T 12, d 16, prefix 5',
    maskedAttentionGraph({ heads: 2, headDim: 16 }),
    (random) => ({
      q: float(random, [2, 12, 16]),
      k: float(random, [2, 12, 16]),
      v: float(random, [2, 12, 16]),
      prefix_length: int64([5]),
    }),
    ATTENTION_TOLERANCE,
  ),
  kernelCase('RMSNorm', rmsNormGraph({ eps: 1e-6 }), (random) => ({ x: float(random, [T, H]), weight: float(random, [H]) })),
  kernelCase('LayerNorm', layerNormGraph({ eps: 1e-5 }), (random) => ({
    x: float(random, [T, H]),
    weight: float(random, [H]),
    bias: float(random, [H]),
  })),
  kernelCase('ChatGLM-6B residual', glmResidualGraph({ alpha: Math.sqrt(56) }), (random) => ({
    normed: float(random, [T, H]),
    sublayer: float(random, [T, H]),
  })),
  kernelCase('RoPE rotate-half, host tables', ropeFromTableGraph({ style: 'half' }), (random) => ropeTableFeeds(random, 'half', H)),
  kernelCase('RoPE interleaved, first half of the head, host tables', ropeFromTableGraph({ style: 'interleaved', rotaryDim: H / 2 }), (random) =>
    ropeTableFeeds(random, 'interleaved', H / 2),
  ),
  kernelCase(
    'RoPE rotate-half, in-graph sin/cos',
    ropeGraph({ style: 'half', invFreq: float32InvFreq(H, 10000) }),
    (random) => ({ x: float(random, [2, SMALL_POSITIONS.length, H]), positions: int64(SMALL_POSITIONS) }),
    (feeds) => inGraphTrigTolerance(feeds.x!),
  ),
  kernelCase(
    'ChatGLM-6B 2-D RoPE, in-graph sin/cos',
    glm2dRopeGraph(),
    (random) => ({
      x: float(random, [2, SMALL_POSITIONS.length, H]),
      position_ids: int64([0, 1, 2, 2]),
      block_position_ids: int64([0, 0, 1, 2]),
      inv_freq: { type: 'float32', data: Float32Array.from(float16InvFreq(H / 2, 10000)), dims: [H / 4] },
    }),
    (feeds) => inGraphTrigTolerance(feeds.x!),
  ),
  kernelCase('Qwen logN query scale', queryScaleGraph(), (random) => ({
    q: float(random, [2, T, H]),
    scale: { type: 'float32', data: Float32Array.from(range(T), (p) => Math.max(1, Math.log(p + 1) / Math.log(3))), dims: [T] },
  })),
  ...[8, 40].map((heads) =>
    kernelCase(`ALiBi bias, ${heads} heads`, alibiBiasGraph({ heads }), () => ({
      query_positions: int64(range(T)),
      key_positions: int64(range(T)),
    })),
  ),
  ...(['swiglu', 'swiglu-chunked', 'qwen-w1-silu-w2', 'gelu-tanh'] as const).map((kind) =>
    kernelCase(`FFN ${kind}${kind === 'gelu-tanh' ? ' with biases' : ''}`, ffnGraph({ kind, bias: kind === 'gelu-tanh' }), (random) =>
      ffnWeights(random, kind, kind === 'gelu-tanh'),
    ),
  ),
  kernelCase('linear with bias', linearGraph({ bias: true }), (random) => ({
    x: float(random, [T, H]),
    weight: float(random, [FFN_WIDTH, H], 0.25),
    bias: float(random, [FFN_WIDTH]),
  })),
  kernelCase('embedding lookup', embeddingGraph(), (random) => ({ table: float(random, [20, H]), ids: int64([3, 0, 19, 7, 7, 12]) })),
  ...(['untied', 'tied', 'norm-head'] as const).map((kind) =>
    kernelCase(`output head ${kind}`, outputHeadGraph({ kind }), (random) => ({
      x: float(random, [T, H]),
      weight: float(random, [20, H], 0.25),
    })),
  ),
  ...DEMO_CASES,
];
