// Family rules of the reference forward pass, checked as equivalences between checkpoints that must
// compute the same function (a fused projection against the same rows split apart, NormHead against
// rows normalised beforehand, Qwen's NTK against a plain larger base), plus Qwen's long-context
// switches, the sliding window, and clear errors for bad input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TensorStore } from '../../../kernels/checkpoint/load.ts';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { referenceForward } from '../../../kernels/families/forward/reference.ts';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import { handBuilt, maxDiff } from './hand-built.ts';

const [H, n, d, V] = [16, 4, 4, 11];
const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];

const logitsOf = (m: { spec: Parameters<typeof referenceForward>[0]; tensors: TensorStore }, input = ids) =>
  referenceForward(m.spec, m.tensors, input).logits.data;

const rows = (data: Float64Array, from: number, to: number): Float64Array => data.slice(from * V, to * V);

test('Baichuan-7B W_pack is q_proj | k_proj | v_proj stacked: same logits as LLaMA with the rows split', async () => {
  const common = {
    hidden_size: H,
    num_attention_heads: n,
    intermediate_size: 12,
    num_hidden_layers: 2,
    vocab_size: V,
    rms_norm_eps: 1e-6,
  };
  const baichuan = await handBuilt('w-pack', { model_type: 'baichuan', max_position_embeddings: 64, ...common });
  const packed = (l: number): Float32Array => baichuan.w(`model.layers.${l}.self_attn.W_pack.weight`);
  const llama = await handBuilt(
    'w-pack-split',
    { model_type: 'llama', max_position_embeddings: 64, ...common },
    (name, values) => {
      const qkv = /^model\.layers\.(\d+)\.self_attn\.([qkv])_proj\.weight$/.exec(name);
      if (qkv !== null) {
        const part = 'qkv'.indexOf(qkv[2]!);
        values.set(packed(Number(qkv[1])).subarray(part * H * H, (part + 1) * H * H));
      } else {
        values.set(baichuan.w(name));
      }
    },
  );
  assert.ok(maxDiff(logitsOf(baichuan), logitsOf(llama)) < 1e-12);
});

test('Qwen: c_attn splits into q | k | v with its bias, and the MLP is c_proj(w1 · silu(w2)) with w2 the gate', async () => {
  const qwen = await handBuilt('qwen-split', {
    model_type: 'qwen',
    ...{ hidden_size: H, num_attention_heads: n, kv_channels: d, intermediate_size: 24, num_hidden_layers: 2, vocab_size: V },
    ...{ seq_length: 32, layer_norm_epsilon: 1e-6, rotary_emb_base: 10000, rotary_pct: 1.0, no_bias: true },
  });
  assert.equal(qwen.spec.ffn.width, 12, 'intermediate_size 24 means w1/w2 are 12 wide');
  const asQwen2 = (gate: 'w1' | 'w2') =>
    handBuilt(
      'qwen2-split',
      {
        model_type: 'qwen2',
        ...{ hidden_size: H, num_attention_heads: n, num_key_value_heads: n, intermediate_size: 12, num_hidden_layers: 2 },
        ...{ vocab_size: V, rms_norm_eps: 1e-6, rope_theta: 10000, tie_word_embeddings: false },
      },
      (name, values) => {
        const up = gate === 'w2' ? 'w1' : 'w2';
        const rename: [RegExp, string][] = [
          [/^model\.embed_tokens/, 'transformer.wte'],
          [/^model\.norm/, 'transformer.ln_f'],
          [/^model\.layers\.(\d+)\.input_layernorm/, 'transformer.h.$1.ln_1'],
          [/^model\.layers\.(\d+)\.post_attention_layernorm/, 'transformer.h.$1.ln_2'],
          [/^model\.layers\.(\d+)\.self_attn\.o_proj/, 'transformer.h.$1.attn.c_proj'],
          [/^model\.layers\.(\d+)\.mlp\.gate_proj/, `transformer.h.$1.mlp.${gate}`],
          [/^model\.layers\.(\d+)\.mlp\.up_proj/, `transformer.h.$1.mlp.${up}`],
          [/^model\.layers\.(\d+)\.mlp\.down_proj/, 'transformer.h.$1.mlp.c_proj'],
        ];
        const qkv = /^model\.layers\.(\d+)\.self_attn\.([qkv])_proj\.(weight|bias)$/.exec(name);
        if (qkv !== null) {
          const [, l, which, kind] = qkv;
          const size = kind === 'weight' ? H * H : H;
          const part = 'qkv'.indexOf(which!);
          values.set(qwen.w(`transformer.h.${l}.attn.c_attn.${kind}`).subarray(part * size, (part + 1) * size));
          return;
        }
        let source = name;
        for (const [pattern, replacement] of rename) source = source.replace(pattern, replacement);
        values.set(qwen.w(source));
      },
    );
  assert.ok(maxDiff(logitsOf(qwen), logitsOf(await asQwen2('w2'))) < 1e-12);
  assert.ok(maxDiff(logitsOf(qwen), logitsOf(await asQwen2('w1'))) > 1e-3, 'w1 as the gate is a different model');
});

