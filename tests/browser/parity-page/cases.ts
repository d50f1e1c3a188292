// The graphs the parity page runs on WebGPU and on WASM, with seeded inputs and the largest
// |WebGPU − WASM| each may show. Adding a kernel to the check is one entry in PARITY_CASES.
//
// Shapes are tiny on purpose: in headless CI, WebGPU is SwiftShader on the CPU (seconds per shader
// compile). Float32 kernels agree to ~1e-6 between the two backends; the exception is sin/cos
// computed inside a graph, which WGSL only bounds to 2^-11 absolute for angles in [−π, π] — that is
// why the model path feeds host-made RoPE tables (kernels/ops/rope/table.ts), and why the in-graph
// RoPE cases keep their angles within [−π, π] and get a bound derived from that guarantee.
import { maskedAttentionGraph } from '../../../kernels/demos/masked-attention.ts';
import { alibiBiasGraph } from '../../../kernels/ops/alibi/graph.ts';
import { ffnGraph } from '../../../kernels/ops/ffn/graph.ts';
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

function ropeTableFeeds(random: Random, style: 'half' | 'interleaved', rotaryDim: number): Record<string, Feed> {
  const table = ropeTableData(range(T), float32InvFreq(rotaryDim, 10000), style);
  return {
    x: float(random, [2, T, H]),
    rope_cos: { type: 'float32', data: table.cos, dims: table.dims },
    rope_sin: { type: 'float32', data: table.sin, dims: table.dims },
  };
}

/** Positions 0..3 with inv_freq ≤ 1 keep every in-graph angle within [−π, π]. */
const SMALL_POSITIONS = range(4);

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
];
