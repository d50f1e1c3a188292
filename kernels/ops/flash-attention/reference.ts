// FlashAttention for one head in plain float64 TypeScript, tile by tile as the algorithm runs on a
// GPU (FlashAttention-2's order: each query tile walks over the key/value blocks):
//
//   S_ij = Q_i K_jᵀ · scale                               (a Br×Bc tile, causal entries masked)
//   m_new = max(m, rowmax S_ij)
//   ℓ     = e^(m − m_new) · ℓ + rowsum e^(S_ij − m_new)
//   o     = e^(m − m_new) · o + e^(S_ij − m_new) V_j      (unnormalised)
//   out   = o / ℓ                                         once, after the last block
//
// It is the same function as ../attention/reference.ts; only the order of the additions differs.
// Tiles above a causal mask's diagonal are skipped (./tiles.ts). After every block j the running
// m, ℓ and o of every row are kept in the trace (a skipped row keeps its values), so the widget and
// the tests can follow one row as the article's worked example does.
import { zeros, type Tensor } from '../../tensor.ts';
import { blockCount, tileSkipped } from './tiles.ts';

export type FlashReferenceInputs = {
  readonly q: Tensor<['Tq', 'd']>;
  readonly k: Tensor<['Tk', 'd']>;
  readonly v: Tensor<['Tk', 'd']>;
  /** Br = Bc. */
  readonly Bc: number;
  /** Query r reads key c only when c ≤ r. */
  readonly causal: boolean;
  /** Score scale; 1/√d by default. */
  readonly scale?: number;
};

/** Running statistics after each key/value block: m and ℓ are [Tc, Tq], o is [Tc, Tq, d]. */
export type FlashTrace = {
  readonly m: Float64Array;
  readonly ell: Float64Array;
  readonly o: Float64Array;
};

export type FlashReferenceResult = {
  readonly out: Tensor<['Tq', 'd']>;
  readonly trace: FlashTrace;
};

export function flashAttentionReference({ q, k, v, Bc, causal, scale }: FlashReferenceInputs): FlashReferenceResult {
  const [Tq, d] = q.shape;
  const [Tk] = k.shape;
  if (causal && Tq !== Tk) throw new Error(`flash attention: a causal mask needs as many queries as keys (${Tq} vs ${Tk})`);
  if (!Number.isInteger(Bc) || Bc < 1) throw new Error(`flash attention: block size ${Bc} is not a positive whole number`);
  const s = scale ?? 1 / Math.sqrt(d);
  const Br = Bc;
  const Tr = blockCount(Tq, Br);
  const Tc = blockCount(Tk, Bc);
  const shape = { N: Tq, Bc, causal };
  const out = zeros<['Tq', 'd']>([Tq, d]);
  const trace: FlashTrace = { m: new Float64Array(Tc * Tq), ell: new Float64Array(Tc * Tq), o: new Float64Array(Tc * Tq * d) };

  for (let i = 0; i < Tr; i++) {
    for (let r = i * Br; r < Math.min(Tq, (i + 1) * Br); r++) {
      let m = -Infinity;
      let ell = 0;
      const o = new Float64Array(d);
      for (let j = 0; j < Tc; j++) {
        if (!tileSkipped(shape, i, j)) {
          const keys = Array.from({ length: Math.min(Tk, (j + 1) * Bc) - j * Bc }, (_, c) => j * Bc + c).filter((c) => !causal || c <= r);
          const scores = keys.map((c) => {
            let dot = 0;
            for (let x = 0; x < d; x++) dot += q.data[r * d + x]! * k.data[c * d + x]!;
            return dot * s;
          });
          const mNew = Math.max(m, ...scores);
          // e^(m − m_new) rescales what the earlier blocks added (0 before the first block: m = −∞)
          const alpha = Math.exp(m - mNew);
          ell *= alpha;
          for (let x = 0; x < d; x++) o[x]! *= alpha;
          keys.forEach((c, n) => {
            const p = Math.exp(scores[n]! - mNew);
            ell += p;
            for (let x = 0; x < d; x++) o[x]! += p * v.data[c * d + x]!;
          });
          m = mNew;
        }
        trace.m[j * Tq + r] = m;
        trace.ell[j * Tq + r] = ell;
        trace.o.set(o, (j * Tq + r) * d);
      }
      for (let x = 0; x < d; x++) out.data[r * d + x] = o[x]! / ell;
    }
  }
  return { out, trace };
}
