// The whole forward pass of every family, in float64, in one function to read top to bottom (in the
// spirit of llama2.c's run.c): embedding, then per layer norm → q/k/v → positions → attention →
// residual → norm → FFN → residual, then the final norm and the output head. Every family quirk is a
// field of the ModelSpec (spec.ts) and is handled in the step it belongs to; the math itself is the
// float64 twins of the ONNX kernels (kernels/ops/*/reference.ts), so this file only wires them.
//
// This is the yardstick for the ONNX graph (graph.ts / runner.ts) and the subject of the family
// property tests. It recomputes everything from the weights on each call: a prefill of the whole
// sequence, no KV cache. Facts: docs/checkpoint-formats.md §8.
import { assertNever } from '../../assert-never.ts';
import type { TensorStore } from '../../checkpoint/load.ts';
import { alibiBias } from '../../ops/alibi/reference.ts';
import { alibiSlopes } from '../../ops/alibi/slopes.ts';
import { attentionReference } from '../../ops/attention/reference.ts';
import { chatGlm2Mlp, geluMlp, qwenMlp, swiGlu } from '../../ops/ffn/reference.ts';
import { embedding, linear, linearLayer, normHeadLogits } from '../../ops/linear/reference.ts';
import { attentionMask } from '../../ops/mask/reference.ts';
import { glmResidual, layerNorm, rmsNorm } from '../../ops/norm/reference.ts';
import { applyGlm2dRope, applyQueryScale, applyRopeHalf, applyRopeInterleaved } from '../../ops/rope/reference.ts';
import { zeros, type Tensor } from '../../tensor.ts';
import { validateTensors } from '../spec.ts';
import type { FfnTensors, ModelSpec, NormTensors } from '../spec.ts';
import { forwardInputs, type ForwardInputs } from './inputs.ts';
import { mergeHeads, projectQkv, type Heads } from './reference-qkv.ts';
import { referenceWeightReader, type ReferenceWeightReader } from './reference-weights.ts';

export type ReferenceOptions = {
  /** Also return each layer's attention probabilities, [heads, T, T] after the softmax. */
  readonly attn?: boolean;
  /** Also return each layer's output, the residual stream after layer l (the graph's hidden.{l}). */
  readonly hidden?: boolean;
};

export type ReferenceResult = {
  readonly logits: Tensor<['T', 'V']>;
  readonly attn?: Tensor<['heads', 'T', 'T']>[];
  readonly hidden?: Tensor<['T', 'H']>[];
};

type Hidden = Tensor<['T', 'H']>;

