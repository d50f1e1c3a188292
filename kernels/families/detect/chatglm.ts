// ChatGLM, both generations of code under model_type "chatglm" (docs/checkpoint-formats.md §3.4–§4.4).
//
// ChatGLM-6B (v1): LayerNorm with biases everywhere, per-head qkv packing, 2-D RoPE, a prefix-LM mask
// driven by the <sop>/[gMASK] ids, a DeepNorm-style residual and a GELU MLP, head tied to the embedding.
// ChatGLM2-6B / ChatGLM3-6B (v2): RMSNorm, multi-query groups, interleaved RoPE on half of each head,
// chunked SwiGLU, plain causal mask, separate output_layer.
import { headDimOf, releaseDtype } from './config-reader.ts';
import type { ConfigReader } from './config-reader.ts';
import { linearTensors, normTensors } from '../spec.ts';
import type { LayerTensors, ModelSpec } from '../spec.ts';

/** GLMBlock's default num_layers; ChatGLMModel never passes the real one (modeling_chatglm.py:566, 828-841). */
const GLM_BLOCK_DEFAULT_LAYERS = 28;

export function chatglm6bSpec(r: ConfigReader): ModelSpec {
  const H = r.int('hidden_size');
  const n = r.int('num_attention_heads');
  const d = headDimOf(r, 'hidden_size', 'num_attention_heads');
  if (d % 4 !== 0) r.fail('num_attention_heads', `gives head size ${d}; 2-D RoPE needs it divisible by 4 (two rotated halves)`);
  const L = r.int('num_layers');
  const V = r.int('vocab_size');
  const F = r.int('inner_hidden_size');
  if (!r.bool('position_encoding_2d', true))
    r.fail('position_encoding_2d', 'false (1-D rotary) is not supported; released ChatGLM-6B uses true');

  const tokenId = (key: string): number => {
    const id = r.id(key);
    if (id >= V) r.fail(key, `(${id}) must be below vocab_size (${V})`);
    return id;
  };
  const bosTokenId = tokenId('bos_token_id');
  const maskTokenId = tokenId('mask_token_id');
  const gmaskTokenId = tokenId('gmask_token_id');
  if (new Set([bosTokenId, maskTokenId, gmaskTokenId]).size !== 3) {
    r.fail('bos_token_id', `(${bosTokenId}), mask_token_id (${maskTokenId}) and gmask_token_id (${gmaskTokenId}) must differ`);
  }
  if (r.has('eos_token_id')) tokenId('eos_token_id');
  // ChatGLMConfig leaves tie_word_embeddings to PretrainedConfig, whose default is true (docs/checkpoint-formats.md §7).
  const tied = r.bool('tie_word_embeddings', true);

  const layers: LayerTensors[] = [];
  for (let l = 0; l < L; l++) {
    const p = `transformer.layers.${l}`;
    layers.push({
      inputNorm: normTensors(`${p}.input_layernorm`, H, 'layernorm'),
      attention: {
        packing: 'glm-per-head',
        qkv: linearTensors(`${p}.attention.query_key_value`, 3 * H, H, true),
        out: linearTensors(`${p}.attention.dense`, H, H, true),
      },
      postAttentionNorm: normTensors(`${p}.post_attention_layernorm`, H, 'layernorm'),
      ffn: {
        kind: 'gelu-tanh',
        up: linearTensors(`${p}.mlp.dense_h_to_4h`, F, H, true),
        down: linearTensors(`${p}.mlp.dense_4h_to_h`, H, F, true),
      },
    });
  }

  const warnings = [
    `residual alpha = sqrt(2·${GLM_BLOCK_DEFAULT_LAYERS}) whatever num_layers is (here ${L}): the official GLMBlock is built without it`,
  ];
  if (tied) warnings.push('the output head is tied to transformer.word_embeddings.weight; a stored lm_head.weight is ignored');
  return {
    family: 'chatglm',
    name: 'ChatGLM-6B',
    label: 'ChatGLM-6B (2-D RoPE, prefix-LM mask, GELU, DeepNorm-style residual)',
    vocabSize: V,
    hiddenSize: H,
    numLayers: L,
    numHeads: n,
    numKvHeads: n,
    headDim: d,
    contextLength: r.int('max_sequence_length', 2048),
    dtype: releaseDtype(r),
    norm: { kind: 'layernorm', eps: r.positive('layernorm_epsilon', 1e-5) },
    position: { kind: 'rope-2d-glm', rotaryDim: d / 2, base: 10000, invFreqDtype: 'float16' },
    attention: { packing: 'glm-per-head', qkvBias: true, outBias: true, scale: 1 / Math.sqrt(d), slidingWindow: null },
    ffn: { kind: 'gelu-tanh', width: F, bias: true },
    residual: { kind: 'glm-deepnorm', alpha: Math.sqrt(2 * GLM_BLOCK_DEFAULT_LAYERS) },
    head: { kind: tied ? 'tied' : 'untied' },
    mask: { kind: 'glm-prefix', bosTokenId, maskTokenId, gmaskTokenId },
    finalNorm: true,
    tensors: {
      embed: { name: 'transformer.word_embeddings.weight', shape: [V, H] },
      layers,
      finalNorm: normTensors('transformer.final_layernorm', H, 'layernorm'),
      head: tied ? null : { name: 'lm_head.weight', shape: [V, H] },
      ignoredIfPresent: [
        ...(tied ? ['lm_head.weight'] : []),
        // Stored in fp16 and skipped on load (_load_from_state_dict is a no-op); recomputed instead.
        ...Array.from({ length: L }, (_, l) => `transformer.layers.${l}.attention.rotary_emb.inv_freq`),
      ],
    },
    warnings,
  };
}

