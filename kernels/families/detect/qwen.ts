// First-generation Qwen (model_type "qwen", QWenLMHeadModel, remote code): docs/checkpoint-formats.md §3.3, §4.2.
//
// Quirks spelled out in the spec: intermediate_size is twice the real MLP width; c_attn always has a
// bias while the other linears have one only when no_bias is false; the MLP is c_proj(w1·silu(w2));
// partial rotary via rotary_pct; dynamic NTK and log-n scaling switch on past seq_length.
import { releaseDtype } from './config-reader.ts';
import type { ConfigReader } from './config-reader.ts';
import { linearTensors, normTensors } from '../spec.ts';
import type { LayerTensors, ModelSpec, RopeScaling } from '../spec.ts';

export function qwenSpec(r: ConfigReader): ModelSpec {
  const H = r.int('hidden_size');
  const n = r.int('num_attention_heads');
  const kvChannels = r.int('kv_channels', 128);
  // modeling_qwen.py splits c_attn's output with split(hidden_size), so the projection must be H wide.
  if (kvChannels * n !== H) {
    r.fail(
      'kv_channels',
      `(${kvChannels}) × num_attention_heads (${n}) must equal hidden_size (${H}): c_attn is split by hidden_size`,
    );
  }
  const d = kvChannels;
  const L = r.int('num_hidden_layers');
  const V = r.int('vocab_size');
  const configWidth = r.int('intermediate_size');
  if (configWidth % 2 !== 0)
    r.fail('intermediate_size', `(${configWidth}) must be even: the real MLP width is intermediate_size / 2`);
  const F = configWidth / 2;
  const bias = !r.bool('no_bias', true);
  const tied = r.bool('tie_word_embeddings', false);

  const rotaryPct = r.positive('rotary_pct', 1);
  if (rotaryPct > 1) r.fail('rotary_pct', `must be at most 1, got ${rotaryPct}`);
  const rotaryDim = rotaryPct === 1 ? d : Math.trunc(d * rotaryPct);
  if (rotaryDim < 4 || rotaryDim % 2 !== 0) {
    r.fail('rotary_pct', `(${rotaryPct}) of kv_channels (${d}) gives ${rotaryDim} rotary dims; it must be even and at least 4`);
  }
  const seqLength = r.int('seq_length');
  const ntk = r.bool('use_dynamic_ntk', true);
  const logn = r.bool('use_logn_attn', true);
  const scaling: RopeScaling = ntk || logn ? { kind: 'qwen-dynamic-ntk', seqLength, ntk, logn } : { kind: 'none' };

  const layers: LayerTensors[] = [];
  for (let l = 0; l < L; l++) {
    const p = `transformer.h.${l}`;
    layers.push({
      inputNorm: normTensors(`${p}.ln_1`, H, 'rmsnorm'),
      attention: {
        packing: 'qwen-c_attn',
        qkv: linearTensors(`${p}.attn.c_attn`, 3 * H, H, true),
        out: linearTensors(`${p}.attn.c_proj`, H, H, bias),
      },
      postAttentionNorm: normTensors(`${p}.ln_2`, H, 'rmsnorm'),
      ffn: {
        kind: 'qwen-w1-silu-w2',
        w1: linearTensors(`${p}.mlp.w1`, F, H, bias),
        w2: linearTensors(`${p}.mlp.w2`, F, H, bias),
        cProj: linearTensors(`${p}.mlp.c_proj`, H, F, bias),
      },
    });
  }

  const extras = [
    rotaryDim < d ? `RoPE on ${rotaryDim} of ${d} dims` : '',
    ntk ? 'dynamic NTK' : '',
    logn ? 'log-n attention' : '',
  ];
  return {
    family: 'qwen',
    name: 'Qwen',
    label: `Qwen (first generation, ${extras.filter((e) => e !== '').join(', ') || 'plain RoPE'})`,
    vocabSize: V,
    hiddenSize: H,
    numLayers: L,
    numHeads: n,
    numKvHeads: n,
    headDim: d,
    contextLength: r.int('max_position_embeddings', 8192),
    dtype: releaseDtype(r),
    norm: { kind: 'rmsnorm', eps: r.positive('layer_norm_epsilon', 1e-6) },
    position: { kind: 'rope', style: 'half', rotaryDim, base: r.positive('rotary_emb_base', 10000), scaling },
    attention: {
      packing: 'qwen-c_attn',
      qkvBias: true,
      outBias: bias,
      scale: r.bool('scale_attn_weights', true) ? 1 / Math.sqrt(d) : 1,
      slidingWindow: null,
    },
    ffn: { kind: 'qwen-w1-silu-w2', width: F, bias },
    residual: { kind: 'pre-norm' },
    head: { kind: tied ? 'tied' : 'untied' },
    mask: { kind: 'causal' },
    finalNorm: true,
    tensors: {
      embed: { name: 'transformer.wte.weight', shape: [V, H] },
      layers,
      finalNorm: normTensors('transformer.ln_f', H, 'rmsnorm'),
      head: tied ? null : { name: 'lm_head.weight', shape: [V, H] },
      ignoredIfPresent: tied ? ['lm_head.weight'] : [],
    },
    warnings: [`intermediate_size ${configWidth} is twice the real MLP width: w1, w2 and c_proj are ${F} wide`],
  };
}
