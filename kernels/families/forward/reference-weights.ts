// Reading the tensors a ModelSpec names out of a checkpoint, as float64 tensors for the reference.
//
// The checkpoint stores F16/BF16/F32; `TensorStore.get` widens to float32 and this widens again to
// float64, exactly (every float32 is a float64), so the reference starts from the very numbers the
// ONNX graph is fed.
import type { TensorStore } from '../../checkpoint/load.ts';
import type { LinearParams } from '../../ops/linear/reference.ts';
import { tensor, type Tensor } from '../../tensor.ts';
import { shapeMismatch, type LinearTensors, type TensorRef } from '../spec.ts';

export type ReferenceWeightReader = {
  /** The tensor `ref` names, checked against the shape the spec expects. */
  tensor<Dims extends readonly string[]>(ref: TensorRef): Tensor<Dims>;
  /** A linear layer (weight [out, in], optional bias [out]) in the form the op references take. */
  linear(layer: LinearTensors): LinearParams;
};

export function referenceWeightReader(store: TensorStore): ReferenceWeightReader {
  const read = <Dims extends readonly string[]>(ref: TensorRef): Tensor<Dims> => {
    const { shape, data } = store.get(ref.name);
    const mismatch = shapeMismatch(ref, shape);
    if (mismatch !== null) throw new Error(`reference: ${mismatch}`);
    return tensor<Dims>(Float64Array.from(data), shape as unknown as { readonly [K in keyof Dims]: number });
  };
  return {
    tensor: read,
    linear: (layer) => {
      const weight = read<['out', 'in']>(layer.weight);
      return layer.bias === null ? { weight } : { weight, bias: read<['out']>(layer.bias) };
    },
  };
}
