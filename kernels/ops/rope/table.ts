// RoPE cos/sin tables computed on the host, to feed a graph instead of computing them in it.
//
// Why: WGSL only promises sin/cos to within 2^-11 absolute, and the software WebGPU adapter
// (SwiftShader) is off by ~3e-4 even for small angles, while the rest of a layer agrees with float64
// to ~1e-6. Tables made here match the official code's float32 angles (pos · inv_freq rounded to
// float32) with correctly rounded cos/sin, on every backend. The graph side is `emitRopeTableInputs`.
import type { RopeStyle } from './graph.ts';

export type RopeTableData = {
  readonly cos: Float32Array;
  readonly sin: Float32Array;
  /** 'half': [T, R]; 'interleaved': [T, R/2, 1] — the shapes `RopeTable` documents. */
  readonly dims: readonly number[];
};

export function ropeTableData(positions: readonly number[], invFreq: Float64Array, style: RopeStyle): RopeTableData {
  const T = positions.length;
  const halfR = invFreq.length;
  const width = style === 'half' ? 2 * halfR : halfR;
  const cos = new Float32Array(T * width);
  const sin = new Float32Array(T * width);
  positions.forEach((pos, t) => {
    for (let k = 0; k < halfR; k++) {
      const angle = Math.fround(pos * invFreq[k]!); // freqs = pos · inv_freq, a float32 product
      // 'half' repeats the angles: emb = cat(freqs, freqs)
      const columns = style === 'half' ? [k, k + halfR] : [k];
      for (const c of columns) {
        cos[t * width + c] = Math.cos(angle);
        sin[t * width + c] = Math.sin(angle);
      }
    }
  });
  return { cos, sin, dims: style === 'half' ? [T, width] : [T, width, 1] };
}