test('Baichuan2 NormHead: logits use lm_head rows normalised to unit length, whatever their stored scale', async () => {
  const config = {
    model_type: 'baichuan',
    ...{ hidden_size: H, num_attention_heads: n, intermediate_size: 12, num_hidden_layers: 1, vocab_size: V },
    ...{ max_position_embeddings: 64, rms_norm_eps: 1e-6 },
  };
  const token = 7;
  const scaleRow = (name: string, values: Float32Array): void => {
    if (name === 'lm_head.weight') for (let i = token * H; i < (token + 1) * H; i++) values[i]! *= 4;
  };
  const baichuan2 = await handBuilt('normhead', { ...config, z_loss_weight: 0 });
  const baichuan2Scaled = await handBuilt('normhead', { ...config, z_loss_weight: 0 }, scaleRow);
  assert.equal(baichuan2.spec.head.kind, 'normhead');
  assert.ok(maxDiff(logitsOf(baichuan2), logitsOf(baichuan2Scaled)) < 1e-12);

  // Baichuan 1 (plain head) with the same weights, rows normalised by hand beforehand: the same logits.
  const normalised = await handBuilt('normhead', config, (name, values) => {
    if (name !== 'lm_head.weight') return;
    for (let v = 0; v < V; v++) {
      const r = values.subarray(v * H, (v + 1) * H);
      const norm = Math.sqrt(r.reduce((s, x) => s + x * x, 0));
      r.set(Array.from(r, (x) => x / norm));
    }
  });
  assert.equal(normalised.spec.head.kind, 'untied');
  assert.ok(maxDiff(logitsOf(baichuan2), logitsOf(normalised)) < 1e-5);
  // ... and Baichuan 1 does feel the row's scale: that token's logits grow fourfold.
  const plain = await handBuilt('normhead', config);
  const plainScaled = await handBuilt('normhead', config, scaleRow);
  const [a, b] = [logitsOf(plain), logitsOf(plainScaled)];
  ids.forEach((_, t) => assert.ok(Math.abs(b[t * V + token]! - 4 * a[t * V + token]!) < 1e-9));
});

function qwenConfig(seqLength: number, ntk: boolean, logn: boolean, base = 10000) {
  return {
    model_type: 'qwen',
    ...{ hidden_size: H, num_attention_heads: n, kv_channels: d, intermediate_size: 24, num_hidden_layers: 2, vocab_size: V },
    ...{ seq_length: seqLength, rotary_emb_base: base, use_dynamic_ntk: ntk, use_logn_attn: logn, layer_norm_epsilon: 1e-6 },
  };
}

test('Qwen dynamic NTK: nothing changes up to seq_length; past it the base becomes base·α^(d/(d−2)) for every position', async () => {
  const withNtk = await handBuilt('qwen-long', qwenConfig(8, true, false));
  const plain = await handBuilt('qwen-long', qwenConfig(8, false, false));
  // T = 8 = seq_length: NTK is off.
  assert.ok(maxDiff(logitsOf(withNtk, ids.slice(0, 8)), logitsOf(plain, ids.slice(0, 8))) < 1e-12);
  // T = 12: α = max(2^⌈log2(12/8) + 1⌉ − 1, 1) = 3, base 10000 · 3^(4/2).
  const alpha = 2 ** Math.ceil(Math.log2(12 / 8) + 1) - 1;
  const bigBase = await handBuilt('qwen-long', qwenConfig(8, false, false, 10000 * alpha ** (d / (d - 2))));
  assert.equal(alpha, 3);
  assert.ok(maxDiff(logitsOf(withNtk), logitsOf(bigBase)) < 1e-12);
  assert.ok(maxDiff(rows(logitsOf(withNtk), 0, 8), rows(logitsOf(plain), 0, 8)) > 1e-6, 'NTK reaches the first positions too');
});

