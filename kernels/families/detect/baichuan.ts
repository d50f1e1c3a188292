// Baichuan (model_type "baichuan"): four variants under one name, told apart as
// docs/checkpoint-formats.md §2.3 and §3.6 describe. Same tensors in all four (fused W_pack, SwiGLU,
// RMSNorm, no biases); they differ in position encoding (7B: RoPE, 13B: ALiBi) and output head
// (Baichuan2: NormHead).
import { headDimOf, releaseDtype, requireSilu } from './config-reader.ts';
import type { ConfigReader } from './config-reader.ts';
import { linearTensors, normTensors } from '../spec.ts';
import type { LayerTensors, ModelSpec } from '../spec.ts';

const BAICHUAN2_VOCAB = 125696;

/**
 * RoPE or ALiBi. The RoPE modeling file reads max_position_embeddings and the ALiBi one reads
 * model_max_length, so the key present is the first signal; then the architecture name Baichuan-7B
 * used; then the 7B geometry (4096 wide, 32 layers).
 */
function positionKind(r: ConfigReader, H: number, L: number, warnings: string[]): 'rope' | 'alibi' {
  if (r.has('max_position_embeddings')) return 'rope';
  const architectures = r.raw('architectures');
  if (Array.isArray(architectures) && architectures.includes('BaiChuanForCausalLM')) return 'rope';
  if (H === 4096 && L === 32) {
    warnings.push('no max_position_embeddings: chose RoPE (Baichuan-7B style) from the 4096×32-layer geometry');
    return 'rope';
  }
  return 'alibi';
}

export function baichuanSpec(r: ConfigReader): ModelSpec {
  requireSilu(r);
  const H = r.int('hidden_size');
  const n = r.int('num_attention_heads');
  const d = headDimOf(r, 'hidden_size', 'num_attention_heads');
  const L = r.int('num_hidden_layers');
  const V = r.int('vocab_size');
  const I = r.int('intermediate_size');
  if (r.bool('tie_word_embeddings', false)) r.fail('tie_word_embeddings', 'true is not supported; Baichuan releases use false');

  const warnings: string[] = [];
  const position = positionKind(r, H, L, warnings);
  if (position === 'rope' && d % 2 !== 0) r.fail('num_attention_heads', `gives head size ${d}; RoPE needs it even`);
  // Baichuan2 cannot be told from its tensors: its 125,696-token vocab (or a z_loss_weight key) gives it away.
  const baichuan2 = V === BAICHUAN2_VOCAB || r.has('z_loss_weight');
  const contextLength =
    position === 'rope' ? r.int('max_position_embeddings', r.int('model_max_length', 4096)) : r.int('model_max_length', 4096);

  const layers: LayerTensors[] = [];
  for (let l = 0; l < L; l++) {
    const p = `model.layers.${l}`;
    layers.push({
      inputNorm: normTensors(`${p}.input_layernorm`, H, 'rmsnorm'),
      attention: {
        packing: 'w_pack',
        qkv: linearTensors(`${p}.self_attn.W_pack`, 3 * H, H, false),
        out: linearTensors(`${p}.self_attn.o_proj`, H, H, false),
      },
      postAttentionNorm: normTensors(`${p}.post_attention_layernorm`, H, 'rmsnorm'),
      ffn: {
        kind: 'swiglu',
        gate: linearTensors(`${p}.mlp.gate_proj`, I, H, false),
        up: linearTensors(`${p}.mlp.up_proj`, I, H, false),
        down: linearTensors(`${p}.mlp.down_proj`, H, I, false),
      },
    });
  }

  const size = position === 'rope' ? '7B' : '13B';
  const features = [position === 'rope' ? 'RoPE' : 'ALiBi', ...(baichuan2 ? ['NormHead'] : [])];
  const name = `${baichuan2 ? 'Baichuan2' : 'Baichuan'}-${size}`;
  return {
    family: 'baichuan',
    name,
    label: `${name} (${features.join(', ')})`,
    vocabSize: V,
    hiddenSize: H,
    numLayers: L,
    numHeads: n,
    numKvHeads: n,
    headDim: d,
    contextLength,
    dtype: releaseDtype(r),
    norm: { kind: 'rmsnorm', eps: r.positive('rms_norm_eps', 1e-6) },
    position:
      position === 'rope'
        ? { kind: 'rope', style: 'half', rotaryDim: d, base: 10000, scaling: { kind: 'none' } }
        : { kind: 'alibi' },
    attention: { packing: 'w_pack', qkvBias: false, outBias: false, scale: 1 / Math.sqrt(d), slidingWindow: null },
    ffn: { kind: 'swiglu', width: I, bias: false },
    residual: { kind: 'pre-norm' },
    head: { kind: baichuan2 ? 'normhead' : 'untied' },
    mask: { kind: 'causal' },
    finalNorm: true,
    tensors: {
      embed: { name: 'model.embed_tokens.weight', shape: [V, H] },
      layers,
      finalNorm: normTensors('model.norm', H, 'rmsnorm'),
      head: { name: 'lm_head.weight', shape: [V, H] },
      // Baichuan-7B persists its rotary inv_freq buffer; the value is recomputed, so it is skipped.
      ignoredIfPresent: Array.from({ length: L }, (_, l) => `model.layers.${l}.self_attn.rotary_emb.inv_freq`),
    },
    warnings,
  };
}
