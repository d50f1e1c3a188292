// RoPE frequencies: inv_freq_k = 1 / base^(2k/dim), k = 0 … dim/2 − 1.
//
// A pair of channels rotates by angle pos · inv_freq_k. k = 0 turns by one radian per token; the
// last pair turns about `base` times slower. The official files compute this table in float32
// (ChatGLM-6B then rounds it to fp16), and a float32 table differs from the exact one by up to an
// ulp per entry, which at position 1000 is already a visible phase error. So these functions return
// the numbers the official code ends up with, stored in float64 but exactly float32 (or fp16) values.

/** float32 rounding of one step, as `torch.float32` arithmetic does it. */
const f32 = Math.fround;

/**
 * `1.0 / (base ** (torch.arange(0, dim, 2).float() / dim))` in float32
 * (docs/checkpoint-formats.md §5.2; HF `_compute_default_rope_parameters`, Qwen :701-709, Baichuan-7B :105-145).
 * The Python scalar `base` meets a float32 tensor, so it is rounded to float32 first.
 */
export function float32InvFreq(dim: number, base: number): Float64Array {
  if (dim < 2 || dim % 2 !== 0) throw new Error(`RoPE: rotary dim must be even and ≥ 2, got ${dim}`);
  const invFreq = new Float64Array(dim / 2);
  for (let k = 0; k < dim / 2; k++) {
    const exponent = f32(f32(2 * k) / dim);
    invFreq[k] = f32(1 / f32(Math.pow(f32(base), exponent)));
  }
  return invFreq;
}

/**
 * ChatGLM-6B: the float32 table, then `.half()` (modeling_chatglm.py:179-181, docs/checkpoint-formats.md §5.5).
 * For dim 64 the first entries become [1, 0.75, 0.5625, 0.42163086, 0.31616211].
 */
export function float16InvFreq(dim: number, base: number): Float64Array {
  return float32InvFreq(dim, base).map(roundToFloat16);
}

/** Rounds to the nearest IEEE half-precision value (ties to even), like `tensor.half()`. */
export function roundToFloat16(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const sign = Math.sign(x);
  const magnitude = Math.abs(x);
  if (magnitude >= 65520) return sign * Infinity; // beyond max half (65504) plus half an ulp
  // Exponent of the leading bit, clamped at −14 where half precision turns subnormal.
  let exponent = Math.floor(Math.log2(magnitude));
  if (2 ** exponent > magnitude) exponent--;
  if (2 ** (exponent + 1) <= magnitude) exponent++;
  const ulp = 2 ** (Math.max(exponent, -14) - 10); // 10 stored mantissa bits
  const units = magnitude / ulp; // exact: dividing by a power of two
  let rounded = Math.round(units);
  if (rounded - units === 0.5 && rounded % 2 !== 0) rounded--; // Math.round sends ties up; halves go to even
  return sign * rounded * ulp;
}
