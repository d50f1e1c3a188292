// What the norm widget computes, in two parts.
//
// 1. One vector x (the reader's, a few entries) and its transform x' = k·x + c, each through
//    LayerNorm and RMSNorm with unit gain and zero bias, in one graph call ([2, H] rows):
//      LN(x)  = (x − mean x) / √(var x + ε)      unchanged by c and by k > 0
//      RMS(x) = x / √(mean x² + ε)               unchanged by k > 0, changed by c
//    (up to ε: the invariances are exact only where ε is negligible against var x or mean x²).
//
// 2. The residual stream's size layer by layer in a tiny replica: the RMS of hidden.{l}, the
//    decoder graph's output after layer l, averaged over the prompt's tokens. Pre-norm (LLaMA and
//    most families) adds each sublayer's output to x, so x grows; ChatGLM-6B's skip path carries
//    α·LN(x) instead, so every layer's output has RMS near α·|g| ≈ √56.
import { emitLayerNorm, emitRmsNorm } from '../ops/norm/graph.ts';
import { layerNorm, rmsNorm } from '../ops/norm/reference.ts';
import { graphSource } from '../onnx/graph-source.ts';
import type { SequenceRunner } from '../families/forward/sequence-runner.ts';
import { referenceForward } from '../families/forward/reference.ts';
import type { TensorStore } from '../checkpoint/load.ts';
import type { ModelSpec } from '../families/spec.ts';
import type { Backend, GraphSource, Runtime } from '../runtime/runtime.ts';
import { tensor, type Tensor, type Tensor32 } from '../tensor.ts';

export const NORM_DEMO = {
  /** Entries of the reader's vector. */
  minEntries: 2,
  maxEntries: 8,
  /** Entries, shift and scale are kept inside ±valueLimit (and |scale| ≥ minScale) so float32 stays exact enough to compare. */
  valueLimit: 1000,
  minScale: 0.001,
  /** torch's LayerNorm default and Llama 2's rms_norm_eps. */
  eps: 1e-5,
} as const;

export type NormRequest = {
  readonly vector: readonly number[];
  /** c, added to every entry of the transformed copy. */
  readonly shift: number;
  /** k, multiplying every entry of the transformed copy (before the shift). */
  readonly scale: number;
};

/** One vector and what the two norms make of it. */
export type NormRow = {
  readonly input: Float64Array;
  readonly layerNorm: Float64Array;
  readonly rmsNorm: Float64Array;
  /** mean x and √(mean x²) of the input: what each norm divides by or subtracts. */
  readonly mean: number;
  readonly rms: number;
};

export type NormResult = { readonly original: NormRow; readonly transformed: NormRow };
export type NormRun = NormResult & { readonly backend: Backend; readonly fallbackReason: string | undefined; readonly runMs: number };

/** LayerNorm and RMSNorm of the same rows x [T, H], unit gain, zero bias. */
export function normPairGraph(eps: number): GraphSource {
  return graphSource(`norm-pair:eps=${eps}`, (g) => {
    const x = g.input('x', 'float32', ['T', 'H']);
    const ones = g.input('ones', 'float32', ['H']);
    const zeros = g.input('zeros', 'float32', ['H']);
    g.output(emitLayerNorm(g, x, ones, zeros, eps), 'layer_norm', 'float32', ['T', 'H']);
    g.output(emitRmsNorm(g, x, ones, eps), 'rms_norm', 'float32', ['T', 'H']);
  });
}

/** The two rows the graph sees, [x; k·x + c], rounded to float32 as the graph will hold them. */
function rows({ vector, shift, scale }: NormRequest): Float32Array {
  const H = vector.length;
  const x = new Float32Array(2 * H);
  vector.forEach((value, i) => {
    x[i] = value;
    x[H + i] = scale * value + shift;
  });
  return x;
}

function meanAndRms(values: Float64Array): { mean: number; rms: number } {
  let sum = 0;
  let squares = 0;
  for (const value of values) {
    sum += value;
    squares += value * value;
  }
  return { mean: sum / values.length, rms: Math.sqrt(squares / values.length) };
}

