// Linear layers, embedding lookup and output heads as ONNX nodes.
//
// Weights come in PyTorch `nn.Linear` layout, exactly as checkpoints store them: W [out, in],
// y = x Wᵀ + b. Gemm with transB = 1 reads that layout directly, so no weight is ever transposed
// or copied. Hidden states are 2-D, x [T, in] (batch is always 1).
import { assertNever } from '../../assert-never.ts';
import { attr, type GraphBuilder, type Value } from '../../onnx/graph-builder.ts';
import { graphSource } from '../../onnx/graph-source.ts';
import type { GraphSource } from '../../runtime/runtime.ts';

/** One linear layer's weights: `weight` [out, in] and, when the config has one, `bias` [out]. */
export type LinearWeights = { readonly weight: Value; readonly bias?: Value };

/** y = x Wᵀ + b: x [T, in], W [out, in], b [out] (optional) → y [T, out]. */
export function emitLinear(g: GraphBuilder, x: Value, W: Value, b?: Value, hint = 'linear'): Value {
  return g.op('Gemm', b === undefined ? [x, W] : [x, W, b], { transB: attr.int(1) }, hint);
}

/** The same, taking a `LinearWeights` record (the form FFN and attention weights are passed in). */
export function emitLinearLayer(g: GraphBuilder, x: Value, layer: LinearWeights, hint = 'linear'): Value {
  return emitLinear(g, x, layer.weight, layer.bias, hint);
}

/** Embedding lookup: row ids[t] of the table [V, H] → [T, H] (`nn.Embedding`). ids are int64 [T]. */
export function emitEmbedding(g: GraphBuilder, table: Value, ids: Value): Value {
  return g.op('Gather', [table, ids], { axis: attr.int(0) }, 'embedding');
}

/**
 * How logits are made from the final hidden states:
 *  - 'untied': a separate `lm_head.weight` [V, H];
 *  - 'tied': the input embedding matrix [V, H] reused as the head (`tie_word_embeddings`, and
 *    ChatGLM-6B by HF's default; docs/checkpoint-formats.md §7);
 *  - 'norm-head': Baichuan2's NormHead, each row of the stored `lm_head.weight` scaled to unit
 *    length before use (the checkpoint holds it un-normalised; docs/checkpoint-formats.md §7).
 */
export type OutputHead =
  | { readonly kind: 'untied'; readonly lmHead: Value }
  | { readonly kind: 'tied'; readonly embedding: Value }
  | { readonly kind: 'norm-head'; readonly lmHead: Value };

/** logits [T, V] = x [T, H] · headᵀ, no bias in any family. */
export function emitOutputHead(g: GraphBuilder, x: Value, head: OutputHead): Value {
  switch (head.kind) {
    case 'untied':
      return emitLinear(g, x, head.lmHead, undefined, 'logits');
    case 'tied':
      return emitLinear(g, x, head.embedding, undefined, 'logits');
    case 'norm-head':
      return emitLinear(g, x, emitNormalizedRows(g, head.lmHead), undefined, 'logits');
    default:
      return assertNever(head, 'output head');
  }
}

/**
 * `F.normalize(W, dim=1)`: every row divided by max(‖row‖₂, 1e-12). The clamp only matters for an
 * all-zero row, which stays zero instead of becoming NaN.
 */
export function emitNormalizedRows(g: GraphBuilder, W: Value): Value {
  const rowNorm = g.op('ReduceL2', [W], { axes: attr.ints([1]), keepdims: attr.int(1) }, 'norm_head_row_norm'); // [V, 1]
  const clamped = g.op('Max', [rowNorm, g.scalar('norm_head_eps', 1e-12)], {}, 'norm_head_clamped');
  return g.op('Div', [W, clamped], {}, 'norm_head_weight');
}

/** Standalone linear. Inputs: `x` [T, in], `weight` [out, in], `bias` [out] iff `bias`. Output: `y` [T, out]. */
export function linearGraph(params: { readonly bias: boolean }): GraphSource {
  return graphSource(`linear:bias=${params.bias}`, (g) => {
    const x = g.input('x', 'float32', ['T', 'in']);
    const weight = g.input('weight', 'float32', ['out', 'in']);
    const bias = params.bias ? g.input('bias', 'float32', ['out']) : undefined;
    g.output(emitLinear(g, x, weight, bias), 'y', 'float32', ['T', 'out']);
  });
}

/** Standalone embedding. Inputs: `table` [V, H] float, `ids` [T] int64. Output: `y` [T, H]. */
export function embeddingGraph(): GraphSource {
  return graphSource('embedding', (g) => {
    const table = g.input('table', 'float32', ['V', 'H']);
    const ids = g.input('ids', 'int64', ['T']);
    g.output(emitEmbedding(g, table, ids), 'y', 'float32', ['T', 'H']);
  });
}

/**
 * Standalone output head. Inputs: `x` [T, H], `weight` [V, H] (lm_head, or the embedding when
 * tied). Output: `y` [T, V] logits.
 */
export function outputHeadGraph(params: { readonly kind: OutputHead['kind'] }): GraphSource {
  return graphSource(`output-head:${params.kind}`, (g) => {
    const x = g.input('x', 'float32', ['T', 'H']);
    const weight = g.input('weight', 'float32', ['V', 'H']);
    const head: OutputHead = params.kind === 'tied' ? { kind: 'tied', embedding: weight } : { kind: params.kind, lmHead: weight };
    g.output(emitOutputHead(g, x, head), 'y', 'float32', ['T', 'V']);
  });
}
