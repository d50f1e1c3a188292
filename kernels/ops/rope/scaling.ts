// Context extension: ways to stretch RoPE past the length a model was trained on.
//
// Each returns the inv_freq table to feed the RoPE graph (as a constant, or as a graph input when
// it depends on the sequence length). Scaling positions by 1/s is the same as scaling inv_freq by
// 1/s, since the angle is pos · inv_freq, so "position interpolation" needs no separate input.
// Qwen's logN scale multiplies queries, not angles; it is a [T] factor for `emitQueryScale`.
import { float32InvFreq } from './inv-freq.ts';

const f32 = Math.fround;

/** HF `linear` (position interpolation): `inv_freq /= factor` (docs/checkpoint-formats.md §5.3). */
export function linearScaledInvFreq(invFreq: Float64Array, factor: number): Float64Array {
  return invFreq.map((inv) => f32(inv / factor));
}

/**
 * NTK-aware scaling: keep the fastest pair, slow the others, by raising the base:
 * base′ = base · α^(dim/(dim−2)) (HF `ntk`: `base * factor ** (dim / (dim - 2))`).
 */
export function ntkAwareInvFreq(dim: number, base: number, alpha: number): Float64Array {
  return float32InvFreq(dim, base * alpha ** (dim / (dim - 2)));
}

/**
 * HF `dynamic`: NTK with a factor that grows with the sequence, only once T exceeds
 * max_position_embeddings: base′ = base · (factor·T/max − (factor−1))^(dim/(dim−2)) (docs/checkpoint-formats.md §5.3).
 */
export function dynamicNtkInvFreq(
  dim: number,
  base: number,
  factor: number,
  seqLen: number,
  maxPositions: number,
): Float64Array {
  if (seqLen <= maxPositions) return float32InvFreq(dim, base);
  const scaledBase = base * ((factor * seqLen) / maxPositions - (factor - 1)) ** (dim / (dim - 2));
  return float32InvFreq(dim, scaledBase);
}

export type Llama3Scaling = {
  readonly factor: number;
  readonly lowFreqFactor: number;
  readonly highFreqFactor: number;
  /** `original_max_position_embeddings` (8192 for Llama 3.x). */
  readonly originalMaxPositions: number;
};

/**
 * HF `llama3` (docs/checkpoint-formats.md §5.3, `_compute_llama3_parameters`). With wavelength wl = 2π/inv:
 * long waves (wl > orig/low) are slowed by `factor`; short waves (wl < orig/high) are left alone;
 * in between, s = (orig/wl − low)/(high − low) blends the two: (1−s)·inv/factor + s·inv.
 * Each step is rounded to float32, as the torch code computes it on a float32 tensor.
 */
export function llama3InvFreq(invFreq: Float64Array, scaling: Llama3Scaling): Float64Array {
  const { factor, lowFreqFactor, highFreqFactor, originalMaxPositions } = scaling;
  const lowFreqWavelen = originalMaxPositions / lowFreqFactor;
  const highFreqWavelen = originalMaxPositions / highFreqFactor;
  return invFreq.map((inv) => {
    const wavelen = f32((2 * Math.PI) / inv);
    if (wavelen > lowFreqWavelen) return f32(inv / factor);
    if (wavelen < highFreqWavelen) return inv;
    const smooth = f32(f32(f32(originalMaxPositions / wavelen) - lowFreqFactor) / (highFreqFactor - lowFreqFactor));
    return f32(f32(f32(f32(1 - smooth) * inv) / factor) + f32(smooth * inv));
  });
}

/**
 * Qwen's dynamic NTK α for a key length (modeling_qwen.py `get_ntk_alpha`, docs/checkpoint-formats.md §5.4):
 * α = max(2^⌈log₂(L/seq_length) + 1⌉ − 1, 1). It is 1 up to seq_length, then 3, 7, 15, … as L doubles.
 */
export function qwenNtkAlpha(keyLength: number, seqLength: number): number {
  const contextValue = Math.log2(keyLength / seqLength) + 1;
  return Math.max(2 ** Math.ceil(contextValue) - 1, 1);
}

/**
 * Qwen's inv_freq for a key length: base′ = base · α^(rot/(rot−2)) over the rotary dims, applied to
 * every position (docs/checkpoint-formats.md §5.4; modeling_qwen.py:735-739, :1289). Unchanged while L ≤ seq_length.
 */
export function qwenDynamicInvFreq(rotaryDim: number, base: number, keyLength: number, seqLength: number): Float64Array {
  const alpha = qwenNtkAlpha(keyLength, seqLength);
  return float32InvFreq(rotaryDim, base * alpha ** (rotaryDim / (rotaryDim - 2)));
}

/**
 * Qwen's logN attention scale, one factor per query position p (0-based):
 * log(p+1)/log(seq_length) when p+1 > seq_length, else 1 (docs/checkpoint-formats.md §5.4; modeling_qwen.py:289-291, :482).
 * Longer contexts spread attention thinner; this sharpens the softmax to compensate.
 */
export function qwenLogNScale(positions: readonly number[], seqLength: number): Float64Array {
  return Float64Array.from(positions, (p) => (p + 1 > seqLength ? f32(Math.log(p + 1) / Math.log(seqLength)) : 1));
}
