// How many bytes a released model's weights take in each storage format, computed from the
// catalog's dimensions (parameterBreakdown), so the quantization article never types a size in.
//
// A quantized format stores b bits per weight plus, for every group of g weights, a scale (and
// perhaps a zero point) of s bits: b/8 + s/(8g) bytes per weight (kernels/ops/quantize/bytes.ts). The usual tools (GPTQ,
// bitsandbytes) quantize only the linear layers inside the blocks; the token embedding, the
// output head and the norms stay in 16-bit, and the weight memory counts them that way.
import { parameterBreakdown, type ReleasedModel } from '../../kernels/families/catalog.ts';
import { bytesPerWeight, type StorageFormat } from '../../kernels/ops/quantize/bytes.ts';

export type WeightFormat = StorageFormat & { readonly id: 'fp32' | 'fp16' | 'int8' | 'int4-g128' };

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
