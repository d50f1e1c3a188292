// The weight bytes of a checkpoint quantized at one setting, counted from its tensors' shapes with
// the article's formula (kernels/ops/quantize/bytes.ts): the blocks' linear weights at b bits with
// an fp16 scale and a b-bit zero point per group (a short last group counts as a group), everything
// else at 2 bytes, the 16 bits the quantizing tools leave it in.
import type { TensorStore } from '../checkpoint/load.ts';
import { asymmetricFormat, bytesPerWeight, storedBytes } from '../ops/quantize/bytes.ts';
import { groupsPerRow } from '../ops/quantize/groups.ts';
import { sizeOf } from '../tensor.ts';
import { isBlockLinear, type QuantizeSetting } from './quantized-weights.ts';

export type WeightBytes = {
  /** The quantized linear weights, scales and zero points included. */
  readonly linear: number;
  /** Of `linear`, the scales and zero points alone. */
  readonly groupOverhead: number;
  /** Embedding, output head, norms and biases at 2 bytes each. */
  readonly kept: number;
  /** linear + kept. */
  readonly total: number;
  /** The whole model at 2 bytes per parameter, for comparison. */
  readonly fp16: number;
};

const FP16 = { bits: 16 };

export function quantizedWeightBytes(tensors: TensorStore, setting: QuantizeSetting): WeightBytes {
  const format = asymmetricFormat(setting.bits);
  let linear = 0;
  let groupOverhead = 0;
  let kept = 0;
  let parameters = 0;
  for (const name of tensors.names()) {
    const shape = tensors.info(name).shape;
    const count = sizeOf(shape);
    parameters += count;
    if (!isBlockLinear(name, shape)) {
      kept += count * bytesPerWeight(FP16);
      continue;
    }
    const groups = shape[0]! * groupsPerRow(shape[1]!, setting.groupSize);
    linear += storedBytes(count, groups, format);
    groupOverhead += storedBytes(0, groups, format);
  }
  return { linear, groupOverhead, kept, total: linear + kept, fp16: parameters * bytesPerWeight(FP16) };
}
