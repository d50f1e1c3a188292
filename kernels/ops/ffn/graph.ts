// The feed-forward (MLP) blocks of every family, as ONNX nodes, each written the way its code does.
//
//   SwiGLU     down(silu(gate(x)) ⊙ up(x))                 LLaMA, Qwen2, Baichuan
//   ChatGLM2   y = dense_h_to_4h(x) [2F]; dense_4h_to_h(silu(y[:F]) ⊙ y[F:])   one matmul, chunked
//   Qwen       c_proj(w1(x) ⊙ silu(w2(x)))                 w2 is the gate, w1 the "up"
//   GELU       dense_4h_to_h(gelu(dense_h_to_4h(x)))       ChatGLM-6B, biases on both, tanh-form gelu
// silu(z) = z·σ(z). x is [T, H]; every layer is an nn.Linear (W [out, in], optional bias).
import { attr, type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import { graphSource } from '../../onnx/graph-source.ts';
import type { GraphSource } from '../../runtime/runtime.ts';
import { assertNever } from '../../assert-never.ts';
import { emitLinearLayer, type LinearWeights } from '../linear/graph.ts';
import type { FfnKind } from './kind.ts';

export type SwiGluWeights = {
  readonly gateProj: LinearWeights;
  readonly upProj: LinearWeights;
  readonly downProj: LinearWeights;
};
export type ChatGlm2MlpWeights = { readonly denseHTo4h: LinearWeights; readonly dense4hToH: LinearWeights };
export type QwenMlpWeights = { readonly w1: LinearWeights; readonly w2: LinearWeights; readonly cProj: LinearWeights };
export type GeluMlpWeights = { readonly denseHTo4h: LinearWeights; readonly dense4hToH: LinearWeights };

/** silu(z) = z · sigmoid(z) (`F.silu`). */
export function emitSilu(g: GraphBuilder, z: Value): Value {
  return g.op('Mul', [z, g.op('Sigmoid', [z], {}, 'sigmoid')], {}, 'silu');
}

/** relu(z) = max(z, 0), the activation of the original Transformer's FFN (for comparison; no family here uses it). */
export function emitRelu(g: GraphBuilder, z: Value): Value {
  return g.op('Relu', [z], {}, 'relu');
}

/**
 * ChatGLM-6B's `gelu_impl`, the tanh approximation (opset 17 has no Gelu op):
 * 0.5·z·(1 + tanh(0.7978845608028654·z·(1 + 0.044715·z²))), with 0.79788… = √(2/π).
 */
export function emitGeluTanh(g: GraphBuilder, z: Value): Value {
  const zSquared = g.op('Mul', [z, z], {}, 'gelu_z2');
  const cubic = g.op('Add', [g.scalar('gelu_one', 1), g.op('Mul', [zSquared, g.scalar('gelu_c', 0.044715)], {}, 'gelu_cz2')], {}, 'gelu_1_cz2');
  const inner = g.op('Mul', [g.op('Mul', [z, cubic], {}, 'gelu_z_poly'), g.scalar('gelu_sqrt_2_pi', 0.7978845608028654)], {}, 'gelu_inner');
  const onePlusTanh = g.op('Add', [g.scalar('gelu_one_b', 1), g.op('Tanh', [inner], {}, 'gelu_tanh')], {}, 'gelu_1_tanh');
  return g.op('Mul', [g.op('Mul', [z, g.scalar('gelu_half', 0.5)], {}, 'gelu_half_z'), onePlusTanh], {}, 'gelu');
}

/** LLaMA / Qwen2 / Baichuan: `down_proj(silu(gate_proj(x)) * up_proj(x))` (docs/checkpoint-formats.md §8.1, §8.5). */
export function emitSwiGlu(g: GraphBuilder, x: Value, w: SwiGluWeights): Value {
  const gate = emitSilu(g, emitLinearLayer(g, x, w.gateProj, 'gate_proj'));
  const up = emitLinearLayer(g, x, w.upProj, 'up_proj');
  return emitLinearLayer(g, g.op('Mul', [gate, up], {}, 'swiglu_hidden'), w.downProj, 'down_proj');
}

/**
 * ChatGLM2/3: one matmul to 2F channels, `chunk(2, -1)`, `silu(y[0]) * y[1]`, then back to H
 * (docs/checkpoint-formats.md §8.4, `swiglu` :481-483). The first half is the gate.
 */
export function emitChatGlm2Mlp(g: GraphBuilder, x: Value, w: ChatGlm2MlpWeights): Value {
  const y = emitLinearLayer(g, x, w.denseHTo4h, 'dense_h_to_4h'); // [T, 2F]
  const [gate, up] = g.opN('Split', [y], 2, { axis: attr.int(-1) }, 'chunk') as [Value, Value];
  const hidden = g.op('Mul', [emitSilu(g, gate), up], {}, 'swiglu_hidden');
  return emitLinearLayer(g, hidden, w.dense4hToH, 'dense_4h_to_h');
}

/** First-generation Qwen: `c_proj(w1(x) * silu(w2(x)))` (docs/checkpoint-formats.md §8.2, modeling_qwen.py:573). */
export function emitQwenMlp(g: GraphBuilder, x: Value, w: QwenMlpWeights): Value {
  const a1 = emitLinearLayer(g, x, w.w1, 'w1');
  const a2 = emitLinearLayer(g, x, w.w2, 'w2');
  return emitLinearLayer(g, g.op('Mul', [a1, emitSilu(g, a2)], {}, 'qwen_hidden'), w.cProj, 'c_proj');
}

/** ChatGLM-6B: `dense_4h_to_h(gelu(dense_h_to_4h(x)))`, both with biases (docs/checkpoint-formats.md §8.3). */
export function emitGeluMlp(g: GraphBuilder, x: Value, w: GeluMlpWeights): Value {
  const hidden = emitGeluTanh(g, emitLinearLayer(g, x, w.denseHTo4h, 'dense_h_to_4h'));
  return emitLinearLayer(g, hidden, w.dense4hToH, 'dense_4h_to_h');
}

/**
 * The activations side by side, for plotting them: inputs `z` [N] (points on the x axis) and `up`
 * [N] (the up projection's value at each point). Outputs [N] each: `relu`, `gelu` (tanh form),
 * `silu`, and `gated` = silu(z) ⊙ up, SwiGLU's product with z as the gate projection's output.
 */
export function activationsGraph(): GraphSource {
  return graphSource('activations', (g) => {
    const z = g.input('z', 'float32', ['N']);
    const up = g.input('up', 'float32', ['N']);
    const silu = emitSilu(g, z);
    g.output(emitRelu(g, z), 'relu', 'float32', ['N']);
    g.output(emitGeluTanh(g, z), 'gelu', 'float32', ['N']);
    g.output(silu, 'silu', 'float32', ['N']);
    g.output(g.op('Mul', [silu, up], {}, 'gated'), 'gated', 'float32', ['N']);
  });
}

/**
 * Standalone FFN. Inputs: `x` [T, H] and, per layer, `<name>.weight` [out, in] plus `<name>.bias`
 * [out] when `bias` is true, named as in the checkpoints:
 *   swiglu:   gate_proj, up_proj [I, H]; down_proj [H, I]
 *   swiglu-chunked:  dense_h_to_4h [2F, H]; dense_4h_to_h [H, F]
 *   qwen-w1-silu-w2: w1, w2 [I, H]; c_proj [H, I]
 *   gelu-tanh:       dense_h_to_4h [F, H]; dense_4h_to_h [H, F]
 * Output: `y` [T, H].
 */
export function ffnGraph(params: { readonly kind: FfnKind; readonly bias: boolean }): GraphSource {
  return graphSource(`ffn:${params.kind}:bias=${params.bias}`, (g) => {
    const x = g.input('x', 'float32', ['T', 'H']);
    const layer = (name: string, out: string, inDim: string): LinearWeights => {
      const weight = g.input(`${name}.weight`, 'float32', [out, inDim]);
      return params.bias ? { weight, bias: g.input(`${name}.bias`, 'float32', [out]) } : { weight };
    };
    g.output(emitFfn(g, x, params.kind, layer), 'y', 'float32', ['T', 'H']);
  });
}

function emitFfn(
  g: GraphBuilder,
  x: Value,
  kind: FfnKind,
  layer: (name: string, out: string, inDim: string) => LinearWeights,
): Value {
  switch (kind) {
    case 'swiglu':
      return emitSwiGlu(g, x, {
        gateProj: layer('gate_proj', 'I', 'H'),
        upProj: layer('up_proj', 'I', 'H'),
        downProj: layer('down_proj', 'H', 'I'),
      });
    case 'swiglu-chunked':
      return emitChatGlm2Mlp(g, x, { denseHTo4h: layer('dense_h_to_4h', 'F2', 'H'), dense4hToH: layer('dense_4h_to_h', 'H', 'F') });
    case 'qwen-w1-silu-w2':
      return emitQwenMlp(g, x, { w1: layer('w1', 'I', 'H'), w2: layer('w2', 'I', 'H'), cProj: layer('c_proj', 'H', 'I') });
    case 'gelu-tanh':
      return emitGeluMlp(g, x, { denseHTo4h: layer('dense_h_to_4h', 'F', 'H'), dense4hToH: layer('dense_4h_to_h', 'H', 'F') });
    default:
      return assertNever(kind, 'FFN kind');
  }
}
