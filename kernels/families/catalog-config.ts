// config.json as a LLaMA-layout release ships it, written from the catalog's numbers: transformers'
// LlamaConfig / Qwen2Config keys (docs/checkpoint-formats.md §3.1, §3.2). The catalog-detect test reads
// it back through detectModel; scripts/make-synthetic.ts writes it next to random weights.
import type { ReleasedModel } from './catalog.ts';

/** The length the model was trained at, or the first one the catalog gives. */
export const trainContext = (m: ReleasedModel): number =>
  (m.context.find((c) => c.scope === 'train') ?? m.context.find((c) => c.scope === 'base') ?? m.context[0]!).tokens;

export function ropeOf(m: ReleasedModel): Extract<ReleasedModel['position'], { kind: 'rope' }> {
  if (m.position.kind !== 'rope') throw new Error(`${m.id}: expected RoPE in the catalog`);
  return m.position;
}

export function hfConfig(m: ReleasedModel, modelType: 'llama' | 'qwen2'): Record<string, unknown> {
  const config: Record<string, unknown> = {
    model_type: modelType,
    hidden_size: m.hidden,
    intermediate_size: m.ffn.width,
    num_attention_heads: m.heads,
    num_key_value_heads: m.kvHeads,
    num_hidden_layers: m.layers,
    rms_norm_eps: m.norm.eps,
    max_position_embeddings: trainContext(m),
    vocab_size: m.vocab.embeddingRows,
    hidden_act: 'silu',
    rope_theta: ropeOf(m).theta,
    tie_word_embeddings: m.head.tied,
  };
  if (m.headDim !== m.hidden / m.heads) config['head_dim'] = m.headDim;
  if (modelType === 'qwen2')
    Object.assign(config, { use_sliding_window: false, sliding_window: 32_768, max_window_layers: m.layers });
  return config;
}
