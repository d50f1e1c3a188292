// The float64 reference forward pass against forward passes written out by hand in this file, one per
// family quirk: one-layer models with random weights, recomputed with plain arrays straight from the
// formulas in docs/checkpoint-formats.md §8 (not from the kernels), then compared logit by logit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceForward } from '../../../kernels/families/forward/reference.ts';
import { roundToFloat16 } from '../../../kernels/ops/rope/inv-freq.ts';
import type { HandBuilt } from './hand-built.ts';
import {
  add,
  dot,
  freqs,
  handBuilt,
  layerNorm,
  matVec,
  maxDiff,
  rms,
  ropeAdjacentPairs,
  ropeHalfPairs,
  row,
  silu,
  softmax,
} from './hand-built.ts';

/** Float32 inv_freq against float64 here: angles differ by ~1e-7 at these positions. */
const TOLERANCE = 1e-6;

/**
 * Attention written out: for each query i and head h, softmax over visible keys j of score(h, i, j),
 * then Σ_j p_j · v(j, kv(h)) with kv(h) = h // kvMul; heads concatenated.
 */
function attend(
  T: number,
  n: number,
  kvMul: number,
  score: (h: number, i: number, j: number) => number,
  visible: (i: number, j: number) => boolean,
  v: (j: number, g: number) => number[],
): number[][] {
  return Array.from({ length: T }, (_, i) =>
    Array.from({ length: n }, (_, h) => {
      const p = softmax(
        Array.from({ length: T }, (_, j) => score(h, i, j)),
        (j) => visible(i, j),
      );
      const values = Array.from({ length: T }, (_, j) => v(j, Math.floor(h / kvMul)));
      return values[0]!.map((_, c) => p.reduce((s, pj, j) => s + pj * values[j]![c]!, 0));
    }).flat(),
  );
}

const slice = (v: readonly number[], head: number, d: number, offset = 0): number[] =>
  v.slice(offset + head * d, offset + head * d + d);

function assertLogits(m: HandBuilt, ids: number[], expected: number[][]): void {
  const { logits } = referenceForward(m.spec, m.tensors, ids);
  assert.deepEqual([...logits.shape], [ids.length, m.spec.vocabSize]);
  const diff = maxDiff(logits.data, expected.flat());
  assert.ok(diff <= TOLERANCE, `${m.spec.label}: max |Δ| = ${diff}`);
}

/**
 * The rest of a one-layer LLaMA-style model after attention, as logits: o_proj and the residual,
 * RMSNorm, the SwiGLU MLP down(silu(gate(h)) ⊙ up(h)) and the residual, the final RMSNorm, lm_head.
 */
function llamaLayerTail(m: HandBuilt, x0: number[][], heads: number[][], eps: number): number[][] {
  const p = 'model.layers.0';
  const x1 = heads.map((o, t) => add(x0[t]!, matVec(m.w(`${p}.self_attn.o_proj.weight`), o)));
  const x2 = x1.map((x) => {
    const h = rms(x, m.w(`${p}.post_attention_layernorm.weight`), eps);
    const gate = matVec(m.w(`${p}.mlp.gate_proj.weight`), h);
    const up = matVec(m.w(`${p}.mlp.up_proj.weight`), h);
    return add(
      x,
      matVec(
        m.w(`${p}.mlp.down_proj.weight`),
        gate.map((z, i) => silu(z) * up[i]!),
      ),
    );
  });
  return x2.map((x) => matVec(m.w('lm_head.weight'), rms(x, m.w('model.norm.weight'), eps)));
}

