// The tensors of each family's checkpoint, named and shaped as the released files have them
// (docs/checkpoint-formats.md §4 tables), for generating tiny replicas.
//
// This list is written out again on purpose instead of being read from spec.ts: a replica built from
// it and then checked with validateTensors(detectModel(config)) tests the spec against the facts,
// not against itself.

/** How a tensor is filled: small random weights, norms near 1, or a value the format dictates. */
export type Init =
  | { readonly kind: 'embedding' | 'linear' | 'bias' | 'norm' | 'norm-bias' }
  /** Another tensor's values (ChatGLM-6B stores lm_head equal to the embedding it is tied to). */
  | { readonly kind: 'copy'; readonly of: string }
  /** A persisted rotary buffer: 1/base^(2k/dim), k < dim/2 (loaded and ignored by the official code). */
  | { readonly kind: 'inv-freq'; readonly dim: number; readonly base: number };

export type TensorPlan = { readonly name: string; readonly shape: readonly number[]; readonly init: Init };

type Config = Readonly<Record<string, unknown>>;

function num(config: Config, key: string): number {
  const value = config[key];
  if (typeof value !== 'number') throw new Error(`tiny replica config: ${key} must be a number`);
  return value;
}

/** The sizes every family has, under each family's own key names. */
function sizes(c: Config, keys: { hidden: string; heads: string; layers: string; vocab: string; ffn: string }) {
  return { H: num(c, keys.hidden), n: num(c, keys.heads), L: num(c, keys.layers), V: num(c, keys.vocab), I: num(c, keys.ffn) };
}

const HF_KEYS = {
  hidden: 'hidden_size',
  heads: 'num_attention_heads',
  layers: 'num_hidden_layers',
  vocab: 'vocab_size',
  ffn: 'intermediate_size',
};

const EMBEDDING: Init = { kind: 'embedding' };
const LINEAR: Init = { kind: 'linear' };
const BIAS: Init = { kind: 'bias' };
const NORM: Init = { kind: 'norm' };
const NORM_BIAS: Init = { kind: 'norm-bias' };

/** `prefix.weight` [out, inDim], plus `prefix.bias` [out] when `bias`. */
function linear(prefix: string, out: number, inDim: number, bias: boolean): TensorPlan[] {
  const weight: TensorPlan = { name: `${prefix}.weight`, shape: [out, inDim], init: LINEAR };
  return bias ? [weight, { name: `${prefix}.bias`, shape: [out], init: BIAS }] : [weight];
}

function norm(prefix: string, size: number, withBias: boolean): TensorPlan[] {
  const weight: TensorPlan = { name: `${prefix}.weight`, shape: [size], init: NORM };
  return withBias ? [weight, { name: `${prefix}.bias`, shape: [size], init: NORM_BIAS }] : [weight];
}

function perLayer(layers: number, tensors: (l: number) => TensorPlan[]): TensorPlan[] {
  return Array.from({ length: layers }, (_, l) => tensors(l)).flat();
}

/** LLaMA and Qwen2 (docs/checkpoint-formats.md §4.1; Qwen2 adds q/k/v biases). An absent lm_head means a tied head. */
export function llamaTensors(c: Config, qkvBias: boolean): TensorPlan[] {
  const { H, n, L, V, I } = sizes(c, HF_KEYS);
  const m = c['num_key_value_heads'] === undefined ? n : num(c, 'num_key_value_heads');
  const d = H / n;
  return [
    { name: 'model.embed_tokens.weight', shape: [V, H], init: EMBEDDING },
    ...perLayer(L, (l) => [
      ...norm(`model.layers.${l}.input_layernorm`, H, false),
      ...linear(`model.layers.${l}.self_attn.q_proj`, n * d, H, qkvBias),
      ...linear(`model.layers.${l}.self_attn.k_proj`, m * d, H, qkvBias),
      ...linear(`model.layers.${l}.self_attn.v_proj`, m * d, H, qkvBias),
      ...linear(`model.layers.${l}.self_attn.o_proj`, H, n * d, false),
      ...norm(`model.layers.${l}.post_attention_layernorm`, H, false),
      ...linear(`model.layers.${l}.mlp.gate_proj`, I, H, false),
      ...linear(`model.layers.${l}.mlp.up_proj`, I, H, false),
      ...linear(`model.layers.${l}.mlp.down_proj`, H, I, false),
    ]),
    ...norm('model.norm', H, false),
    ...(c['tie_word_embeddings'] === true ? [] : [{ name: 'lm_head.weight', shape: [V, H], init: LINEAR }]),
  ];
}

/** First-generation Qwen (docs/checkpoint-formats.md §4.2): c_attn with bias, MLP width intermediate_size / 2, no other biases. */
export function qwenTensors(c: Config): TensorPlan[] {
  const { H, L, V, I } = sizes(c, HF_KEYS);
  const F = I / 2;
  return [
    { name: 'transformer.wte.weight', shape: [V, H], init: EMBEDDING },
    ...perLayer(L, (l) => [
      ...norm(`transformer.h.${l}.ln_1`, H, false),
      ...linear(`transformer.h.${l}.attn.c_attn`, 3 * H, H, true),
      ...linear(`transformer.h.${l}.attn.c_proj`, H, H, false),
      ...norm(`transformer.h.${l}.ln_2`, H, false),
      ...linear(`transformer.h.${l}.mlp.w1`, F, H, false),
      ...linear(`transformer.h.${l}.mlp.w2`, F, H, false),
      ...linear(`transformer.h.${l}.mlp.c_proj`, H, F, false),
    ]),
    ...norm('transformer.ln_f', H, false),
    { name: 'lm_head.weight', shape: [V, H], init: LINEAR },
  ];
}