function normRow(input: Float64Array, ln: ArrayLike<number>, rms: ArrayLike<number>): NormRow {
  return { input, layerNorm: Float64Array.from(ln), rmsNorm: Float64Array.from(rms), ...meanAndRms(input) };
}

function assemble(x: Float32Array, H: number, ln: ArrayLike<number>, rms: ArrayLike<number>): NormResult {
  const row = (t: number) => {
    const slice = <A extends ArrayLike<number>>(a: A) => Float64Array.from({ length: H }, (_, i) => a[t * H + i] as number);
    return normRow(slice(x), slice(ln), slice(rms));
  };
  return { original: row(0), transformed: row(1) };
}

function checkRequest({ vector }: NormRequest): number {
  const H = vector.length;
  if (H < NORM_DEMO.minEntries || H > NORM_DEMO.maxEntries) {
    throw new Error(`norm demo: the vector needs ${NORM_DEMO.minEntries}..${NORM_DEMO.maxEntries} entries, not ${H}`);
  }
  return H;
}

export async function runNorms(runtime: Runtime, request: NormRequest): Promise<NormRun> {
  const H = checkRequest(request);
  const x = rows(request);
  const { outputs, backend, fallbackReason, runMs } = await runtime.run(normPairGraph(NORM_DEMO.eps), {
    x: { type: 'float32', data: x, dims: [2, H] },
    ones: { type: 'float32', data: new Float32Array(H).fill(1), dims: [H] },
    zeros: { type: 'float32', data: new Float32Array(H), dims: [H] },
  });
  const ln = outputs['layer_norm'];
  const rms = outputs['rms_norm'];
  if (ln === undefined || rms === undefined) throw new Error('norm graph returned no layer_norm or rms_norm');
  return { ...assemble(x, H, ln.data, rms.data), backend, fallbackReason, runMs };
}

/** The float64 twin of `runNorms`, on the same float32-rounded rows. */
export function referenceNorms(request: NormRequest): NormResult {
  const H = checkRequest(request);
  const x = rows(request);
  const input = tensor<['T', 'H']>(Float64Array.from(x), [2, H]);
  const ones = tensor<['H']>(new Float64Array(H).fill(1), [H]);
  const zeros = tensor<['H']>(new Float64Array(H), [H]);
  return assemble(x, H, layerNorm(input, ones, zeros, NORM_DEMO.eps).data, rmsNorm(input, ones, NORM_DEMO.eps).data);
}

// ---- residual stream ------------------------------------------------------------------------------

/** mean over tokens of √(mean over H of x²), for each layer's output [T, H]. */
export function residualRms(hidden: readonly (Tensor<['T', 'H']> | Tensor32<['T', 'H']>)[]): number[] {
  return hidden.map(({ data, shape: [T, H] }) => {
    let total = 0;
    for (let t = 0; t < T; t++) {
      let squares = 0;
      for (let i = 0; i < H; i++) squares += data[t * H + i]! ** 2;
      total += Math.sqrt(squares / H);
    }
    return total / T;
  });
}

export type ResidualRun = {
  /** One RMS per layer (layer l's output). */
  readonly rms: number[];
  readonly backend: Backend;
  readonly runMs: number;
};

/** Runs `ids` through the decoder graph with its internals and measures each layer's output. */
export async function runResidualRms(runner: SequenceRunner, ids: readonly number[]): Promise<ResidualRun> {
  const result = await runner.prefill(ids, { internals: true });
  if (result.internals === undefined) throw new Error('the decoder graph returned no hidden states');
  return { rms: residualRms(result.internals.map((layer) => layer.hidden)), backend: result.backend, runMs: result.runMs };
}

/** The float64 twin: the same measure on the reference forward pass's layer outputs. */
export function referenceResidualRms(spec: ModelSpec, weights: TensorStore, ids: readonly number[]): number[] {
  const { hidden } = referenceForward(spec, weights, ids, { hidden: true });
  if (hidden === undefined) throw new Error('the reference forward pass returned no hidden states');
  return residualRms(hidden);
}
