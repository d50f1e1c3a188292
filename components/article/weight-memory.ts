// How many bytes a released model's weights take in each storage format, computed from the
// catalog's dimensions (parameterBreakdown), so the quantization article never types a size in.
//
// A quantized format stores b bits per weight plus, for every group of g weights, a scale (and
// perhaps a zero point) of s bits: b/8 + s/(8g) bytes per weight. The usual tools (GPTQ,
// bitsandbytes) quantize only the linear layers inside the blocks; the token embedding, the
// output head and the norms stay in 16-bit, and the weight memory counts them that way.
import { parameterBreakdown, type ReleasedModel } from '../../kernels/families/catalog.ts';

export type WeightFormat = {
  readonly id: 'fp32' | 'fp16' | 'int8' | 'int4-g128';
  /** Bits of one stored weight. */
  readonly bits: number;
  /** Weights sharing one scale; absent for floating-point formats, which need none. */
  readonly groupSize?: number;
  /** Bits stored once per group: an fp16 scale, plus a 4-bit zero point where the format has one. */
  readonly bitsPerGroup?: number;
};

export const weightFormats = {
  fp32: { id: 'fp32', bits: 32 },
  /** fp16 and bf16 are both 16 bits: they differ in range and precision, not in size. */
  fp16: { id: 'fp16', bits: 16 },
  /** One fp16 scale per output row. A row holds d or I weights (2048 to 28672 in the catalog); 4096
   *  stands for them all, since the overhead is under a tenth of a percent either way. */
  int8: { id: 'int8', bits: 8, groupSize: 4096, bitsPerGroup: 16 },
  /** GPTQ-style: groups of 128 weights, each with an fp16 scale and a 4-bit zero point. */
  'int4-g128': { id: 'int4-g128', bits: 4, groupSize: 128, bitsPerGroup: 16 + 4 },
} as const satisfies Record<string, WeightFormat>;

/** Bytes per weight: b/8, plus the group's scale and zero point spread over its g weights. */
export function bytesPerWeight(format: WeightFormat): number {
  const perGroup = format.groupSize === undefined ? 0 : (format.bitsPerGroup ?? 0) / format.groupSize;
  return (format.bits + perGroup) / 8;
}

const isQuantized = (format: WeightFormat) => format.bits < 16;

/** The weights a quantizer touches: every block's attention and FFN (biases are a negligible share). */
export function blockLinearParameters(model: ReleasedModel): number {
  const b = parameterBreakdown(model);
  return b.layers * (b.perLayer.attention + b.perLayer.ffn);
}

/** Weight bytes of the whole model in `format`; what a quantizer leaves alone stays at 2 bytes. */
export function weightBytes(model: ReleasedModel, format: WeightFormat): number {
  const total = parameterBreakdown(model).total;
  if (!isQuantized(format)) return total * bytesPerWeight(format);
  const linear = blockLinearParameters(model);
  return linear * bytesPerWeight(format) + (total - linear) * bytesPerWeight(weightFormats.fp16);
}