/** ChatGLM-6B (docs/checkpoint-formats.md §4.3): LayerNorms and linears all with bias; fp16 inv_freq buffers; lm_head = embedding. */
export function chatglm6bTensors(c: Config): TensorPlan[] {
  const { H, n, L, V, I: F } = sizes(c, { ...HF_KEYS, layers: 'num_layers', ffn: 'inner_hidden_size' });
  const d = H / n;
  return [
    { name: 'transformer.word_embeddings.weight', shape: [V, H], init: EMBEDDING },
    ...perLayer(L, (l) => [
      ...norm(`transformer.layers.${l}.input_layernorm`, H, true),
      ...linear(`transformer.layers.${l}.attention.query_key_value`, 3 * H, H, true),
      ...linear(`transformer.layers.${l}.attention.dense`, H, H, true),
      {
        name: `transformer.layers.${l}.attention.rotary_emb.inv_freq`,
        shape: [d / 4],
        init: { kind: 'inv-freq', dim: d / 2, base: 10000 },
      },
      ...norm(`transformer.layers.${l}.post_attention_layernorm`, H, true),
      ...linear(`transformer.layers.${l}.mlp.dense_h_to_4h`, F, H, true),
      ...linear(`transformer.layers.${l}.mlp.dense_4h_to_h`, H, F, true),
    ]),
    ...norm('transformer.final_layernorm', H, true),
    { name: 'lm_head.weight', shape: [V, H], init: { kind: 'copy', of: 'transformer.word_embeddings.weight' } },
  ];
}

/** ChatGLM2/3 (docs/checkpoint-formats.md §4.4): packed q | k (g heads) | v (g heads), chunked SwiGLU [2F, H], separate output_layer. */
export function chatglm2Tensors(c: Config): TensorPlan[] {
  const { H, n, L, V, I: F } = sizes(c, { ...HF_KEYS, layers: 'num_layers', vocab: 'padded_vocab_size', ffn: 'ffn_hidden_size' });
  const d = num(c, 'kv_channels');
  const g = num(c, 'multi_query_group_num');
  const qkvBias = c['add_qkv_bias'] === true;
  return [
    { name: 'transformer.embedding.word_embeddings.weight', shape: [V, H], init: EMBEDDING },
    { name: 'transformer.rotary_pos_emb.inv_freq', shape: [d / 4], init: { kind: 'inv-freq', dim: d / 2, base: 10000 } },
    ...perLayer(L, (l) => [
      ...norm(`transformer.encoder.layers.${l}.input_layernorm`, H, false),
      ...linear(`transformer.encoder.layers.${l}.self_attention.query_key_value`, n * d + 2 * g * d, H, qkvBias),
      ...linear(`transformer.encoder.layers.${l}.self_attention.dense`, H, n * d, false),
      ...norm(`transformer.encoder.layers.${l}.post_attention_layernorm`, H, false),
      ...linear(`transformer.encoder.layers.${l}.mlp.dense_h_to_4h`, 2 * F, H, false),
      ...linear(`transformer.encoder.layers.${l}.mlp.dense_4h_to_h`, H, F, false),
    ]),
    ...norm('transformer.encoder.final_layernorm', H, false),
    { name: 'transformer.output_layer.weight', shape: [V, H], init: LINEAR },
  ];
}

/** Baichuan, all four variants (docs/checkpoint-formats.md §4.5): W_pack [3H, H], no biases; the RoPE variant persists inv_freq. */
export function baichuanTensors(c: Config, rope: boolean): TensorPlan[] {
  const { H, n, L, V, I } = sizes(c, HF_KEYS);
  const d = H / n;
  return [
    { name: 'model.embed_tokens.weight', shape: [V, H], init: EMBEDDING },
    ...perLayer(L, (l) => [
      ...norm(`model.layers.${l}.input_layernorm`, H, false),
      ...linear(`model.layers.${l}.self_attn.W_pack`, 3 * H, H, false),
      ...linear(`model.layers.${l}.self_attn.o_proj`, H, H, false),
      ...(rope
        ? [
            {
              name: `model.layers.${l}.self_attn.rotary_emb.inv_freq`,
              shape: [d / 2],
              init: { kind: 'inv-freq', dim: d, base: 10000 },
            } as const,
          ]
        : []),
      ...norm(`model.layers.${l}.post_attention_layernorm`, H, false),
      ...linear(`model.layers.${l}.mlp.gate_proj`, I, H, false),
      ...linear(`model.layers.${l}.mlp.up_proj`, I, H, false),
      ...linear(`model.layers.${l}.mlp.down_proj`, H, I, false),
    ]),
    ...norm('model.norm', H, false),
    { name: 'lm_head.weight', shape: [V, H], init: LINEAR },
  ];
}