export function referenceForward(
  spec: ModelSpec,
  weights: TensorStore,
  ids: readonly number[],
  options: ReferenceOptions = {},
): ReferenceResult {
  checkIds(spec, ids);
  validateTensors(spec, weights); // a missing or misshapen tensor fails here, naming it, before any math
  const w = referenceWeightReader(weights);
  const T = ids.length;
  const n = spec.numHeads;

  // What the ids decide, shared with the ONNX runner: RoPE positions (ChatGLM-6B: two rows), the
  // prefix every query may read (0 = causal; ChatGLM-6B: up to <sop>), inv_freq after context
  // extension, and Qwen's log-n query factor (1 up to seq_length).
  const inputs = forwardInputs(spec, ids, 0);

  // ALiBi (Baichuan-13B, Baichuan2-13B): no rotation; instead head h adds slope_h · j to the score of
  // key j, after the 1/√d scaling. Slopes from `_get_interleave(n)` (docs/checkpoint-formats.md §5.7).
  const alibi = spec.position.kind === 'alibi' ? alibiBias(alibiSlopes(n), T, T) : null;

  // ---- 1. token embedding: x[t] = E[ids[t]], E [V, H] ---------------------------------------------
  const embed = w.tensor<['V', 'H']>(spec.tensors.embed);
  let x: Hidden = embedding(embed, ids);

  const attn: Tensor<['heads', 'T', 'T']>[] = [];
  const hidden: Hidden[] = [];
  spec.tensors.layers.forEach((layer, l) => {
    // ---- 2. attention input: a = Norm(x) (RMSNorm, or LayerNorm with bias for ChatGLM-6B) ----------
    const a = norm(spec, x, layer.inputNorm, w);

    // ---- 3. q, k, v per head, cut out of the projection as the family packs it ----------------------
    const qkv = projectQkv(spec, a, layer.attention, w);

    // ---- 4. positions: rotate q and k (RoPE variants); ALiBi leaves them as they are ---------------
    let q = rotate(spec, qkv.q, inputs);
    const k = rotate(spec, qkv.k, inputs);
    // Qwen log-n: query at position p times log(p+1)/log(seq_length) once p+1 > seq_length (docs/checkpoint-formats.md §5.4).
    if (inputs.queryScale !== undefined) q = applyQueryScale(q, inputs.queryScale);

    // ---- 5. attention: scores = q·k·scale (+ ALiBi), masked, softmax, weighted sum of v ------------
    // Query head h reads KV head h // kv_mul with kv_mul = n / m (GQA / MQA, docs/checkpoint-formats.md §6): done inside
    // attentionReference. Mask: j ≤ i, or j < prefixLength (ChatGLM-6B's bidirectional prompt), and
    // within the sliding window on the layers that have one (Qwen2, off in every release).
    const window = spec.attention.slidingWindow;
    const mask = attentionMask(
      {
        prefixLength: inputs.prefixLength,
        ...(window !== null && l >= window.fromLayer ? { window: window.size } : {}),
      },
      T,
      T,
    );
    const { out, probs } = attentionReference({
      q,
      k,
      v: qkv.v,
      mask,
      scale: spec.attention.scale,
      ...(alibi === null ? {} : { bias: alibi }),
    });
    if (options.attn === true) attn.push(probs);
    const attnOut = linearLayer(mergeHeads(out), w.linear(layer.attention.out));

    // ---- 6. residual around attention: x + attn(a); ChatGLM-6B: a·alpha + attn(a), alpha = √56 -----
    x = residual(spec, x, a, attnOut);

    // ---- 7. FFN sublayer, same pattern: m = Norm(x); x + ffn(m) (ChatGLM-6B: m·alpha + ffn(m)) ------
    const m = norm(spec, x, layer.postAttentionNorm, w);
    x = residual(spec, x, m, ffn(m, layer.ffn, w));
    if (options.hidden === true) hidden.push(x);
  });

  // ---- 8. final norm (every released family has one; ChatGLM2 may switch it off) -------------------
  if (spec.tensors.finalNorm !== null) x = norm(spec, x, spec.tensors.finalNorm, w);

  // ---- 9. output head: logits [T, V] --------------------------------------------------------------
  const logits = head(spec, x, embed, w);
  return { logits, ...(options.attn === true && { attn }), ...(options.hidden === true && { hidden }) };
}

/** Ids must be whole numbers inside the embedding table; say which one is not, and where. */
function checkIds(spec: ModelSpec, ids: readonly number[]): void {
  if (ids.length === 0) throw new Error('reference: no token ids to run');
  ids.forEach((id, t) => {
    if (!Number.isInteger(id) || id < 0 || id >= spec.vocabSize) {
      throw new Error(
        `reference: token id ${id} at position ${t} is outside the vocabulary 0…${spec.vocabSize - 1} of ${spec.label}`,
      );
    }
  });
}

/** RMSNorm w·x·rsqrt(mean(x²)+eps), or torch LayerNorm with weight and bias (ChatGLM-6B, docs/checkpoint-formats.md §8.3). */
function norm(spec: ModelSpec, x: Hidden, tensors: NormTensors, w: ReferenceWeightReader): Hidden {
  const weight = w.tensor<['H']>(tensors.weight);
  const { kind, eps } = spec.norm;
  switch (kind) {
    case 'rmsnorm':
      return rmsNorm(x, weight, eps);
    case 'layernorm':
      if (tensors.bias === null) throw new Error(`${spec.label}: LayerNorm '${tensors.weight.name}' has no bias tensor`);
      return layerNorm(x, weight, w.tensor<['H']>(tensors.bias), eps);
    default:
      return assertNever(kind, 'norm kind');
  }
}