test('LLaMA with GQA (4 heads on 2 KV heads): reference = direct computation', async () => {
  const [H, n, kv, d, I, V, eps, base] = [16, 4, 2, 4, 12, 11, 1e-6, 500];
  const m = await handBuilt('llama-gqa', {
    model_type: 'llama',
    ...{ hidden_size: H, num_attention_heads: n, num_key_value_heads: kv, intermediate_size: I, vocab_size: V },
    ...{ num_hidden_layers: 1, rms_norm_eps: eps, rope_theta: base, max_position_embeddings: 64 },
  });
  const ids = [3, 7, 7, 0, 10];
  const p = 'model.layers.0';
  const x0 = ids.map((id) => row(m.w('model.embed_tokens.weight'), id, H));
  const a = x0.map((x) => rms(x, m.w(`${p}.input_layernorm.weight`), eps));
  const project = (name: string): number[][] => a.map((x) => matVec(m.w(`${p}.self_attn.${name}_proj.weight`), x));
  const [q, k, v] = [project('q'), project('k'), project('v')];
  const f = freqs(d, base);
  const heads = attend(
    ids.length,
    n,
    n / kv,
    (h, i, j) =>
      dot(ropeHalfPairs(slice(q[i]!, h, d), i, f), ropeHalfPairs(slice(k[j]!, Math.floor(h / (n / kv)), d), j, f)) / Math.sqrt(d),
    (i, j) => j <= i,
    (j, g) => slice(v[j]!, g, d),
  );
  assertLogits(m, ids, llamaLayerTail(m, x0, heads, eps));
});

test('ChatGLM-6B, one layer: per-head qkv, 2-D RoPE (fp16 inv_freq), prefix mask, alpha = √56 not √2, GELU, tied head', async () => {
  const [H, n, d, F, V, eps] = [16, 2, 8, 24, 13, 1e-5];
  const [MASK, GMASK, SOP] = [8, 9, 10];
  const m = await handBuilt('chatglm-6b', {
    model_type: 'chatglm',
    ...{ hidden_size: H, num_attention_heads: n, inner_hidden_size: F, num_layers: 1, vocab_size: V, layernorm_epsilon: eps },
    ...{ bos_token_id: SOP, eos_token_id: 11, mask_token_id: MASK, gmask_token_id: GMASK, position_encoding_2d: true },
  });
  const ids = [3, 5, GMASK, SOP, 4, 6];
  // docs/checkpoint-formats.md §8.3: ctx = index of <sop> = 3, mask position 2.
  const positionIds = [0, 1, 2, 2, 2, 2];
  const blockPositionIds = [0, 0, 0, 1, 2, 3];
  const alpha = Math.sqrt(2 * 28); // the GLMBlock default depth, not this config's 1 layer
  const f16 = freqs(d / 2, 10000).map((x) => roundToFloat16(Math.fround(x)));
  const rope2d = (x: number[], t: number): number[] => [
    ...ropeHalfPairs(x.slice(0, d / 2), positionIds[t]!, f16),
    ...ropeHalfPairs(x.slice(d / 2), blockPositionIds[t]!, f16),
  ];
  const p = 'transformer.layers.0';
  const ln = (x: number[], name: string): number[] => layerNorm(x, m.w(`${name}.weight`), m.w(`${name}.bias`), eps);
  const linear = (x: number[], name: string): number[] => matVec(m.w(`${name}.weight`), x, m.w(`${name}.bias`));
  const gelu = (z: number): number => 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z ** 3)));

  const x0 = ids.map((id) => row(m.w('transformer.word_embeddings.weight'), id, H));
  const a = x0.map((x) => ln(x, `${p}.input_layernorm`));
  const qkv = a.map((x) => linear(x, `${p}.attention.query_key_value`)); // per head: q d | k d | v d
  const heads = attend(
    ids.length,
    n,
    1,
    (h, i, j) => dot(rope2d(slice(qkv[i]!, h, d, 2 * d * h), i), rope2d(slice(qkv[j]!, h, d, 2 * d * h + d), j)) / Math.sqrt(d),
    (i, j) => j < 3 || j <= i,
    (j, g) => slice(qkv[j]!, g, d, 2 * d * g + 2 * d),
  );
  const x1 = heads.map((o, t) =>
    add(
      a[t]!.map((x) => x * alpha),
      linear(o, `${p}.attention.dense`),
    ),
  );
  const x2 = x1.map((x) => {
    const h = ln(x, `${p}.post_attention_layernorm`);
    return add(
      h.map((y) => y * alpha),
      linear(linear(h, `${p}.mlp.dense_h_to_4h`).map(gelu), `${p}.mlp.dense_4h_to_h`),
    );
  });
  assertLogits(
    m,
    ids,
    x2.map((x) => matVec(m.w('transformer.word_embeddings.weight'), ln(x, 'transformer.final_layernorm'))),
  );
});

