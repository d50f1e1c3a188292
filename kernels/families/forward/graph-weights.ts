// Checkpoint tensors as graph initializers: every tensor a ModelSpec names becomes a `g.constant`
// under its checkpoint name (so a node's inputs read like the official state dict), decoded to
// float32 from the TensorStore only when the graph is built.
import { assertNever } from '../../assert-never.ts';
import type { GraphBuilder, Value } from '../../onnx/graph-builder.ts';
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

export type NormWeights = { readonly weight: Value; readonly bias: Value | undefined };

export type AttentionWeights = AttentionParts<LinearWeights>;
export type FfnWeights = FfnParts<LinearWeights>;
/** One decoder layer's weights, as graph values. */
export type LayerWeights = LayerParts<LinearWeights, NormWeights>;

/** Reads tensors from a store into graph constants, checking each shape against the spec. */
export class GraphWeightReader {
  private readonly g: GraphBuilder;
  private readonly store: TensorStore;

  constructor(g: GraphBuilder, store: TensorStore) {
    this.g = g;
    this.store = store;
  }

  tensor(ref: TensorRef): Value {
    const { shape, data } = this.store.get(ref.name);
    const mismatch = shapeMismatch(ref, shape);
    if (mismatch !== null) throw new Error(mismatch);
    return this.g.constant(ref.name, data, shape);
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
