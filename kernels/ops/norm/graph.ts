// Normalisation layers as ONNX nodes: RMSNorm, LayerNorm, and ChatGLM-6B's scaled residual.
//
// All of them work on hidden states x [T, H] and normalise over the last axis (H), one token at a
// time. Weights are graph values the caller created (`g.constant` for a checkpoint, `g.input` for
// tests and widgets).
import { attr, type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import { graphSource } from '../../onnx/graph-source.ts';
import type { GraphSource } from '../../runtime/runtime.ts';

/**
 * RMSNorm: y = w ⊙ x / √(mean(x²) + eps), i.e. `w * x * rsqrt(mean(x^2) + eps)`.
 *
 * LLaMA, Qwen2, Qwen, Baichuan and ChatGLM2/3 all write it this way. Opset 17 has no
 * RMSNormalization op, so it is composed from the same steps the PyTorch code takes.
 */
export function emitRmsNorm(g: GraphBuilder, x: Value, weight: Value, eps: number): Value {
  const squares = g.op('Mul', [x, x], {}, 'rms_squares');
  const meanSquare = g.op('ReduceMean', [squares], { axes: attr.ints([-1]), keepdims: attr.int(1) }, 'rms_mean_square');
  const variance = g.op('Add', [meanSquare, g.scalar('rms_eps', eps)], {}, 'rms_variance');
  const rsqrt = g.op('Reciprocal', [g.op('Sqrt', [variance], {}, 'rms')], {}, 'rms_rsqrt');
  const normalised = g.op('Mul', [x, rsqrt], {}, 'rms_normalised');
  return g.op('Mul', [normalised, weight], {}, 'rms_norm');
}

/**
 * LayerNorm with a bias: y = (x − mean) / √(var + eps) ⊙ w + b, the biased variance over H
 * (torch.nn.LayerNorm). ChatGLM-6B uses it, and ChatGLM2/3 when `rmsnorm` is false.
 */
export function emitLayerNorm(g: GraphBuilder, x: Value, weight: Value, bias: Value, eps: number): Value {
  return g.op('LayerNormalization', [x, weight, bias], { axis: attr.int(-1), epsilon: attr.float(eps) }, 'layer_norm');
}

/**
 * ChatGLM-6B's residual (GLMBlock.forward): out = LN(x)·α + sublayer(LN(x)).
 *
 * The skip path carries the *normalised* input scaled by α = √(2·28), not x itself. `normed` is
 * LN(x), `sublayerOut` is attention or MLP applied to it.
 */
export function emitGlmResidual(g: GraphBuilder, normed: Value, sublayerOut: Value, alpha: number): Value {
  const scaled = g.op('Mul', [normed, g.scalar('glm_alpha', alpha)], {}, 'glm_scaled_skip');
  return g.op('Add', [scaled, sublayerOut], {}, 'glm_residual');
}

/** Standalone RMSNorm. Inputs: `x` [T, H], `weight` [H]. Output: `y` [T, H]. */
export function rmsNormGraph(params: { readonly eps: number }): GraphSource {
  return graphSource(`rms-norm:eps=${params.eps}`, (g) => {
    const x = g.input('x', 'float32', ['T', 'H']);
    const weight = g.input('weight', 'float32', ['H']);
    g.output(emitRmsNorm(g, x, weight, params.eps), 'y', 'float32', ['T', 'H']);
  });
}

/** Standalone LayerNorm. Inputs: `x` [T, H], `weight` [H], `bias` [H]. Output: `y` [T, H]. */
export function layerNormGraph(params: { readonly eps: number }): GraphSource {
  return graphSource(`layer-norm:eps=${params.eps}`, (g) => {
    const x = g.input('x', 'float32', ['T', 'H']);
    const weight = g.input('weight', 'float32', ['H']);
    const bias = g.input('bias', 'float32', ['H']);
    g.output(emitLayerNorm(g, x, weight, bias, params.eps), 'y', 'float32', ['T', 'H']);
  });
}

/** Standalone GLM residual. Inputs: `normed` [T, H], `sublayer` [T, H]. Output: `y` [T, H]. */
export function glmResidualGraph(params: { readonly alpha: number }): GraphSource {
  return graphSource(`glm-residual:alpha=${params.alpha}`, (g) => {
    const normed = g.input('normed', 'float32', ['T', 'H']);
    const sublayer = g.input('sublayer', 'float32', ['T', 'H']);
    g.output(emitGlmResidual(g, normed, sublayer, params.alpha), 'y', 'float32', ['T', 'H']);
  });
}