export function chatglm2Spec(r: ConfigReader): ModelSpec {
  const H = r.int('hidden_size');
  const n = r.int('num_attention_heads');
  const d = r.int('kv_channels');
  if (d % 4 !== 0) r.fail('kv_channels', `(${d}) must be divisible by 4: RoPE rotates pairs in the first half of each head`);
  const mqa = r.bool('multi_query_attention', false);
  const g = mqa ? r.int('multi_query_group_num', 1) : n;
  if (n % g !== 0) r.fail('multi_query_group_num', `(${g}) must divide num_attention_heads (${n})`);
  const L = r.int('num_layers');
  const V = r.int('padded_vocab_size');
  const F = r.int('ffn_hidden_size');
  const biasLinear = r.bool('add_bias_linear', false);
  const qkvBias = biasLinear || r.bool('add_qkv_bias', false);
  const norm = r.bool('rmsnorm', true) ? 'rmsnorm' : 'layernorm';
  const finalNorm = r.bool('post_layer_norm', true);
  if (r.bool('apply_residual_connection_post_layernorm', false)) {
    r.fail('apply_residual_connection_post_layernorm', 'true is not supported; released ChatGLM2/3 use false');
  }
  const ropeRatio = r.positive('rope_ratio', 1);

  const layers: LayerTensors[] = [];
  for (let l = 0; l < L; l++) {
    const p = `transformer.encoder.layers.${l}`;
    layers.push({
      inputNorm: normTensors(`${p}.input_layernorm`, H, norm),
      attention: {
        packing: mqa ? 'glm2-grouped' : 'glm-per-head',
        qkv: linearTensors(`${p}.self_attention.query_key_value`, n * d + 2 * g * d, H, qkvBias),
        out: linearTensors(`${p}.self_attention.dense`, H, n * d, biasLinear),
      },
      postAttentionNorm: normTensors(`${p}.post_attention_layernorm`, H, norm),
      ffn: {
        kind: 'swiglu-chunked',
        gateUp: linearTensors(`${p}.mlp.dense_h_to_4h`, 2 * F, H, biasLinear),
        down: linearTensors(`${p}.mlp.dense_4h_to_h`, H, F, biasLinear),
      },
    });
  }

  const warnings: string[] = [];
  if (ropeRatio !== 1) {
    warnings.push(
      `rope_ratio ${ropeRatio} read as base = 10000·rope_ratio (ChatGLM3/GLM-4 code); ChatGLM2-6B-32k divided positions instead (unverified)`,
    );
  }
  if (r.bool('tie_word_embeddings', false))
    warnings.push('tie_word_embeddings is ignored: the ChatGLM2 model class has no tied head');
  return {
    family: 'chatglm2',
    name: 'ChatGLM2/ChatGLM3-6B',
    label: `ChatGLM2/ChatGLM3-6B (${mqa ? `multi-query, ${g} KV group${g === 1 ? '' : 's'}` : 'MHA'}, RoPE on half of each head)`,
    vocabSize: V,
    hiddenSize: H,
    numLayers: L,
    numHeads: n,
    numKvHeads: g,
    headDim: d,
    contextLength: r.int('seq_length', 2048),
    dtype: releaseDtype(r),
    norm: { kind: norm, eps: r.positive('layernorm_epsilon', 1e-5) },
    position: { kind: 'rope', style: 'interleaved', rotaryDim: d / 2, base: 10000 * ropeRatio, scaling: { kind: 'none' } },
    attention: {
      packing: mqa ? 'glm2-grouped' : 'glm-per-head',
      qkvBias,
      outBias: biasLinear,
      scale: 1 / Math.sqrt(d),
      slidingWindow: null,
    },
    ffn: { kind: 'swiglu-chunked', width: F, bias: biasLinear },
    residual: { kind: 'pre-norm' },
    head: { kind: 'untied' },
    mask: { kind: 'causal' },
    finalNorm,
    tensors: {
      embed: { name: 'transformer.embedding.word_embeddings.weight', shape: [V, H] },
      layers,
      finalNorm: finalNorm ? normTensors('transformer.encoder.final_layernorm', H, norm) : null,
      head: { name: 'transformer.output_layer.weight', shape: [V, H] },
      ignoredIfPresent: ['transformer.rotary_pos_emb.inv_freq'],
    },
    warnings,
  };
}

/** Which ChatGLM code a config belongs to (docs/checkpoint-formats.md §2.2), or undefined if the keys cannot tell. */
export function chatglmGeneration(r: ConfigReader, tensorNames: readonly string[] | undefined): 'v1' | 'v2' | undefined {
  if (['multi_query_group_num', 'kv_channels', 'ffn_hidden_size', 'padded_vocab_size'].some((k) => r.has(k))) return 'v2';
  if (['position_encoding_2d', 'inner_hidden_size', 'gmask_token_id', 'mask_token_id'].some((k) => r.has(k))) return 'v1';
  if (tensorNames?.some((t) => t.startsWith('transformer.encoder.'))) return 'v2';
  if (tensorNames?.some((t) => t.startsWith('transformer.layers.'))) return 'v1';
  return undefined;
}
