// config.json of each tiny replica: the keys the released config has (docs/checkpoint-formats.md §3),
// with tiny values (hidden 48–96, 2 layers, 4–12 heads, 256 tokens) so a forward pass takes
// milliseconds. Where a released config leaves a key out, so does the replica, and detection falls
// back to the class default exactly as it would for the real file.

export type ReplicaConfig = Readonly<Record<string, unknown>>;

/** LLaMA-1 as first converted to HF: no num_key_value_heads, no rope_theta (defaults: MHA, 10000). */
export const llamaConfig: ReplicaConfig = {
  architectures: ['LlamaForCausalLM'],
  bos_token_id: 1,
  eos_token_id: 2,
  hidden_act: 'silu',
  hidden_size: 64,
  initializer_range: 0.02,
  intermediate_size: 176,
  max_position_embeddings: 128,
  model_type: 'llama',
  num_attention_heads: 4,
  num_hidden_layers: 2,
  pad_token_id: 0,
  rms_norm_eps: 1e-6,
  tie_word_embeddings: false,
  torch_dtype: 'float16',
  use_cache: true,
  vocab_size: 256,
};

/** Llama 2 70B style: grouped-query attention, 4 query heads sharing 2 KV heads. */
export const llama2GqaConfig: ReplicaConfig = {
  architectures: ['LlamaForCausalLM'],
  bos_token_id: 1,
  eos_token_id: 2,
  hidden_act: 'silu',
  hidden_size: 64,
  initializer_range: 0.02,
  intermediate_size: 176,
  max_position_embeddings: 256,
  model_type: 'llama',
  num_attention_heads: 4,
  num_hidden_layers: 2,
  num_key_value_heads: 2,
  pretraining_tp: 1,
  rms_norm_eps: 1e-5,
  rope_scaling: null,
  tie_word_embeddings: false,
  torch_dtype: 'float32',
  use_cache: true,
  vocab_size: 256,
};

/**
 * ChatGLM-6B: the special ids keep the released pattern at the top of a 256-token vocab
 * ([MASK] = V−6, [gMASK] = V−5, <sop> = V−2, <eop> = V−1). Two layers, but the residual alpha stays
 * sqrt(2·28), as the official code computes it. No tie_word_embeddings key, as released.
 */
export const chatglm6bConfig: ReplicaConfig = {
  architectures: ['ChatGLMModel'],
  bos_token_id: 254,
  eos_token_id: 255,
  mask_token_id: 250,
  gmask_token_id: 251,
  pad_token_id: 3,
  hidden_size: 64,
  inner_hidden_size: 256,
  layernorm_epsilon: 1e-5,
  max_sequence_length: 128,
  model_type: 'chatglm',
  num_attention_heads: 4,
  num_layers: 2,
  position_encoding_2d: true,
  torch_dtype: 'float16',
  use_cache: true,
  vocab_size: 256,
};

/**
 * ChatGLM2-6B: multi-query attention with 2 KV groups, q/k/v bias only. ChatGLM3-6B runs the same
 * code with the same keys (seq_length 8192), so this one replica stands for both.
 */
export const chatglm2Config: ReplicaConfig = {
  architectures: ['ChatGLMModel'],
  model_type: 'chatglm',
  add_bias_linear: false,
  add_qkv_bias: true,
  apply_query_key_layer_scaling: true,
  apply_residual_connection_post_layernorm: false,
  attention_softmax_in_fp32: true,
  eos_token_id: 2,
  ffn_hidden_size: 160,
  fp32_residual_connection: false,
  hidden_size: 64,
  kv_channels: 16,
  layernorm_epsilon: 1e-5,
  multi_query_attention: true,
  multi_query_group_num: 2,
  num_attention_heads: 4,
  num_layers: 2,
  original_rope: true,
  pad_token_id: 0,
  padded_vocab_size: 256,
  post_layer_norm: true,
  rmsnorm: true,
  seq_length: 256,
  tie_word_embeddings: false,
  torch_dtype: 'float16',
};

/** Baichuan-7B (RoPE): the BaiChuanConfig keys, max_position_embeddings marks the RoPE modeling file. */
export const baichuan7bConfig: ReplicaConfig = {
  architectures: ['BaiChuanForCausalLM'],
  bos_token_id: 1,
  eos_token_id: 2,
  hidden_act: 'silu',
  hidden_size: 64,
  initializer_range: 0.02,
  intermediate_size: 176,
  max_position_embeddings: 128,
  model_type: 'baichuan',
  num_attention_heads: 4,
  num_hidden_layers: 2,
  pad_token_id: 0,
  rms_norm_eps: 1e-6,
  tie_word_embeddings: false,
  torch_dtype: 'float32',
  use_cache: true,
  vocab_size: 256,
};

