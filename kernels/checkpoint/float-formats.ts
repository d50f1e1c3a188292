// 16-bit floats as checkpoints store them, to and from float32.
//
// IEEE half (F16):  1 sign bit | 5 exponent bits (bias 15)  | 10 mantissa bits
// bfloat16 (BF16):  1 sign bit | 8 exponent bits (bias 127) |  7 mantissa bits
//
// BF16 is simply the top half of a float32, so decoding is a shift. F16 needs its exponent rebiased,
// and its subnormals (exponent field 0) renormalised, because float32 has a wider range.
// Encoding rounds to nearest, ties to even, as `torch.Tensor.half()` / `.bfloat16()` do from float32.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function floatFromBits(bits: number): number {
  u32[0] = bits;
  return f32[0] as number;
}

function bitsFromFloat(x: number): number {
  f32[0] = x;
  return u32[0] as number;
}

/** One half value (its 16 bits) as a float32 bit pattern. */
function halfToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >>> 10) & 0x1f;
  let mantissa = h & 0x3ff;
  if (exponent === 0x1f) return sign | 0x7f800000 | (mantissa << 13); // inf, or NaN keeping its payload
  if (exponent !== 0) return sign | ((exponent - 15 + 127) << 23) | (mantissa << 13);
  if (mantissa === 0) return sign; // ±0
  // Subnormal: value = mantissa · 2^-24. Shift until the implicit leading 1 appears, lowering the exponent.
  let e = 127 - 15 + 1;
  while ((mantissa & 0x400) === 0) {
    mantissa <<= 1;
    e--;
  }
  return sign | (e << 23) | ((mantissa & 0x3ff) << 13);
}

// All 65,536 half values, decoded once: decoding a tensor is then one table lookup per element.
let halfTable: Float32Array | undefined;

function halfLookup(): Float32Array {
  if (halfTable === undefined) {
    const bits = new Uint32Array(65536);
    for (let h = 0; h < 65536; h++) bits[h] = halfToFloatBits(h);
    halfTable = new Float32Array(bits.buffer);
  }
  return halfTable;
}

export function decodeF16(halves: Uint16Array): Float32Array {
  const table = halfLookup();
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = table[halves[i] as number] as number;
  return out;
}

export function decodeBF16(halves: Uint16Array): Float32Array {
  const bits = new Uint32Array(halves.length);
  for (let i = 0; i < halves.length; i++) bits[i] = (halves[i] as number) << 16;
  return new Float32Array(bits.buffer);
}

/** Drop the low `shift` bits of `value`, rounding to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return rest > halfway || (rest === halfway && (kept & 1) === 1) ? kept + 1 : kept;
}

/** The half nearest to the float32 value `x` (as 16 bits). */
export function floatToHalf(x: number): number {
  const bits = bitsFromFloat(x);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0); // inf, or a quiet NaN
  const e = exponent - 127 + 15; // the exponent rebiased for half
  if (e >= 0x1f) return sign | 0x7c00; // too large even before rounding: overflow to inf
  if (e <= 0) {
    // Below the smallest normal half (2^-14): a subnormal m · 2^-24, or zero.
    if (e < -10) return sign; // under 2^-25: closer to 0 than to the smallest subnormal 2^-24
    // x = (0x800000 | mantissa) · 2^(exponent - 150) and the half is m · 2^-24, so m = significand >> (14 - e).
    return sign | roundShift(mantissa | 0x800000, 14 - e);
  }
  // A carry out of the mantissa bumps the exponent, which is right (up to 0x7c00 = inf).
  return sign | roundShift((e << 23) | mantissa, 13);
}

/** The bfloat16 nearest to the float32 value `x` (as 16 bits). */
export function floatToBfloat16(x: number): number {
  const bits = bitsFromFloat(x);
  if ((bits & 0x7fffffff) > 0x7f800000) return ((bits >>> 16) & 0x8000) | 0x7fc0; // NaN stays NaN
  return roundShift(bits, 16) & 0xffff;
}

export function encodeF16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = floatToHalf(values[i] as number);
  return out;
}

export function encodeBF16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = floatToBfloat16(values[i] as number);
  return out;
}

/** The float32 a half encodes; exposed for tests and for error bounds. */
export function halfToFloat(h: number): number {
  return floatFromBits(halfToFloatBits(h));
}

// BF16 → F16 for weights kept 16-bit (ORT in the browser has no bfloat16 tensors). BF16 keeps 8
// significant bits, F16 11, so every BF16 value inside half's normal range (2^-14 … 65504) converts
// exactly; smaller ones become half subnormals (off by at most 2^-25) or zero, and larger ones do
// not fit at all. One table of all 65,536 BF16 values makes the conversion a lookup per element.
const BF16_DOES_NOT_FIT = -1;
let bf16ToHalfTable: Int32Array | undefined;

function bf16ToHalfLookup(): Int32Array {
  if (bf16ToHalfTable === undefined) {
    bf16ToHalfTable = new Int32Array(65536);
    for (let b = 0; b < 65536; b++) {
      const x = floatFromBits(b << 16);
      const h = floatToHalf(x);
      const overflow = Number.isFinite(x) && (h & 0x7fff) === 0x7c00;
      bf16ToHalfTable[b] = overflow ? BF16_DOES_NOT_FIT : h;
    }
  }
  return bf16ToHalfTable;
}

/** The BF16 values as F16 bit patterns, or null when one of them lies beyond half's range (±65504). */
export function bf16ToF16(halves: Uint16Array): Uint16Array | null {
  const table = bf16ToHalfLookup();
  const out = new Uint16Array(halves.length);
  for (let i = 0; i < halves.length; i++) {
    const h = table[halves[i] as number] as number;
    if (h === BF16_DOES_NOT_FIT) return null;
    out[i] = h;
  }
  return out;
}
