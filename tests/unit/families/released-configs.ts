// The released flagship configs, keys and values as docs/checkpoint-formats.md §3 quotes them, for the
// detection tests and the catalog cross-check.

export const llama2_7b = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, intermediate_size: 11008,
  num_attention_heads: 32, num_key_value_heads: 32, num_hidden_layers: 32, rms_norm_eps: 1e-5,
  max_position_embeddings: 4096, vocab_size: 32000, hidden_act: 'silu', rope_scaling: null,
  tie_word_embeddings: false, pretraining_tp: 1, bos_token_id: 1, eos_token_id: 2, torch_dtype: 'float16',
};
// docs/checkpoint-formats.md §3.1 quotes the head/KV/RoPE keys; the geometry (2048 wide, 32 heads, 16 layers, 128256 tokens) is the released file's.
export const llama32_1b = {
  model_type: 'llama', hidden_size: 2048, intermediate_size: 8192, num_attention_heads: 32, num_hidden_layers: 16,
  vocab_size: 128256, rms_norm_eps: 1e-5, max_position_embeddings: 131072, head_dim: 64, num_key_value_heads: 8,
  rope_theta: 500000, tie_word_embeddings: true, torch_dtype: 'bfloat16',
  rope_scaling: { rope_type: 'llama3', factor: 32.0, low_freq_factor: 1.0, high_freq_factor: 4.0, original_max_position_embeddings: 8192 },
};
export const qwen2_7b = {
  architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', hidden_size: 3584, intermediate_size: 18944,
  num_attention_heads: 28, num_key_value_heads: 4, num_hidden_layers: 28, rms_norm_eps: 1e-6, rope_theta: 1000000.0,
  max_position_embeddings: 32768, sliding_window: 131072, use_sliding_window: false, max_window_layers: 28,
  vocab_size: 152064, tie_word_embeddings: false, bos_token_id: 151643, eos_token_id: 151645, torch_dtype: 'bfloat16',
};
export const qwen25_05b = {
  model_type: 'qwen2', hidden_size: 896, num_attention_heads: 14, num_key_value_heads: 2, intermediate_size: 4864,
  num_hidden_layers: 24, vocab_size: 151936, tie_word_embeddings: true,
};
export const qwen_7b = {
  architectures: ['QWenLMHeadModel'], model_type: 'qwen', hidden_size: 4096, intermediate_size: 22016, kv_channels: 128,
  num_attention_heads: 32, num_hidden_layers: 32, layer_norm_epsilon: 1e-6, max_position_embeddings: 32768, seq_length: 8192,
  rotary_emb_base: 10000, rotary_pct: 1.0, no_bias: true, scale_attn_weights: true, use_dynamic_ntk: true, use_logn_attn: true,
  use_flash_attn: 'auto', bf16: false, fp16: false, fp32: false, tie_word_embeddings: false, vocab_size: 151936,
  onnx_safe: null, tokenizer_class: 'QWenTokenizer',
};
export const chatglm_6b = {
  architectures: ['ChatGLMModel'], model_type: 'chatglm', hidden_size: 4096, inner_hidden_size: 16384, num_attention_heads: 32,
  num_layers: 28, layernorm_epsilon: 1e-5, max_sequence_length: 2048, position_encoding_2d: true, vocab_size: 130528,
  bos_token_id: 130004, eos_token_id: 130005, mask_token_id: 130000, gmask_token_id: 130001, pad_token_id: 3, torch_dtype: 'float16',
};
export const chatglm2_6b = {
  architectures: ['ChatGLMModel'], model_type: 'chatglm', hidden_size: 4096, num_attention_heads: 32, kv_channels: 128,
  multi_query_attention: true, multi_query_group_num: 2, ffn_hidden_size: 13696, num_layers: 28, padded_vocab_size: 65024,
  seq_length: 32768, layernorm_epsilon: 1e-5, rmsnorm: true, post_layer_norm: true, add_bias_linear: false, add_qkv_bias: true,
  apply_residual_connection_post_layernorm: false, apply_query_key_layer_scaling: true, attention_softmax_in_fp32: true,
  original_rope: true, fp32_residual_connection: false, tie_word_embeddings: false, eos_token_id: 2, pad_token_id: 0, torch_dtype: 'float16',
};
export const chatglm3_6b = { ...chatglm2_6b, seq_length: 8192 };
export const baichuan_7b = {
  architectures: ['BaiChuanForCausalLM'], model_type: 'baichuan', vocab_size: 64000, hidden_size: 4096, intermediate_size: 11008,
  num_hidden_layers: 32, num_attention_heads: 32, max_position_embeddings: 4096, rms_norm_eps: 1e-6,
  bos_token_id: 1, eos_token_id: 2, pad_token_id: 0, tie_word_embeddings: false,
};
export const baichuan_13b = {
  architectures: ['BaichuanForCausalLM'], model_type: 'baichuan', vocab_size: 64000, hidden_size: 5120, intermediate_size: 13696,
  num_hidden_layers: 40, num_attention_heads: 40, model_max_length: 4096,
};
// Baichuan2-13B-Chat's keys exactly as docs/checkpoint-formats.md §3.6 lists them: there is no model_type among them.
export const baichuan2_13b_chat = {
  _from_model_config: true, architectures: ['BaichuanForCausalLM'], tokenizer_class: 'BaichuanTokenizer', bos_token_id: 1,
  eos_token_id: 2, gradient_checkpointing: false, hidden_act: 'silu', hidden_size: 5120, intermediate_size: 13696,
  model_max_length: 4096, num_attention_heads: 40, num_hidden_layers: 40, pad_token_id: 0, rms_norm_eps: 1e-6,
  tie_word_embeddings: false, torch_dtype: 'bfloat16', vocab_size: 125696,
};
export const baichuan2_7b = {
  architectures: ['BaichuanForCausalLM'], model_type: 'baichuan', vocab_size: 125696, hidden_size: 4096, intermediate_size: 11008,
  num_hidden_layers: 32, num_attention_heads: 32, max_position_embeddings: 4096, model_max_length: 4096, z_loss_weight: 0,
};

