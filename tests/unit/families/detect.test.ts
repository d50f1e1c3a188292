// Family detection: the released flagship configs (keys and values as quoted in
// docs/checkpoint-formats.md §3), every tiny replica, random LLaMA-style geometries,
// and inconsistent configs refused with a message naming the key at fault.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ConfigError, detectModel } from '../../../kernels/families/detect.ts';
import type { ModelSpec } from '../../../kernels/families/spec.ts';
import { TINY_REPLICAS, tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import type { ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import {
  llama2_7b,
  llama32_1b,
  qwen2_7b,
  qwen25_05b,
  qwen_7b,
  chatglm_6b,
  chatglm2_6b,
  chatglm3_6b,
  baichuan_7b,
  baichuan_13b,
  baichuan2_13b_chat,
  baichuan2_7b,
} from './released-configs.ts';

const layer0 = (spec: ModelSpec) => spec.tensors.layers[0]!;

test('Llama 2 7B: MHA, full-head rotate_half RoPE θ=10000, RMSNorm 1e-5, untied head, no biases', () => {
  const s = detectModel(llama2_7b);
  assert.equal(s.family, 'llama');
  assert.deepEqual([s.hiddenSize, s.numHeads, s.numKvHeads, s.headDim, s.numLayers, s.vocabSize, s.ffn.width], [4096, 32, 32, 128, 32, 32000, 11008]);
  assert.deepEqual(s.norm, { kind: 'rmsnorm', eps: 1e-5 });
  assert.deepEqual(s.position, { kind: 'rope', style: 'half', rotaryDim: 128, base: 10000, scaling: { kind: 'none' } });
  assert.deepEqual([s.attention.packing, s.attention.qkvBias, s.attention.outBias, s.ffn.kind, s.ffn.bias], ['separate', false, false, 'swiglu', false]);
  assert.equal(s.attention.scale, 1 / Math.sqrt(128));
  assert.deepEqual([s.head, s.mask, s.residual, s.contextLength, s.dtype], [{ kind: 'untied' }, { kind: 'causal' }, { kind: 'pre-norm' }, 4096, 'float16']);
  assert.deepEqual(s.tensors.head, { name: 'lm_head.weight', shape: [32000, 4096] });
  assert.equal(s.tensors.layers.length, 32);
  const a = layer0(s).attention;
  assert.ok(a.packing === 'separate');
  assert.deepEqual([a.q.weight, a.q.bias, a.out.weight.shape], [{ name: 'model.layers.0.self_attn.q_proj.weight', shape: [4096, 4096] }, null, [4096, 4096]]);
});

test('Llama 3.2 1B: GQA 32 → 8, explicit head_dim, llama3 RoPE scaling, tied head', () => {
  const s = detectModel(llama32_1b);
  assert.deepEqual([s.numHeads, s.numKvHeads, s.headDim], [32, 8, 64]);
  assert.deepEqual(s.position, {
    kind: 'rope', style: 'half', rotaryDim: 64, base: 500000,
    scaling: { kind: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8192 },
  });
  assert.deepEqual([s.head.kind, s.tensors.head], ['tied', null]);
  const a = layer0(s).attention;
  assert.ok(a.packing === 'separate');
  assert.deepEqual([a.k.weight.shape, a.v.weight.shape], [[512, 2048], [512, 2048]]);
});

test('Qwen2-7B and Qwen2.5-0.5B: q/k/v bias only, θ=1e6, GQA, tying only where configured', () => {
  const s = detectModel(qwen2_7b);
  assert.deepEqual([s.family, s.numKvHeads, s.headDim, s.position.kind === 'rope' && s.position.base], ['qwen2', 4, 128, 1000000]);
  assert.deepEqual([s.attention.qkvBias, s.attention.outBias, s.ffn.bias, s.attention.slidingWindow], [true, false, false, null]);
  assert.deepEqual(s.norm, { kind: 'rmsnorm', eps: 1e-6 });
  const a = layer0(s).attention;
  assert.ok(a.packing === 'separate');
  assert.deepEqual(a.q.bias, { name: 'model.layers.0.self_attn.q_proj.bias', shape: [3584] });
  assert.deepEqual(a.k.bias, { name: 'model.layers.0.self_attn.k_proj.bias', shape: [512] });
  assert.equal(a.out.bias, null);
  assert.equal(s.head.kind, 'untied');

  const small = detectModel(qwen25_05b);
  assert.deepEqual([small.headDim, small.numKvHeads, small.head.kind, small.tensors.head], [64, 2, 'tied', null]);
  const windowed = detectModel({ ...qwen25_05b, use_sliding_window: true, sliding_window: 4096, max_window_layers: 21 });
  assert.deepEqual(windowed.attention.slidingWindow, { size: 4096, fromLayer: 21 });
});

test('Qwen-7B (first generation): real MLP width 11008, c_attn bias, dynamic NTK + log-n past seq_length 8192', () => {
  const s = detectModel(qwen_7b);
  assert.deepEqual([s.family, s.headDim, s.numKvHeads, s.ffn.kind, s.ffn.width, s.ffn.bias], ['qwen', 128, 32, 'qwen-w1-silu-w2', 11008, false]);
  assert.deepEqual(s.position, {
    kind: 'rope', style: 'half', rotaryDim: 128, base: 10000,
    scaling: { kind: 'qwen-dynamic-ntk', seqLength: 8192, ntk: true, logn: true },
  });
  assert.deepEqual([s.attention.packing, s.attention.qkvBias, s.attention.outBias, s.contextLength], ['qwen-c_attn', true, false, 32768]);
  const { attention: a, ffn: f } = layer0(s);
  assert.ok(a.packing !== 'separate' && f.kind === 'qwen-w1-silu-w2');
  assert.deepEqual([a.qkv.weight.shape, a.qkv.bias?.shape, a.out.bias], [[12288, 4096], [12288], null]);
  assert.deepEqual(f.w1.weight, { name: 'transformer.h.0.mlp.w1.weight', shape: [11008, 4096] });
  assert.deepEqual([f.w2.weight.shape, f.cProj.weight.shape], [[11008, 4096], [4096, 11008]]);
  // Half-rotary and unscaled variants.
  const partial = detectModel({ ...qwen_7b, rotary_pct: 0.5, use_dynamic_ntk: false, use_logn_attn: false, scale_attn_weights: false });
  assert.deepEqual(partial.position, { kind: 'rope', style: 'half', rotaryDim: 64, base: 10000, scaling: { kind: 'none' } });
  assert.equal(partial.attention.scale, 1);
});

test('ChatGLM-6B: 2-D RoPE with fp16 inv_freq, prefix mask from the special ids, alpha = sqrt(56), tied head', () => {
  const s = detectModel(chatglm_6b);
  assert.equal(s.family, 'chatglm');
  assert.deepEqual([s.headDim, s.numKvHeads, s.ffn.kind, s.ffn.width, s.ffn.bias], [128, 32, 'gelu-tanh', 16384, true]);
  assert.deepEqual(s.position, { kind: 'rope-2d-glm', rotaryDim: 64, base: 10000, invFreqDtype: 'float16' });
  assert.deepEqual(s.mask, { kind: 'glm-prefix', bosTokenId: 130004, maskTokenId: 130000, gmaskTokenId: 130001 });
  assert.deepEqual(s.residual, { kind: 'glm-deepnorm', alpha: Math.sqrt(2 * 28) });
  assert.deepEqual([s.norm, s.head.kind, s.tensors.head, s.contextLength], [{ kind: 'layernorm', eps: 1e-5 }, 'tied', null, 2048]);
  assert.deepEqual([s.attention.packing, s.attention.qkvBias, s.attention.outBias], ['glm-per-head', true, true]);
  const l = layer0(s);
  assert.deepEqual(l.inputNorm.bias, { name: 'transformer.layers.0.input_layernorm.bias', shape: [4096] });
  assert.ok(l.attention.packing !== 'separate');
  assert.deepEqual(l.attention.qkv.weight, { name: 'transformer.layers.0.attention.query_key_value.weight', shape: [12288, 4096] });
  assert.ok(s.tensors.ignoredIfPresent.includes('lm_head.weight'));
  // The alpha does not follow num_layers (the official GLMBlock never receives it).
  assert.deepEqual(detectModel({ ...chatglm_6b, num_layers: 2 }).residual, { kind: 'glm-deepnorm', alpha: Math.sqrt(56) });
});

test('ChatGLM2-6B / ChatGLM3-6B: 2 KV groups, interleaved RoPE on half of each head, chunked SwiGLU', () => {
  for (const [config, context] of [[chatglm2_6b, 32768], [chatglm3_6b, 8192]] as const) {
    const s = detectModel(config);
    assert.deepEqual([s.family, s.numHeads, s.numKvHeads, s.headDim, s.vocabSize, s.contextLength], ['chatglm2', 32, 2, 128, 65024, context]);
    assert.deepEqual(s.position, { kind: 'rope', style: 'interleaved', rotaryDim: 64, base: 10000, scaling: { kind: 'none' } });
    assert.deepEqual([s.attention.packing, s.attention.qkvBias, s.attention.outBias, s.mask.kind, s.head.kind], ['glm2-grouped', true, false, 'causal', 'untied']);
    const { attention: a, ffn: f } = layer0(s);
    assert.ok(a.packing !== 'separate' && f.kind === 'swiglu-chunked');
    assert.deepEqual([a.qkv.weight.shape, a.qkv.bias?.shape, f.gateUp.weight.shape, f.down.weight.shape], [[4608, 4096], [4608], [27392, 4096], [4096, 13696]]);
    assert.deepEqual(s.tensors.head, { name: 'transformer.output_layer.weight', shape: [65024, 4096] });
  }
  const long = detectModel({ ...chatglm3_6b, rope_ratio: 50 });
  assert.ok(long.position.kind === 'rope' && long.position.base === 500000 && long.warnings.some((w) => w.includes('rope_ratio')));
});

test('Baichuan: RoPE vs ALiBi by keys, architecture or geometry; Baichuan2 by vocab or z_loss_weight', () => {
  const cases: [object, string, string, string][] = [
    [baichuan_7b, 'Baichuan-7B (RoPE)', 'rope', 'untied'],
    [baichuan_13b, 'Baichuan-13B (ALiBi)', 'alibi', 'untied'],
    [baichuan2_13b_chat, 'Baichuan2-13B (ALiBi, NormHead)', 'alibi', 'normhead'],
    [{ ...baichuan2_13b_chat, model_type: 'baichuan' }, 'Baichuan2-13B (ALiBi, NormHead)', 'alibi', 'normhead'],
    [baichuan2_7b, 'Baichuan2-7B (RoPE, NormHead)', 'rope', 'normhead'],
    // The RoPE file's architecture name, without max_position_embeddings.
    [{ ...baichuan_13b, architectures: ['BaiChuanForCausalLM'] }, 'Baichuan-7B (RoPE)', 'rope', 'untied'],
    // z_loss_weight marks Baichuan2 even with a Baichuan 1 sized vocab.
    [{ ...baichuan_13b, z_loss_weight: 0 }, 'Baichuan2-13B (ALiBi, NormHead)', 'alibi', 'normhead'],
  ];
  for (const [config, label, position, head] of cases) {
    const s = detectModel(config);
    assert.deepEqual([s.label, s.position.kind, s.head.kind], [label, position, head]);
    const a = layer0(s).attention;
    assert.ok(a.packing === 'w_pack');
    assert.deepEqual([a.qkv.weight.name, a.qkv.weight.shape, a.qkv.bias], ['model.layers.0.self_attn.W_pack.weight', [3 * s.hiddenSize, s.hiddenSize], null]);
  }
  // 4096 wide × 32 layers without the RoPE keys: RoPE, with a warning saying why.
  const guessed = detectModel({ ...baichuan2_7b, architectures: ['BaichuanForCausalLM'], max_position_embeddings: null });
  assert.equal(guessed.position.kind, 'rope');
  assert.ok(guessed.warnings.some((w) => w.includes('geometry')));
});

test('without model_type, architectures picks the family; ChatGLM generation falls back to tensor names', () => {
  const { model_type: _, ...noType } = llama2_7b;
  assert.equal(detectModel(noType).family, 'llama');
  const bare = { model_type: 'chatglm', hidden_size: 64, num_attention_heads: 4, num_layers: 2, vocab_size: 256, bos_token_id: 1, eos_token_id: 2 };
  assert.throws(() => detectModel(bare), (e: unknown) => e instanceof ConfigError && e.message.includes("model_type 'chatglm' cannot be told apart"));
  // Told apart by prefix, the v1 reader then asks for the key it needs.
  assert.throws(() => detectModel(bare, ['transformer.layers.0.attention.dense.weight']), /config\.json: inner_hidden_size is missing/);
  assert.throws(() => detectModel(bare, ['transformer.encoder.layers.0.self_attention.dense.weight']), /config\.json: kv_channels is missing/);
});

// ---- Tiny replicas ------------------------------------------------------------------------

const expectedReplicas: Record<ReplicaName, { family: string; position: string; head: string; kv: number; heads: number }> = {
  llama: { family: 'llama', position: 'rope', head: 'untied', kv: 4, heads: 4 },
  'llama2-gqa': { family: 'llama', position: 'rope', head: 'untied', kv: 2, heads: 4 },
  'chatglm-6b': { family: 'chatglm', position: 'rope-2d-glm', head: 'tied', kv: 4, heads: 4 },
  'chatglm2-6b': { family: 'chatglm2', position: 'rope', head: 'untied', kv: 2, heads: 4 },
  'baichuan-7b': { family: 'baichuan', position: 'rope', head: 'untied', kv: 4, heads: 4 },
  'baichuan2-7b': { family: 'baichuan', position: 'rope', head: 'normhead', kv: 4, heads: 4 },
  'baichuan-13b': { family: 'baichuan', position: 'alibi', head: 'untied', kv: 6, heads: 6 },
  'baichuan2-13b': { family: 'baichuan', position: 'alibi', head: 'normhead', kv: 12, heads: 12 },
  qwen: { family: 'qwen', position: 'rope', head: 'untied', kv: 4, heads: 4 },
  qwen2: { family: 'qwen2', position: 'rope', head: 'tied', kv: 2, heads: 4 },
};

test('every tiny replica is detected as the family it imitates', () => {
  assert.deepEqual([...TINY_REPLICAS].sort(), Object.keys(expectedReplicas).sort());
  for (const name of TINY_REPLICAS) {
    const s = detectModel(tinyReplica(name).config);
    const want = expectedReplicas[name];
    assert.deepEqual([s.family, s.position.kind, s.head.kind, s.numKvHeads, s.numHeads], [want.family, want.position, want.head, want.kv, want.heads], name);
    assert.ok(s.vocabSize <= 512 && s.numLayers === 2, name);
  }
  const glm = detectModel(tinyReplica('chatglm-6b').config);
  assert.ok(glm.mask.kind === 'glm-prefix' && glm.mask.bosTokenId < glm.vocabSize && glm.mask.gmaskTokenId < glm.vocabSize);
  assert.deepEqual(glm.residual, { kind: 'glm-deepnorm', alpha: Math.sqrt(56) });
});

// ---- Inconsistent configs ------------------------------------------------------------------

function refuses(config: unknown, message: string | RegExp): void {
  assert.throws(
    () => detectModel(config),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    },
  );
}

test('inconsistent or unsupported configs are refused, naming the key', () => {
  refuses({ ...llama2_7b, num_attention_heads: 8, num_key_value_heads: 3 }, 'config.json: num_key_value_heads (3) must divide num_attention_heads (8)');
  refuses({ model_type: 'gpt2' }, "config.json: model_type 'gpt2' is not a supported family (llama, qwen2, qwen, chatglm, baichuan)");
  refuses({ architectures: ['GPT2LMHeadModel'] }, /^config\.json: model_type is missing and architectures \["GPT2LMHeadModel"\]/);
  refuses({}, /^config\.json: model_type is missing/);
  refuses([], 'config.json: not a JSON object');
  const { hidden_size: _, ...noHidden } = llama2_7b;
  refuses(noHidden, 'config.json: hidden_size is missing');
  refuses({ ...llama2_7b, hidden_size: '4096' }, 'config.json: hidden_size must be a positive integer, got "4096"');
  refuses({ ...llama2_7b, num_hidden_layers: 0 }, /^config\.json: num_hidden_layers must be a positive integer/);
  refuses({ ...llama2_7b, rms_norm_eps: 0 }, 'config.json: rms_norm_eps must be a number greater than 0, got 0');
  refuses({ ...llama2_7b, hidden_size: 4090 }, /^config\.json: num_attention_heads \(32\) must divide hidden_size \(4090\)/);
  refuses({ ...llama2_7b, hidden_size: 4000 }, 'config.json: num_attention_heads gives head size 125; rotary embedding needs it even');
  refuses({ ...llama2_7b, head_dim: 63 }, 'config.json: head_dim (63) must be even for rotary embedding');
  refuses({ ...llama2_7b, torch_dtype: 'int8' }, /^config\.json: torch_dtype must be float32, float16 or bfloat16/);
  refuses({ ...llama2_7b, hidden_act: 'gelu' }, /^config\.json: hidden_act must be "silu"/);
  refuses({ ...llama2_7b, rope_scaling: { type: 'yarn', factor: 4 } }, /^config\.json: rope_scaling\.rope_type "yarn" is not supported/);
  refuses({ ...llama2_7b, rope_scaling: { type: 'linear', factor: 0.5 } }, /^config\.json: rope_scaling\.factor must be at least 1/);
  refuses({ ...llama32_1b, rope_scaling: { ...llama32_1b.rope_scaling, high_freq_factor: 1 } }, /^config\.json: rope_scaling\.high_freq_factor/);
  refuses({ ...qwen_7b, kv_channels: 64 }, /^config\.json: kv_channels \(64\) × num_attention_heads \(32\) must equal hidden_size \(4096\)/);
  refuses({ ...qwen_7b, intermediate_size: 22015 }, /^config\.json: intermediate_size \(22015\) must be even/);
  const { seq_length: __, ...noSeq } = qwen_7b;
  refuses(noSeq, 'config.json: seq_length is missing');
  refuses({ ...chatglm_6b, gmask_token_id: 130528 }, 'config.json: gmask_token_id (130528) must be below vocab_size (130528)');
  refuses({ ...chatglm_6b, mask_token_id: 130004 }, /^config\.json: bos_token_id \(130004\), mask_token_id \(130004\)/);
  refuses({ ...chatglm_6b, position_encoding_2d: false }, /^config\.json: position_encoding_2d false/);
  refuses({ ...chatglm2_6b, multi_query_group_num: 3 }, 'config.json: multi_query_group_num (3) must divide num_attention_heads (32)');
  refuses({ ...chatglm2_6b, kv_channels: 126 }, /^config\.json: kv_channels \(126\) must be divisible by 4/);
  refuses({ ...baichuan_7b, tie_word_embeddings: true }, /^config\.json: tie_word_embeddings true is not supported/);
});

// ---- Random LLaMA-style geometries ------------------------------------------------------------

test('property: any consistent LLaMA/Qwen2 geometry is read back exactly; a non-dividing KV count is refused', () => {
  fc.assert(
    fc.property(
      fc.record({
        family: fc.constantFrom('llama', 'qwen2'),
        kv: fc.integer({ min: 1, max: 8 }),
        group: fc.integer({ min: 1, max: 4 }),
        halfD: fc.integer({ min: 1, max: 32 }),
        layers: fc.integer({ min: 1, max: 6 }),
        vocab: fc.integer({ min: 1, max: 1000 }),
        ffn: fc.integer({ min: 1, max: 512 }),
        explicitHeadDim: fc.boolean(),
        extraKv: fc.integer({ min: 1, max: 7 }),
      }),
      (g) => {
        const heads = g.kv * g.group;
        const d = 2 * g.halfD;
        // With an explicit head_dim the hidden size need not equal heads × d (as in some Llama 3 / Qwen3 configs).
        const hidden = g.explicitHeadDim ? heads * d + 2 : heads * d;
        const config = {
          model_type: g.family, hidden_size: hidden, num_attention_heads: heads, num_key_value_heads: g.kv,
          num_hidden_layers: g.layers, vocab_size: g.vocab, intermediate_size: g.ffn, ...(g.explicitHeadDim ? { head_dim: d } : {}),
        };
        const s = detectModel(config);
        assert.deepEqual(
          [s.family, s.hiddenSize, s.numHeads, s.numKvHeads, s.headDim, s.numLayers, s.vocabSize, s.ffn.width],
          [g.family, hidden, heads, g.kv, d, g.layers, g.vocab, g.ffn],
        );
        assert.equal(s.tensors.layers.length, g.layers);
        const a = s.tensors.layers[g.layers - 1]!.attention;
        assert.ok(a.packing === 'separate');
        assert.deepEqual([a.q.weight.shape, a.k.weight.shape, a.out.weight.shape], [[heads * d, hidden], [g.kv * d, hidden], [hidden, heads * d]]);
        // A KV count that does not divide the heads.
        const badKv = heads + g.extraKv;
        assert.throws(() => detectModel({ ...config, num_key_value_heads: badKv }), new RegExp(`num_key_value_heads \\(${badKv}\\) must divide`));
      },
    ),
    { numRuns: 100 },
  );
});
