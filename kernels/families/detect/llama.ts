// LLaMA / Llama 2 / Llama 3 (model_type "llama") and Qwen2 (model_type "qwen2"): the HF layout.
// docs/checkpoint-formats.md §3.1 (LLaMA keys, rope_scaling) and §3.2, §4.1, §8.1 (Qwen2: always a
// q/k/v bias, optional sliding window).
import { describe, headDimOf, releaseDtype, requireSilu } from './config-reader.ts';
import type { ConfigReader } from './config-reader.ts';
import { linearTensors, normTensors } from '../spec.ts';
import type { LayerTensors, ModelSpec, RopeScaling } from '../spec.ts';

/** HF `rope_scaling` ("rope_type", or "type" in older files), transformers' modeling_rope_utils.py. */
function ropeScaling(r: ConfigReader, maxPositions: number): RopeScaling {
  const value = r.raw('rope_scaling');
  if (value === undefined) return { kind: 'none' };
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    return r.fail('rope_scaling', `must be an object or null, got ${describe(value)}`);
  }
  const s = value as Record<string, unknown>;
  const type = s['rope_type'] ?? s['type'];
  const number = (key: string): number => {
    const x = s[key];
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) {
      return r.fail(`rope_scaling.${key}`, `must be a number greater than 0, got ${describe(x)}`);
    }
    return x;
  };
  const factor = (): number => {
    const f = number('factor');
    if (f < 1) r.fail('rope_scaling.factor', `must be at least 1, got ${f}`);
    return f;
  };
  switch (type) {
    case 'default':
      return { kind: 'none' };
    case 'linear':
      return { kind: 'linear', factor: factor() };
    case 'dynamic':
      return { kind: 'dynamic', factor: factor(), maxPositions };
    case 'llama3': {
      const lowFreqFactor = number('low_freq_factor');
      const highFreqFactor = number('high_freq_factor');
      if (highFreqFactor <= lowFreqFactor) {
        r.fail('rope_scaling.high_freq_factor', `(${highFreqFactor}) must be greater than low_freq_factor (${lowFreqFactor})`);
      }
      const originalMaxPositions = number('original_max_position_embeddings');
      return { kind: 'llama3', factor: factor(), lowFreqFactor, highFreqFactor, originalMaxPositions };
    }
    default:
      return r.fail('rope_scaling.rope_type', `${describe(type)} is not supported (default, linear, dynamic, llama3)`);
  }
}

export function llamaLikeSpec(r: ConfigReader, family: 'llama' | 'qwen2'): ModelSpec {
  requireSilu(r);
  const H = r.int('hidden_size');
  const n = r.int('num_attention_heads');
  const m = r.int('num_key_value_heads', n);
  if (n % m !== 0) r.fail('num_key_value_heads', `(${m}) must divide num_attention_heads (${n})`);
  const explicitHeadDim = r.has('head_dim');
  const d = explicitHeadDim ? r.int('head_dim') : headDimOf(r, 'hidden_size', 'num_attention_heads');
  if (d % 2 !== 0) {
    if (explicitHeadDim) r.fail('head_dim', `(${d}) must be even for rotary embedding`);
    r.fail('num_attention_heads', `gives head size ${d}; rotary embedding needs it even`);
  }
  const L = r.int('num_hidden_layers');
  const V = r.int('vocab_size');
  const I = r.int('intermediate_size');
  const contextLength = r.int('max_position_embeddings', family === 'llama' ? 2048 : 32768);
  const eps = r.positive('rms_norm_eps', 1e-6);
  const tied = r.bool('tie_word_embeddings', false);
  // Qwen2 hard-codes bias=True on q/k/v and none elsewhere; LLaMA has two switches.
  const qkvBias = family === 'qwen2' ? true : r.bool('attention_bias', false);
  const outBias = family === 'qwen2' ? false : r.bool('attention_bias', false);
  const mlpBias = family === 'qwen2' ? false : r.bool('mlp_bias', false);

  let slidingWindow: ModelSpec['attention']['slidingWindow'] = null;
  if (family === 'qwen2' && r.bool('use_sliding_window', false)) {
    slidingWindow = { size: r.int('sliding_window', 4096), fromLayer: r.id('max_window_layers', 28) };
  }

  const layers: LayerTensors[] = [];
  for (let l = 0; l < L; l++) {
    const p = `model.layers.${l}`;
    layers.push({
      inputNorm: normTensors(`${p}.input_layernorm`, H, 'rmsnorm'),
      attention: {
        packing: 'separate',
        q: linearTensors(`${p}.self_attn.q_proj`, n * d, H, qkvBias),
        k: linearTensors(`${p}.self_attn.k_proj`, m * d, H, qkvBias),
        v: linearTensors(`${p}.self_attn.v_proj`, m * d, H, qkvBias),
        out: linearTensors(`${p}.self_attn.o_proj`, H, n * d, outBias),
      },
      postAttentionNorm: normTensors(`${p}.post_attention_layernorm`, H, 'rmsnorm'),
      ffn: {
        kind: 'swiglu',
        gate: linearTensors(`${p}.mlp.gate_proj`, I, H, mlpBias),
        up: linearTensors(`${p}.mlp.up_proj`, I, H, mlpBias),
        down: linearTensors(`${p}.mlp.down_proj`, H, I, mlpBias),
      },
    });
  }

  const scaling = ropeScaling(r, contextLength);
  const heads = m === n ? 'MHA' : m === 1 ? 'MQA' : `GQA, ${n / m} query heads per KV head`;
  const extras = [heads, scaling.kind === 'none' ? '' : `${scaling.kind} RoPE scaling`, tied ? 'tied head' : ''];
  const name = family === 'llama' ? 'LLaMA' : 'Qwen2';
  return {
    family,
    name,
    label: `${name} (${extras.filter((e) => e !== '').join(', ')})`,
    vocabSize: V,
    hiddenSize: H,
    numLayers: L,
    numHeads: n,
    numKvHeads: m,
    headDim: d,
    contextLength,
    dtype: releaseDtype(r),
    norm: { kind: 'rmsnorm', eps },
    position: { kind: 'rope', style: 'half', rotaryDim: d, base: r.positive('rope_theta', 10000), scaling },
    attention: { packing: 'separate', qkvBias, outBias, scale: 1 / Math.sqrt(d), slidingWindow },
    ffn: { kind: 'swiglu', width: I, bias: mlpBias },
    residual: { kind: 'pre-norm' },
    head: { kind: tied ? 'tied' : 'untied' },
    mask: { kind: 'causal' },
    finalNorm: true,
    tensors: {
      embed: { name: 'model.embed_tokens.weight', shape: [V, H] },
      layers,
      finalNorm: normTensors('model.norm', H, 'rmsnorm'),
      head: tied ? null : { name: 'lm_head.weight', shape: [V, H] },
      ignoredIfPresent: [
        ...(tied ? ['lm_head.weight'] : []),
        ...Array.from({ length: L }, (_, l) => `model.layers.${l}.self_attn.rotary_emb.inv_freq`),
      ],
    },
    warnings: [],
  };
}