test('ChatGLM2 with 2 KV groups: grouped qkv, interleaved RoPE on the first half of each head, chunked SwiGLU', async () => {
  const [H, n, g, d, F, V, eps] = [16, 4, 2, 8, 12, 11, 1e-5];
  const m = await handBuilt('chatglm2', {
    model_type: 'chatglm',
    ...{ hidden_size: H, num_attention_heads: n, kv_channels: d, multi_query_attention: true, multi_query_group_num: g },
    ...{ ffn_hidden_size: F, num_layers: 1, padded_vocab_size: V, layernorm_epsilon: eps, seq_length: 64 },
    ...{ rmsnorm: true, post_layer_norm: true, add_bias_linear: false, add_qkv_bias: true },
  });
  const ids = [1, 9, 4, 4, 2, 8];
  const p = 'transformer.encoder.layers.0';
  const f = freqs(d / 2, 10000); // RoPE over d/2 dims: theta_k = 10000^(−2k/(d/2)), k < d/4
  const x0 = ids.map((id) => row(m.w('transformer.embedding.word_embeddings.weight'), id, H));
  const a = x0.map((x) => rms(x, m.w(`${p}.input_layernorm.weight`), eps));
  const qkv = a.map((x) =>
    matVec(m.w(`${p}.self_attention.query_key_value.weight`), x, m.w(`${p}.self_attention.query_key_value.bias`)),
  );
  const heads = attend(
    ids.length,
    n,
    n / g,
    (h, i, j) =>
      dot(
        ropeAdjacentPairs(slice(qkv[i]!, h, d), i, f),
        ropeAdjacentPairs(slice(qkv[j]!, Math.floor(h / (n / g)), d, n * d), j, f),
      ) / Math.sqrt(d),
    (i, j) => j <= i,
    (j, kvHead) => slice(qkv[j]!, kvHead, d, n * d + g * d),
  );
  const x1 = heads.map((o, t) => add(x0[t]!, matVec(m.w(`${p}.self_attention.dense.weight`), o)));
  const x2 = x1.map((x) => {
    const y = matVec(m.w(`${p}.mlp.dense_h_to_4h.weight`), rms(x, m.w(`${p}.post_attention_layernorm.weight`), eps));
    return add(
      x,
      matVec(
        m.w(`${p}.mlp.dense_4h_to_h.weight`),
        y.slice(0, F).map((z, i) => silu(z) * y[F + i]!),
      ),
    );
  });
  const final = x2.map((x) => rms(x, m.w('transformer.encoder.final_layernorm.weight'), eps));
  assertLogits(
    m,
    ids,
    final.map((x) => matVec(m.w('transformer.output_layer.weight'), x)),
  );
});

test('Baichuan-13B style ALiBi with 6 heads: W_pack, scores/√d + slope·j, no rotation', async () => {
  const [H, n, d, I, V, eps] = [24, 6, 4, 16, 11, 1e-6];
  const m = await handBuilt('baichuan-alibi', {
    model_type: 'baichuan',
    architectures: ['BaichuanForCausalLM'],
    ...{ hidden_size: H, num_attention_heads: n, intermediate_size: I, num_hidden_layers: 1, vocab_size: V },
    ...{ model_max_length: 64, rms_norm_eps: eps },
  });
  assert.equal(m.spec.position.kind, 'alibi');
  // _get_interleave(6): the 4-head series 2^(−8/4·(i+1)), then every other one of the 8-head series 2^(−(i+1)).
  const slopes = [2 ** -2, 2 ** -4, 2 ** -6, 2 ** -8, 2 ** -1, 2 ** -3];
  const ids = [5, 5, 5, 2, 9, 0, 5];
  const p = 'model.layers.0';
  const x0 = ids.map((id) => row(m.w('model.embed_tokens.weight'), id, H));
  const a = x0.map((x) => rms(x, m.w(`${p}.input_layernorm.weight`), eps));
  const qkv = a.map((x) => matVec(m.w(`${p}.self_attn.W_pack.weight`), x)); // rows q | k | v
  const heads = attend(
    ids.length,
    n,
    1,
    (h, i, j) => dot(slice(qkv[i]!, h, d), slice(qkv[j]!, h, d, H)) / Math.sqrt(d) + slopes[h]! * j,
    (i, j) => j <= i,
    (j, g) => slice(qkv[j]!, g, d, 2 * H),
  );
  assertLogits(m, ids, llamaLayerTail(m, x0, heads, eps));
});
