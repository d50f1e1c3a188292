// The catalog (numbers the pages show) and detectModel (what the kernels run) describe the same
// models in two vocabularies. For every model in the catalog, write the config.json it would ship
// with, using its family's real keys (docs/checkpoint-formats.md §3) and the catalog's numbers, and
// check that detectModel reads back the same geometry and design choices. Then the same comparison
// on the released config.json files themselves, where the repository quotes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { models, type ReleasedModel } from '../../../kernels/families/catalog.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import type { FamilyId, ModelSpec } from '../../../kernels/families/spec.ts';
import * as released from './released-configs.ts';
import { hfConfig, ropeOf as rope, trainContext } from '../../../kernels/families/catalog-config.ts';

type Config = Record<string, unknown>;

/** Which modelling code a catalog entry's checkpoint loads with (the catalog groups Qwen2.5 under Qwen). */
function codeOf(m: ReleasedModel): FamilyId {
  switch (m.family) {
    case 'llama':
    case 'llama-2':
      return 'llama';
    case 'qwen':
      return m.vocab.tokenizer === 'qwen2-bpe' ? 'qwen2' : 'qwen';
    case 'chatglm':
      return m.position.kind === 'rope-2d' ? 'chatglm' : 'chatglm2';
    case 'baichuan':
      return 'baichuan';
  }
}

/** First-generation Qwen's QWenConfig keys (§3.3): intermediate_size holds twice the MLP width. */
function qwenConfig(m: ReleasedModel): Config {
  const position = rope(m);
  const longContext = position.longContext === 'dynamic-ntk-logn';
  return {
    model_type: 'qwen',
    architectures: ['QWenLMHeadModel'],
    hidden_size: m.hidden,
    intermediate_size: m.ffn.configValue ?? m.ffn.width,
    kv_channels: m.headDim,
    num_attention_heads: m.heads,
    num_hidden_layers: m.layers,
    layer_norm_epsilon: m.norm.eps,
    max_position_embeddings: Math.max(...m.context.map((c) => c.tokens)),
    seq_length: trainContext(m),
    rotary_emb_base: position.theta,
    rotary_pct: position.rotaryDims / m.headDim,
    no_bias: true,
    scale_attn_weights: true,
    use_dynamic_ntk: longContext,
    use_logn_attn: longContext,
    tie_word_embeddings: m.head.tied,
    vocab_size: m.vocab.embeddingRows,
  };
}

/** ChatGLM-6B (§3.4); the special ids are the released ones, which the catalog does not carry. */
function chatglm6bConfig(m: ReleasedModel): Config {
  return {
    model_type: 'chatglm',
    architectures: ['ChatGLMModel'],
    hidden_size: m.hidden,
    inner_hidden_size: m.ffn.width,
    num_attention_heads: m.heads,
    num_layers: m.layers,
    layernorm_epsilon: m.norm.eps,
    max_sequence_length: trainContext(m),
    position_encoding_2d: true,
    vocab_size: m.vocab.embeddingRows,
    bos_token_id: 130_004,
    eos_token_id: 130_005,
    mask_token_id: 130_000,
    gmask_token_id: 130_001,
    pad_token_id: 3,
  };
}

/** ChatGLM2/3 (§3.5). */
function chatglm2Config(m: ReleasedModel): Config {
  return {
    model_type: 'chatglm',
    architectures: ['ChatGLMModel'],
    hidden_size: m.hidden,
    num_attention_heads: m.heads,
    kv_channels: m.headDim,
    multi_query_attention: m.kvHeads < m.heads,
    multi_query_group_num: m.kvHeads,
    ffn_hidden_size: m.ffn.width,
    num_layers: m.layers,
    padded_vocab_size: m.vocab.embeddingRows,
    seq_length: trainContext(m),
    layernorm_epsilon: m.norm.eps,
    rmsnorm: m.norm.kind === 'rmsnorm',
    post_layer_norm: true,
    add_bias_linear: m.biases === 'all',
    add_qkv_bias: m.biases === 'qkv',
    apply_residual_connection_post_layernorm: false,
    original_rope: true,
    tie_word_embeddings: m.head.tied,
  };
}

/** Baichuan (§2.3, §3.6): the RoPE code reads max_position_embeddings, the ALiBi code model_max_length. */
function baichuanConfig(m: ReleasedModel): Config {
  const alibi = m.position.kind === 'alibi';
  const config: Config = {
    model_type: 'baichuan',
    architectures: [m.id === 'baichuan-7b' ? 'BaiChuanForCausalLM' : 'BaichuanForCausalLM'],
    hidden_size: m.hidden,
    intermediate_size: m.ffn.width,
    num_attention_heads: m.heads,
    num_hidden_layers: m.layers,
    rms_norm_eps: m.norm.eps,
    vocab_size: m.vocab.embeddingRows,
    hidden_act: 'silu',
    tie_word_embeddings: m.head.tied,
  };
  config[alibi ? 'model_max_length' : 'max_position_embeddings'] = trainContext(m);
  return config;
}

