// Checkpoint tensors as graph values. The traversal (which tensors a layer has, how they pair up into
// linear layers and norms) is one class; how a tensor enters the graph is a `WeightBinding`:
//
//   initializerWeights   a `g.constant` under its checkpoint name, decoded to float32 when the graph is
//                        built: the whole-model graph of runner.ts, weights baked in
//   inputWeights         a graph input the caller feeds at run time: the per-layer graphs of
//                        graph-layers.ts, so one graph serves every layer and holds no weights
import { assertNever } from '../../assert-never.ts';
import type { GraphBuilder, Shape, Value } from '../../onnx/graph-builder.ts';
import type { TensorStore } from '../../checkpoint/load.ts';
import type { LinearWeights } from '../../ops/linear/graph.ts';
import type {
  AttentionParts,
  AttentionTensors,
  FfnParts,
  FfnTensors,
  LayerParts,
  LayerTensors,
  LinearTensors,
  NormTensors,
  TensorRef,
} from '../spec.ts';
import { shapeMismatch } from '../spec.ts';

/** How one checkpoint tensor becomes a float32 value of the graph being built. */
export type WeightBinding = (ref: TensorRef) => Value;

/** Element type a weight is fed in: 16-bit halves (cast to float32 inside the graph) or float32. */
export type WeightDtype = 'float16' | 'float32';

/** Every tensor a constant, read from the store and checked against the spec's shape. */
export function initializerWeights(g: GraphBuilder, store: TensorStore): WeightBinding {
  return (ref) => {
    const { shape, data } = store.get(ref.name);
    const mismatch = shapeMismatch(ref, shape);
    if (mismatch !== null) throw new Error(mismatch);
    return g.constant(ref.name, data, shape);
  };
}

/**
 * Every tensor a graph input named `inputName(ref)`, of the dtype `dtypeOf(ref)` says and the shape
 * `shapeOf(ref)` gives (the spec's, unless the input takes a slice). A float16 input is cast to
 * float32 at once, so the math after it is the float32 math of the constant path.
 */
export function inputWeights(
  g: GraphBuilder,
  inputName: (ref: TensorRef) => string,
  dtypeOf: (ref: TensorRef) => WeightDtype,
  shapeOf: (ref: TensorRef) => Shape = (ref) => ref.shape,
): WeightBinding {
  return (ref) => {
    const name = inputName(ref);
    const dtype = dtypeOf(ref);
    const input = g.input(name, dtype, shapeOf(ref));
    return dtype === 'float32' ? input : g.cast(input, 'float32', `${name}.f32`);
  };
}

export type NormWeights = { readonly weight: Value; readonly bias: Value | undefined };

export type AttentionWeights = AttentionParts<LinearWeights>;
export type FfnWeights = FfnParts<LinearWeights>;
/** One decoder layer's weights, as graph values. */
export type LayerWeights = LayerParts<LinearWeights, NormWeights>;

/** Walks the tensors a spec names, binding each one into the graph. */
export class GraphWeightReader {
  readonly tensor: WeightBinding;

  constructor(bind: WeightBinding) {
    this.tensor = bind;
  }

  linear(t: LinearTensors): LinearWeights {
    const weight = this.tensor(t.weight);
    return t.bias === null ? { weight } : { weight, bias: this.tensor(t.bias) };
  }

  norm(t: NormTensors): NormWeights {
    return { weight: this.tensor(t.weight), bias: t.bias === null ? undefined : this.tensor(t.bias) };
  }

  layer(t: LayerTensors): LayerWeights {
    return {
      inputNorm: this.norm(t.inputNorm),
      attention: this.attention(t.attention),
      postAttentionNorm: this.norm(t.postAttentionNorm),
      ffn: this.ffn(t.ffn),
    };
  }

  private attention(a: AttentionTensors): AttentionWeights {
    if (a.packing === 'separate') {
      return { packing: a.packing, q: this.linear(a.q), k: this.linear(a.k), v: this.linear(a.v), out: this.linear(a.out) };
    }
    return { packing: a.packing, qkv: this.linear(a.qkv), out: this.linear(a.out) };
  }

  private ffn(f: FfnTensors): FfnWeights {
    switch (f.kind) {
      case 'swiglu':
        return { kind: f.kind, gate: this.linear(f.gate), up: this.linear(f.up), down: this.linear(f.down) };
      case 'swiglu-chunked':
        return { kind: f.kind, gateUp: this.linear(f.gateUp), down: this.linear(f.down) };
      case 'qwen-w1-silu-w2':
        return { kind: f.kind, w1: this.linear(f.w1), w2: this.linear(f.w2), cProj: this.linear(f.cProj) };
      case 'gelu-tanh':
        return { kind: f.kind, up: this.linear(f.up), down: this.linear(f.down) };
      default:
        return assertNever(f, 'FFN kind');
    }
  }
}
