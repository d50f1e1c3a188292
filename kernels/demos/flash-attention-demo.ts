// What the FlashAttention widget computes: one head's attention over seeded random Q, K, V [N, d],
// once plainly (the whole N×N score matrix S and probabilities P, the mask widget's graph) and once
// tiled with an online softmax (../ops/flash-attention/graph.ts), on the same float32 inputs. It
// returns both outputs, their largest difference (float32 rounding only: the math is the same),
// the chosen query row's running m and ℓ after each block it reads, and the tile counts.
import { maskedAttentionGraph } from './masked-attention.ts';
import { attentionReference } from '../ops/attention/reference.ts';
import { flashAttentionGraph } from '../ops/flash-attention/graph.ts';
import { flashAttentionReference } from '../ops/flash-attention/reference.ts';
import { blocksRead, tileCounts, type TileCounts } from '../ops/flash-attention/tiles.ts';
import { attentionMask } from '../ops/mask/reference.ts';
import { normals, seededRandom } from '../random.ts';
import type { Backend, Runtime } from '../runtime/runtime.ts';
import { maxAbsDiff, tensor } from '../tensor.ts';

export const FLASH_DEMO = {
  minN: 4,
  maxN: 64,
  minD: 4,
  maxD: 16,
  minSeed: 0,
  maxSeed: 99_999,
} as const;

export type FlashRequest = {
  readonly N: number;
  /** Br = Bc, 1..N. */
  readonly Bc: number;
  readonly d: number;
  readonly causal: boolean;
  readonly seed: number;
  /** The query row whose m and ℓ are traced, 0..N − 1. */
  readonly row: number;
};

export type FlashResult = {
  readonly plain: Float64Array;
  readonly tiled: Float64Array;
  /** max |plain − tiled| over every output number. */
  readonly maxDiff: number;
  /** The row's m and ℓ after each block it reads (blocks it skips are left out). */
  readonly m: Float64Array;
  readonly ell: Float64Array;
  readonly counts: TileCounts;
};

export type FlashRun = FlashResult & { readonly backend: Backend; readonly fallbackReason: string | undefined; readonly runMs: number };

/** Refuses a request outside the demo's limits (the widget clamps before it asks). */
function checkRequest({ N, Bc, d, row, seed }: FlashRequest): void {
  const whole = (x: number, low: number, high: number) => Number.isInteger(x) && x >= low && x <= high;
  if (!whole(N, FLASH_DEMO.minN, FLASH_DEMO.maxN)) throw new Error(`flash demo: N = ${N} is outside ${FLASH_DEMO.minN}..${FLASH_DEMO.maxN}`);
  if (!whole(Bc, 1, N)) throw new Error(`flash demo: Bc = ${Bc} is outside 1..${N}`);
  if (!whole(d, FLASH_DEMO.minD, FLASH_DEMO.maxD)) throw new Error(`flash demo: d = ${d} is outside ${FLASH_DEMO.minD}..${FLASH_DEMO.maxD}`);
  if (!whole(row, 0, N - 1)) throw new Error(`flash demo: row ${row} is outside 0..${N - 1}`);
  if (!whole(seed, FLASH_DEMO.minSeed, FLASH_DEMO.maxSeed)) throw new Error(`flash demo: seed ${seed} is outside ${FLASH_DEMO.minSeed}..${FLASH_DEMO.maxSeed}`);
}

/** Q, K, V [N, d] drawn from the seed, already float32 so the graphs and the reference read the same numbers. */
export function flashInputs({ N, d, seed }: FlashRequest): { q: Float32Array; k: Float32Array; v: Float32Array } {
  const random = seededRandom(seed);
  const draw = () => Float32Array.from(normals(random, N * d));
  return { q: draw(), k: draw(), v: draw() };
}

/** The row's trace for the blocks it reads: the first `blocksRead` entries. */
function readBlocks(request: FlashRequest, trace: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: blocksRead(request, request.row) }, (_, j) => trace[j] as number);
}

export async function runFlashDemo(runtime: Runtime, request: FlashRequest): Promise<FlashRun> {
  checkRequest(request);
  const { N, d, causal, row } = request;
  const { q, k, v } = flashInputs(request);
  const feed = (data: Float32Array, heads: number[]) => ({ type: 'float32' as const, data, dims: [...heads, N, d] });
  // The mask graph reads keys below prefix_length whatever the position: N of them is no mask.
  const plain = await runtime.run(maskedAttentionGraph({ heads: 1, headDim: d }), {
    q: feed(q, [1]),
    k: feed(k, [1]),
    v: feed(v, [1]),
    prefix_length: { type: 'int64', data: [causal ? 0 : N], dims: [1] },
  });
  const tiled = await runtime.run(flashAttentionGraph(request), {
    q: feed(q, []),
    k: feed(k, []),
    v: feed(v, []),
    row: { type: 'int64', data: [row], dims: [1] },
  });
  const plainOut = plain.outputs['out'];
  const { out, m_trace: m, ell_trace: ell } = tiled.outputs;
  if (plainOut === undefined || out === undefined || m === undefined || ell === undefined) throw new Error('flash demo: a graph returned no out, m_trace or ell_trace');
  return {
    plain: Float64Array.from(plainOut.data),
    tiled: Float64Array.from(out.data),
    maxDiff: maxAbsDiff(plainOut.data, out.data),
    m: readBlocks(request, m.data),
    ell: readBlocks(request, ell.data),
    counts: tileCounts(request),
    backend: tiled.backend,
    fallbackReason: tiled.fallbackReason,
    runMs: plain.runMs + tiled.runMs,
  };
}

/** The float64 twin of `runFlashDemo` on the same float32-rounded inputs. */
export function referenceFlashDemo(request: FlashRequest): FlashResult {
  checkRequest(request);
  const { N, d, Bc, causal, row } = request;
  const inputs = flashInputs(request);
  const matrix = (data: Float32Array) => tensor<['T', 'd']>(Float64Array.from(data), [N, d]);
  const [q, k, v] = [matrix(inputs.q), matrix(inputs.k), matrix(inputs.v)];
  const plain = attentionReference({
    q: tensor<['heads', 'Tq', 'd']>(q.data, [1, N, d]),
    k: tensor<['kvHeads', 'Tk', 'd']>(k.data, [1, N, d]),
    v: tensor<['kvHeads', 'Tk', 'd']>(v.data, [1, N, d]),
    mask: attentionMask({ prefixLength: causal ? 0 : N }, N, N),
  }).out.data;
  const tiled = flashAttentionReference({ q, k, v, Bc, causal });
  const column = (trace: Float64Array) => Float64Array.from({ length: blocksRead(request, row) }, (_, j) => trace[j * N + row]!);
  return { plain, tiled: tiled.out.data, maxDiff: maxAbsDiff(plain, tiled.out.data), m: column(tiled.trace.m), ell: column(tiled.trace.ell), counts: tileCounts(request) };
}