/**
 * Baichuan2-7B (RoPE + NormHead). A 256-token vocab cannot carry Baichuan2's 125,696 signal, so
 * z_loss_weight (which configs saved from the Baichuan2 class carry) marks the generation.
 */
export const baichuan2_7bConfig: ReplicaConfig = {
  ...baichuan7bConfig,
  architectures: ['BaichuanForCausalLM'],
  model_max_length: 128,
  tokenizer_class: 'BaichuanTokenizer',
  torch_dtype: 'bfloat16',
  z_loss_weight: 0,
};

/** Baichuan-13B (ALiBi): model_max_length, no max_position_embeddings; 6 heads, not a power of two. */
export const baichuan13bConfig: ReplicaConfig = {
  architectures: ['BaichuanForCausalLM'],
  bos_token_id: 1,
  eos_token_id: 2,
  hidden_act: 'silu',
  hidden_size: 48,
  initializer_range: 0.02,
  intermediate_size: 128,
  model_max_length: 128,
  model_type: 'baichuan',
  num_attention_heads: 6,
  num_hidden_layers: 2,
  pad_token_id: 0,
  rms_norm_eps: 1e-6,
  tie_word_embeddings: false,
  torch_dtype: 'float32',
  use_cache: true,
  vocab_size: 256,
};

/** Baichuan2-13B-Chat's key set (read verbatim, docs/checkpoint-formats.md §3.6) at tiny size, 12 heads, plus z_loss_weight (see 7B). */
export const baichuan2_13bConfig: ReplicaConfig = {
  _from_model_config: true,
  architectures: ['BaichuanForCausalLM'],
  bos_token_id: 1,
  eos_token_id: 2,
  gradient_checkpointing: false,
  hidden_act: 'silu',
  hidden_size: 96,
  intermediate_size: 256,
  model_max_length: 128,
  model_type: 'baichuan',
  num_attention_heads: 12,
  num_hidden_layers: 2,
  pad_token_id: 0,
  rms_norm_eps: 1e-6,
  tie_word_embeddings: false,
  tokenizer_class: 'BaichuanTokenizer',
  torch_dtype: 'bfloat16',
  vocab_size: 256,
  z_loss_weight: 0,
};

/** Qwen-7B's keys: intermediate_size 352 means a real MLP width of 176; seq_length 64 so long-context scaling is easy to reach. */
export const qwenConfig: ReplicaConfig = {
  architectures: ['QWenLMHeadModel'],
  attn_dropout_prob: 0,
  bf16: false,
  emb_dropout_prob: 0,
  fp16: false,
  fp32: false,
  hidden_size: 64,
  initializer_range: 0.02,
  intermediate_size: 352,
  kv_channels: 16,
  layer_norm_epsilon: 1e-6,
  max_position_embeddings: 256,
  model_type: 'qwen',
  no_bias: true,
  num_attention_heads: 4,
  num_hidden_layers: 2,
  onnx_safe: null,
  rotary_emb_base: 10000,
  rotary_pct: 1.0,
  scale_attn_weights: true,
  seq_length: 64,
  tie_word_embeddings: false,
  tokenizer_class: 'QWenTokenizer',
  torch_dtype: 'bfloat16',
  use_dynamic_ntk: true,
  use_flash_attn: 'auto',
  use_logn_attn: true,
  vocab_size: 256,
};

/** Qwen2(.5)-0.5B style: GQA 4 → 2, q/k/v bias, tied embeddings (no lm_head.weight in the file). */
export const qwen2Config: ReplicaConfig = {
  architectures: ['Qwen2ForCausalLM'],
  attention_dropout: 0,
  bos_token_id: 253,
  eos_token_id: 254,
  hidden_act: 'silu',
  hidden_size: 64,
  initializer_range: 0.02,
  intermediate_size: 176,
  max_position_embeddings: 256,
  max_window_layers: 2,
  model_type: 'qwen2',
  num_attention_heads: 4,
  num_hidden_layers: 2,
  num_key_value_heads: 2,
  rms_norm_eps: 1e-6,
  rope_theta: 1000000,
  sliding_window: 256,
  tie_word_embeddings: true,
  torch_dtype: 'bfloat16',
  use_cache: true,
  use_sliding_window: false,
  vocab_size: 256,
};