/** The family's RoPE on q or k ([heads, T, d]); ALiBi models apply none. */
function rotate(spec: ModelSpec, x: Heads, inputs: ForwardInputs): Heads {
  const { position } = spec;
  switch (position.kind) {
    case 'alibi':
      return x;
    case 'rope-2d-glm': {
      // ChatGLM-6B: first half of each head by position_ids, second half by block_position_ids (docs/checkpoint-formats.md §5.5).
      const invFreq = rotaryInvFreq(spec, inputs, position.rotaryDim);
      if (inputs.glm === undefined) throw new Error(`${spec.label}: 2-D RoPE needs ChatGLM-6B's position rows`);
      return applyGlm2dRope(x, inputs.glm.positionIds, inputs.glm.blockPositionIds, invFreq);
    }
    case 'rope': {
      // rotate_half pairs (i, i + R/2) (LLaMA, Qwen, Qwen2, Baichuan-7B); interleaved pairs (2k, 2k+1) on
      // the first half of each head (ChatGLM2/3). Channels past rotaryDim pass through in both.
      const invFreq = rotaryInvFreq(spec, inputs, position.rotaryDim);
      const { style } = position;
      switch (style) {
        case 'half':
          return applyRopeHalf(x, inputs.positions, invFreq);
        case 'interleaved':
          return applyRopeInterleaved(x, inputs.positions, invFreq);
        default:
          return assertNever(style, 'RoPE style');
      }
    }
    default:
      return assertNever(position, 'position kind');
  }
}

/** The inverse frequencies the forward inputs carry, checked against the rotary width. */
function rotaryInvFreq(spec: ModelSpec, inputs: ForwardInputs, rotaryDim: number): Float64Array {
  const { invFreq } = inputs;
  if (invFreq === undefined || 2 * invFreq.length !== rotaryDim) {
    throw new Error(`${spec.label}: forward inputs give no inv_freq for ${rotaryDim} rotary dims`);
  }
  return invFreq;
}

/** x + sublayer (pre-norm), or ChatGLM-6B's normed·alpha + sublayer (docs/checkpoint-formats.md §8.3). */
function residual(spec: ModelSpec, x: Hidden, normed: Hidden, sublayerOut: Tensor<['T', 'out']>): Hidden {
  const { residual: rule } = spec;
  switch (rule.kind) {
    case 'glm-deepnorm':
      return glmResidual(normed, sublayerOut, rule.alpha);
    case 'pre-norm': {
      const y = zeros<['T', 'H']>(x.shape);
      for (let i = 0; i < y.data.length; i++) y.data[i] = x.data[i]! + sublayerOut.data[i]!;
      return y;
    }
    default:
      return assertNever(rule, 'residual kind');
  }
}

/** The four MLPs (spec.ts FfnSpec); each op reference mirrors its family's code. */
function ffn(x: Hidden, tensors: FfnTensors, w: ReferenceWeightReader): Tensor<['T', 'out']> {
  switch (tensors.kind) {
    case 'swiglu': // down(silu(gate(x)) · up(x))
      return swiGlu(x, { gateProj: w.linear(tensors.gate), upProj: w.linear(tensors.up), downProj: w.linear(tensors.down) });
    case 'swiglu-chunked': // y = dense_h_to_4h(x); dense_4h_to_h(silu(y[:F]) · y[F:])
      return chatGlm2Mlp(x, { denseHTo4h: w.linear(tensors.gateUp), dense4hToH: w.linear(tensors.down) });
    case 'qwen-w1-silu-w2': // c_proj(w1(x) · silu(w2(x))), w2 the gate; width intermediate_size / 2
      return qwenMlp(x, { w1: w.linear(tensors.w1), w2: w.linear(tensors.w2), cProj: w.linear(tensors.cProj) });
    case 'gelu-tanh': // dense_4h_to_h(gelu_tanh(dense_h_to_4h(x)))
      return geluMlp(x, { denseHTo4h: w.linear(tensors.up), dense4hToH: w.linear(tensors.down) });
    default:
      return assertNever(tensors, 'FFN kind');
  }
}

/** logits = x·Wᵀ (untied), x·Eᵀ (tied to the embedding), or x·normalize_rows(W)ᵀ (Baichuan2 NormHead). */
function head(spec: ModelSpec, x: Hidden, embed: Tensor<['V', 'H']>, w: ReferenceWeightReader): Tensor<['T', 'V']> {
  const { kind } = spec.head;
  if (kind === 'tied') return linear(x, embed);
  if (spec.tensors.head === null) throw new Error(`${spec.label}: an ${kind} head needs an output matrix`);
  const W = w.tensor<['V', 'H']>(spec.tensors.head);
  switch (kind) {
    case 'untied':
      return linear(x, W);
    case 'normhead':
      return normHeadLogits(x, W);
    default:
      return assertNever(kind, 'head kind');
  }
}
