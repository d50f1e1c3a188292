// One decoder layer (block), as ONNX nodes: norm → attention → residual → norm → FFN → residual.
//
//   pre-norm (every family but ChatGLM-6B)     x = x + Attn(Norm(x));  x = x + FFN(Norm(x))
//   glm-deepnorm (ChatGLM-6B)                  a = LN(x); x = a·α + Attn(a);  m = LN(x); x = m·α + FFN(m)
//                                              (docs/checkpoint-formats.md §8.3)
//
// `emitBlock` takes the layer's input as a graph value and returns its output, so the same function
// builds a whole-model graph (called once per layer) or a graph of a single layer.
import { assertNever } from '../../assert-never.ts';
import type { GraphBuilder, Value } from '../../onnx/graph-builder.ts';
import { emitGlmResidual, emitLayerNorm, emitRmsNorm } from '../../ops/norm/graph.ts';
import { emitChatGlm2Mlp, emitGeluMlp, emitQwenMlp, emitSwiGlu } from '../../ops/ffn/graph.ts';
import type { ModelSpec } from '../spec.ts';
import type { FfnWeights, LayerWeights, NormWeights } from './graph-weights.ts';
import { emitSelfAttention, type PastKeyValue, type SelfAttentionOutputs } from './graph-attention.ts';
import type { Sequence } from './graph-sequence.ts';

export type BlockOutputs = Omit<SelfAttentionOutputs, 'out'> & {
  /** [T, H]: the residual stream after this layer */
  readonly hidden: Value;
};

export function emitBlock(
  g: GraphBuilder,
  spec: ModelSpec,
  layer: number,
  w: LayerWeights,
  x: Value,
  past: PastKeyValue,
  seq: Sequence,
): BlockOutputs {
  const window = spec.attention.slidingWindow;
  const sliding = window !== null && layer >= window.fromLayer;

  // attention sublayer
  const h = emitNorm(g, spec, x, w.inputNorm);
  const attention = emitSelfAttention(g, spec, w.attention, h, past, seq, sliding);
  const afterAttention = residual(g, spec, x, h, attention.out);

  // feed-forward sublayer
  const h2 = emitNorm(g, spec, afterAttention, w.postAttentionNorm);
  const hidden = residual(g, spec, afterAttention, h2, emitFfn(g, w.ffn, h2));

  const { presentKey, presentValue, probs, qRot, kRot } = attention;
  return { hidden, presentKey, presentValue, probs, qRot, kRot };
}

/** RMSNorm or LayerNorm (with bias), as the spec says. */
export function emitNorm(g: GraphBuilder, spec: ModelSpec, x: Value, w: NormWeights): Value {
  const { kind, eps } = spec.norm;
  switch (kind) {
    case 'rmsnorm':
      return emitRmsNorm(g, x, w.weight, eps);
    case 'layernorm':
      if (w.bias === undefined) throw new Error(`${spec.label}: LayerNorm without a bias tensor`);
      return emitLayerNorm(g, x, w.weight, w.bias, eps);
    default:
      return assertNever(kind, 'norm kind');
  }
}

/** x + sublayer(h) for pre-norm; h·α + sublayer(h) for ChatGLM-6B, whose skip path is the normalised input. */
function residual(g: GraphBuilder, spec: ModelSpec, x: Value, normed: Value, sublayerOut: Value): Value {
  const { residual: rule } = spec;
  switch (rule.kind) {
    case 'glm-deepnorm':
      return emitGlmResidual(g, normed, sublayerOut, rule.alpha);
    case 'pre-norm':
      return g.op('Add', [x, sublayerOut], {}, 'residual');
    default:
      return assertNever(rule, 'residual kind');
  }
}

function emitFfn(g: GraphBuilder, w: FfnWeights, h: Value): Value {
  switch (w.kind) {
    case 'swiglu':
      return emitSwiGlu(g, h, { gateProj: w.gate, upProj: w.up, downProj: w.down });
    case 'swiglu-chunked':
      return emitChatGlm2Mlp(g, h, { denseHTo4h: w.gateUp, dense4hToH: w.down });
    case 'qwen-w1-silu-w2':
      return emitQwenMlp(g, h, { w1: w.w1, w2: w.w2, cProj: w.cProj });
    case 'gelu-tanh':
      return emitGeluMlp(g, h, { denseHTo4h: w.up, dense4hToH: w.down });
    default:
      return assertNever(w, 'FFN kind');
  }
}
