// The graph behind the mask widget: attention over seeded vectors under a causal, prefix or
// bidirectional mask, one graph for all three (they differ only in the prefix length) and for every
// sequence length (T is symbolic).
//
// inputs:  q, k, v [heads, T, d]; prefix_length int64 [1]
// outputs: mask [T, T] (1 = may read), probs [heads, T, T], out [heads, T, d]
import { attr, GraphBuilder } from '../onnx/graph-builder.ts';
import type { GraphSource } from '../runtime/runtime.ts';
import { emitAllowedMask } from '../ops/mask/graph.ts';
import { emitAttention } from '../ops/attention/graph.ts';

export type MaskedAttentionShape = { readonly heads: number; readonly headDim: number };

export function maskedAttentionGraph({ heads, headDim }: MaskedAttentionShape): GraphSource {
  return {
    key: `demo-masked-attention:h${heads}:d${headDim}`,
    build() {
      const g = new GraphBuilder('masked_attention');
      const q = g.input('q', 'float32', [heads, 'T', headDim]);
      const k = g.input('k', 'float32', [heads, 'T', headDim]);
      const v = g.input('v', 'float32', [heads, 'T', headDim]);
      const prefixLength = g.input('prefix_length', 'int64', [1]);

      const allowed = emitAllowedMask(g, { queries: q, queryAxis: 1, keys: k, keyAxis: 1, prefixLength });
      const { out, probs } = emitAttention(g, { q, k, v, allowed }, { nHeads: heads, nKvHeads: heads, headDim });

      g.output(g.op('Cast', [allowed], { to: attr.int(1) }, 'mask_float'), 'mask', 'float32', ['T', 'T']);
      g.output(probs, 'probs', 'float32', [heads, 'T', 'T']);
      g.output(out, 'out', 'float32', [heads, 'T', headDim]);
      return g.toModelBytes();
    },
  };
}