function releasedConfig(m: ReleasedModel): Config {
  const code = codeOf(m);
  switch (code) {
    case 'llama':
    case 'qwen2':
      return hfConfig(m, code);
    case 'qwen':
      return qwenConfig(m);
    case 'chatglm':
      return chatglm6bConfig(m);
    case 'chatglm2':
      return chatglm2Config(m);
    case 'baichuan':
      return baichuanConfig(m);
  }
}

/** The catalog's description, in the spec's vocabulary, for the fields both carry. */
function expectedSpec(m: ReleasedModel) {
  const position = m.position;
  return {
    family: codeOf(m),
    numLayers: m.layers,
    hiddenSize: m.hidden,
    numHeads: m.heads,
    numKvHeads: m.kvHeads,
    headDim: m.headDim,
    vocabSize: m.vocab.embeddingRows,
    ffnWidth: m.ffn.width,
    ffnIsGelu: m.activation === 'gelu',
    norm: { kind: m.norm.kind, eps: m.norm.eps },
    position:
      position.kind === 'alibi'
        ? { kind: 'alibi' }
        : position.kind === 'rope-2d'
          ? { kind: 'rope-2d-glm', rotaryDim: position.dimsPerHalf, base: position.theta }
          : {
              kind: 'rope',
              // The catalog records the official code's pairing; Meta's LLaMA code is interleaved, but HF
              // checkpoints carry q/k rows permuted for rotate-half (§5.1), which is what detectModel reads.
              style: position.pairing === 'rotate-half' || codeOf(m) === 'llama' ? 'half' : 'interleaved',
              rotaryDim: position.rotaryDims,
              base: position.theta,
              longContext: position.longContext === 'dynamic-ntk-logn',
            },
    residualAlpha: m.residual.kind === 'deepnorm-style' ? m.residual.alpha : null,
    head: m.head.normHead ? 'normhead' : m.head.tied ? 'tied' : 'untied',
    mask: m.mask === 'prefix' ? 'glm-prefix' : 'causal',
    qkvBias: m.biases !== 'none',
    outBias: m.biases === 'all',
    ffnBias: m.biases === 'all',
  };
}

/** The same fields, read off a detected spec. */
function detectedSpec(spec: ModelSpec): ReturnType<typeof expectedSpec> {
  const p = spec.position;
  return {
    family: spec.family,
    numLayers: spec.numLayers,
    hiddenSize: spec.hiddenSize,
    numHeads: spec.numHeads,
    numKvHeads: spec.numKvHeads,
    headDim: spec.headDim,
    vocabSize: spec.vocabSize,
    ffnWidth: spec.ffn.width,
    ffnIsGelu: spec.ffn.kind === 'gelu-tanh',
    norm: { kind: spec.norm.kind, eps: spec.norm.eps },
    position:
      p.kind === 'alibi'
        ? { kind: 'alibi' }
        : p.kind === 'rope-2d-glm'
          ? { kind: 'rope-2d-glm', rotaryDim: p.rotaryDim, base: p.base }
          : { kind: 'rope', style: p.style, rotaryDim: p.rotaryDim, base: p.base, longContext: p.scaling.kind === 'qwen-dynamic-ntk' },
    residualAlpha: spec.residual.kind === 'glm-deepnorm' ? spec.residual.alpha : null,
    head: spec.head.kind,
    mask: spec.mask.kind,
    qkvBias: spec.attention.qkvBias,
    outBias: spec.attention.outBias,
    ffnBias: spec.ffn.bias,
  };
}

for (const m of models) {
  test(`${m.id}: detectModel on its config.json agrees with the catalog`, () => {
    const config = releasedConfig(m);
    const spec = detectModel(config);
    assert.deepEqual(detectedSpec(spec), expectedSpec(m), `${m.id}: catalog vs detectModel(${JSON.stringify(config)})`);
  });
}

// Released files next to their catalog entries (Qwen2.5-0.5B's quoted keys leave out rope_theta).
const releasedFiles: readonly [ReleasedModel['id'], Config][] = [
  ['llama-2-7b', released.llama2_7b],
  ['qwen-7b', released.qwen_7b],
  ['chatglm-6b', released.chatglm_6b],
  ['chatglm2-6b', released.chatglm2_6b],
  ['chatglm3-6b', released.chatglm3_6b],
  ['baichuan-7b', released.baichuan_7b],
  ['baichuan-13b', released.baichuan_13b],
  ['baichuan2-7b', released.baichuan2_7b],
  ['baichuan2-13b', released.baichuan2_13b_chat],
];

for (const [id, config] of releasedFiles) {
  test(`${id}: detectModel on the released config.json agrees with the catalog`, () => {
    const m = models.find((candidate) => candidate.id === id)!;
    assert.deepEqual(detectedSpec(detectModel(config)), expectedSpec(m));
  });
}

test('the check covers every family in the catalog and every kind of model code', () => {
  assert.deepEqual(new Set(models.map(codeOf)), new Set<FamilyId>(['llama', 'qwen2', 'qwen', 'chatglm', 'chatglm2', 'baichuan']));
});
