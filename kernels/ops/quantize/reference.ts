// Fake quantization in float64, the twin of graph.ts: every group of g weights along a row's input
// dimension is quantized to b bits with the article's asymmetric formula and restored at once.
//
//   s = (max w − min w) / (2^b − 1)     z = round(−min w / s)
//   q = clamp(round(w / s) + z, 0, 2^b − 1)     ŵ = s (q − z)
//
// round is half to even, as ONNX's Round. A group whose weights are all equal has no range (s = 0):
// it is kept exactly, and its s, z and q are reported as 0.
import type { Tensor } from '../../tensor.ts';
import { groupOfColumn, groupsPerRow, type GroupSize } from './groups.ts';

export type FakeQuantized = {
  /** The integers stored, [R, C]. */
  readonly q: Float64Array;
  /** One scale per group, [R, G]. */
  readonly s: Float64Array;
  /** One zero point per group, [R, G]. */
  readonly z: Float64Array;
  /** The weights restored from q, s and z, [R, C]. */
  readonly wHat: Float64Array;
};

/** Nearest integer, a tie going to the even one (ONNX Round). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The largest integer b bits hold: 2^b − 1 (the number of steps between min and max). */
export function levelsOf(bits: number): number {
  if (!Number.isInteger(bits) || bits < 1 || bits > 16) throw new Error(`bits must be an integer from 1 to 16, got ${bits}`);
  return 2 ** bits - 1;
}

export function fakeQuantize(w: Tensor<['R', 'C']>, groupSize: GroupSize, bits: number): FakeQuantized {
  const [R, C] = w.shape;
  const G = groupsPerRow(C, groupSize);
  const groupOf = groupOfColumn(C, groupSize);
  const levels = levelsOf(bits);
  const min = new Float64Array(R * G).fill(Infinity);
  const max = new Float64Array(R * G).fill(-Infinity);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const k = r * G + groupOf[c]!;
      min[k] = Math.min(min[k]!, w.data[r * C + c]!);
      max[k] = Math.max(max[k]!, w.data[r * C + c]!);
    }
  }
  const s = new Float64Array(R * G);
  const z = new Float64Array(R * G);
  for (let k = 0; k < R * G; k++) {
    s[k] = (max[k]! - min[k]!) / levels;
    z[k] = s[k] === 0 ? 0 : roundHalfEven(-min[k]! / s[k]!);
  }
  const q = new Float64Array(R * C);
  const wHat = new Float64Array(R * C);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const i = r * C + c;
      const k = r * G + groupOf[c]!;
      if (s[k] === 0) {
        wHat[i] = w.data[i]!;
        continue;
      }
      q[i] = Math.min(Math.max(roundHalfEven(w.data[i]! / s[k]!) + z[k]!, 0), levels);
      wHat[i] = s[k]! * (q[i]! - z[k]!);
    }
  }
  return { q, s, z, wHat };
}
