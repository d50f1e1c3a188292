// Small hand-built checkpoints for the reference tests, and the plain-array math the tests use to
// recompute a forward pass directly (numbers in, numbers out; no kernels, no tensors).
import { loadCheckpoint, type Checkpoint } from '../../../kernels/checkpoint/load.ts';
import { writeSafetensors } from '../../../kernels/checkpoint/safetensors.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { requiredTensors, type ModelSpec } from '../../../kernels/families/spec.ts';
import { normals, seededRandom, seedFromText } from '../../../kernels/random.ts';

export type HandBuilt = Checkpoint & {
  readonly spec: ModelSpec;
  /** A tensor's values as written (float32), by checkpoint name. */
  readonly w: (name: string) => Float32Array;
};

const isNormWeight = (name: string, shape: readonly number[]): boolean =>
  shape.length === 1 && /(norm|ln_\w+|ln_f)\.weight$/.test(name);

/**
 * A checkpoint with exactly the tensors the config's spec reads, random float32 values (norm weights
 * near 1), a seed taken from `label`. `edit(name, values)` may overwrite values before writing.
 */
export async function handBuilt(
  label: string,
  config: Record<string, unknown>,
  edit: (name: string, values: Float32Array) => void = () => {},
): Promise<HandBuilt> {
  const spec = detectModel(config);
  const written = requiredTensors(spec.tensors).map((ref) => {
    const count = ref.shape.reduce((a, b) => a * b, 1);
    const noise = normals(
      seededRandom(seedFromText(`${label}/${ref.name}`)),
      count,
      isNormWeight(ref.name, ref.shape) ? 0.1 : 0.3,
    );
    const data = Float32Array.from(noise, (x) => (isNormWeight(ref.name, ref.shape) ? 1 + x : x));
    edit(ref.name, data);
    return { name: ref.name, dtype: 'F32' as const, shape: ref.shape, data };
  });
  const files = new Map([
    ['config.json', new TextEncoder().encode(JSON.stringify(config))],
    ['model.safetensors', writeSafetensors(written)],
  ]);
  const checkpoint = await loadCheckpoint(memorySource(files));
  const byName = new Map(written.map((t) => [t.name, t.data]));
  const w = (name: string): Float32Array => {
    const data = byName.get(name);
    if (data === undefined) throw new Error(`hand-built ${label}: no tensor ${name}`);
    return data;
  };
  return { ...checkpoint, spec, w };
}

// ---- direct math on plain arrays: a vector is number[], a sequence of vectors number[][] ----------

/** W [out, in] (row-major) times v, plus b. */
export function matVec(W: Float32Array, v: readonly number[], b?: Float32Array): number[] {
  const out = W.length / v.length;
  return Array.from({ length: out }, (_, o) => v.reduce((sum, x, i) => sum + W[o * v.length + i]! * x, b?.[o] ?? 0));
}

export const row = (table: Float32Array, index: number, width: number): number[] =>
  Array.from(table.subarray(index * width, (index + 1) * width));

export const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
export const add = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => x + b[i]!);
export const silu = (z: number): number => z / (1 + Math.exp(-z));

export function rms(v: readonly number[], weight: Float32Array, eps: number): number[] {
  const r = 1 / Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length + eps);
  return v.map((x, i) => weight[i]! * x * r);
}

export function layerNorm(v: readonly number[], weight: Float32Array, bias: Float32Array, eps: number): number[] {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
  return v.map((x, i) => ((x - mean) / Math.sqrt(variance + eps)) * weight[i]! + bias[i]!);
}

/** Softmax over the entries where `visible` is true; 0 elsewhere. */
export function softmax(scores: readonly number[], visible: (j: number) => boolean): number[] {
  const max = Math.max(...scores.filter((_, j) => visible(j)));
  const e = scores.map((s, j) => (visible(j) ? Math.exp(s - max) : 0));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}

/** Rotate pairs (i, i + R/2) of the first R = 2·freqs.length dims by pos·freqs[i]; the rest pass. */
export function ropeHalfPairs(v: readonly number[], pos: number, freqs: readonly number[]): number[] {
  const out = [...v];
  const half = freqs.length;
  freqs.forEach((f, i) => {
    const [c, s] = [Math.cos(pos * f), Math.sin(pos * f)];
    out[i] = v[i]! * c - v[i + half]! * s;
    out[i + half] = v[i + half]! * c + v[i]! * s;
  });
  return out;
}

/** Rotate adjacent pairs (2k, 2k+1) of the first 2·freqs.length dims by pos·freqs[k]; the rest pass. */
export function ropeAdjacentPairs(v: readonly number[], pos: number, freqs: readonly number[]): number[] {
  const out = [...v];
  freqs.forEach((f, k) => {
    const [c, s] = [Math.cos(pos * f), Math.sin(pos * f)];
    out[2 * k] = v[2 * k]! * c - v[2 * k + 1]! * s;
    out[2 * k + 1] = v[2 * k + 1]! * c + v[2 * k]! * s;
  });
  return out;
}

/** base^(−2k/R) for k < R/2, in float64. */
export const freqs = (R: number, base: number): number[] => Array.from({ length: R / 2 }, (_, k) => base ** ((-2 * k) / R));

/** Largest |a − b| over two sequences of vectors (or flat arrays). */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxDiff: ${a.length} vs ${b.length} values`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(worst) ? Infinity : worst;
}