test('Qwen log-n: a query at position p ≥ seq_length has its scores multiplied by log(p+1)/log(seq_length)', async () => {
  const withLogn = await handBuilt('qwen-logn', qwenConfig(8, false, true));
  const plain = await handBuilt('qwen-logn', qwenConfig(8, false, false));
  const [a, b] = [
    referenceForward(withLogn.spec, withLogn.tensors, ids, { attn: true }),
    referenceForward(plain.spec, plain.tensors, ids, { attn: true }),
  ];
  // Layer 0 sees identical inputs, so log(P[p, j] / P[p, 0]) is the score difference, times the factor.
  const [pa, pb] = [a.attn![0]!.data, b.attn![0]!.data];
  const T = ids.length;
  for (let h = 0; h < n; h++) {
    for (let p = 0; p < T; p++) {
      const factor = p + 1 > 8 ? Math.log(p + 1) / Math.log(8) : 1;
      for (let j = 1; j <= p; j++) {
        const at = (P: Float64Array, k: number) => P[(h * T + p) * T + k]!;
        const expected = factor * Math.log(at(pb, j) / at(pb, 0));
        assert.ok(Math.abs(Math.log(at(pa, j) / at(pa, 0)) - expected) < 1e-6, `head ${h}, query ${p}, key ${j}`);
      }
    }
  }
  // Positions before seq_length are untouched; the later ones differ.
  assert.ok(maxDiff(rows(a.logits.data, 0, 8), rows(b.logits.data, 0, 8)) < 1e-12);
  assert.ok(maxDiff(rows(a.logits.data, 8, T), rows(b.logits.data, 8, T)) > 1e-6);
});

test('Qwen2 sliding window: layers from max_window_layers on read only the last sliding_window keys', async () => {
  const m = await handBuilt('qwen2-window', {
    model_type: 'qwen2',
    ...{ hidden_size: H, num_attention_heads: n, num_key_value_heads: 2, intermediate_size: 12, num_hidden_layers: 2 },
    ...{ vocab_size: V, use_sliding_window: true, sliding_window: 3, max_window_layers: 1 },
  });
  const { attn } = referenceForward(m.spec, m.tensors, ids, { attn: true });
  const T = ids.length;
  for (let h = 0; h < n; h++) {
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++) {
        const [full, windowed] = [attn![0]!.data[(h * T + i) * T + j]!, attn![1]!.data[(h * T + i) * T + j]!];
        assert.equal(full > 0, j <= i, `layer 0 is plain causal (h ${h}, ${i} → ${j})`);
        assert.equal(windowed > 0, j <= i && j > i - 3, `layer 1 keeps keys i−2 … i (h ${h}, ${i} → ${j})`);
      }
    }
  }
});

test('bad input: ids outside the vocabulary, no ids, ChatGLM-6B without <sop>, a missing tensor', async () => {
  const llama = await loadCheckpoint(memorySource(tinyReplica('llama').files));
  const spec = detectModel(llama.config);
  assert.throws(
    () => referenceForward(spec, llama.tensors, [1, 256]),
    /token id 256 at position 1 is outside the vocabulary 0…255/,
  );
  assert.throws(() => referenceForward(spec, llama.tensors, [-1]), /token id -1 at position 0/);
  assert.throws(() => referenceForward(spec, llama.tensors, [2.5]), /token id 2.5/);
  assert.throws(() => referenceForward(spec, llama.tensors, []), /no token ids/);

  const glm = await loadCheckpoint(memorySource(tinyReplica('chatglm-6b').files));
  assert.throws(() => referenceForward(detectModel(glm.config), glm.tensors, [5, 6, 251]), /no <sop> token \(id 254\)/);

  const missing = 'model.layers.1.mlp.up_proj.weight';
  const store: TensorStore = {
    ...llama.tensors,
    names: () => llama.tensors.names().filter((name) => name !== missing),
    has: (name) => name !== missing && llama.tensors.has(name),
  };
  assert.throws(() => referenceForward(spec, store, [1, 2]), new RegExp(`missing tensor '${missing.replaceAll('.', '\\.')}'`));
});
