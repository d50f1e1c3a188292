// The per-call inputs of a forward pass that come from the ids and the cache length, not the weights:
// RoPE positions (ChatGLM-6B's two rows), the prefix length of the mask, the rotary frequencies after
// context extension, and Qwen's log-n query scale. The float64 reference and the ONNX runner both call
// this, so the two agree on every family rule (docs/checkpoint-formats.md §5.3, §5.4, §8.3).
//
// A call feeds `ids`, the T newest tokens, after `pastLength` tokens already in the KV cache.
//
// Interface agreed with the reference helper: forwardInputs(spec, ids, pastLength, totalIds?). The fifth
// argument (`cacheStart`) was added later, optional, for Qwen's cached NTK alpha; see below.
import { assertNever } from '../../assert-never.ts';
import type { MaskSpec, ModelSpec, RopeScaling } from '../spec.ts';
import { float16InvFreq, float32InvFreq } from '../../ops/rope/inv-freq.ts';
import { glmPositions } from '../../ops/rope/glm-positions.ts';
import {
  dynamicNtkInvFreq,
  linearScaledInvFreq,
  llama3InvFreq,
  qwenDynamicInvFreq,
  qwenLogNScale,
} from '../../ops/rope/scaling.ts';

export type ForwardInputs = {
  /**
   * Absolute index of each of these ids in the sequence: pastLength … pastLength + T − 1. These are
   * the RoPE positions of every 1-D RoPE family. ChatGLM-6B rotates by `glm` instead; ALiBi uses none.
   */
  readonly positions: number[];
  /** ChatGLM-6B only: its two position rows for these ids (docs/checkpoint-formats.md §8.3), for the two halves of each head. */
  readonly glm?: { readonly positionIds: number[]; readonly blockPositionIds: number[] };
  /** Keys before this index are visible to every query: 0 for causal models, ctx (index of <sop>) for ChatGLM-6B. */
  readonly prefixLength: number;
  /** Rotary inv_freq for this call, context extension applied; absent for ALiBi. */
  readonly invFreq?: Float64Array;
  /** Qwen's log-n factor for each query position, whenever the model uses log-n (1 up to seq_length). */
  readonly queryScale?: Float64Array;
};

/**
 * @param ids        the tokens of this call (prefill: the whole prompt; decode: one token)
 * @param pastLength tokens already in the KV cache before `ids`
 * @param totalIds   every token so far, ending with `ids` (needed by ChatGLM-6B, whose positions
 *                   depend on where <sop> and [gMASK] sit); defaults to `ids` when pastLength is 0
 * @param cacheStart length of the first call, the one that ran with an empty cache. Qwen picks its
 *                   dynamic-NTK alpha in that call and keeps it for every call with a cache
 *                   (modeling_qwen.py: `ntk_alpha_list = self.rotary_emb._ntk_alpha_cached_list`);
 *                   defaults to pastLength + T (a prefill with no cache).
 */
export function forwardInputs(
  spec: ModelSpec,
  ids: readonly number[],
  pastLength: number,
  totalIds?: readonly number[],
  cacheStart?: number,
): ForwardInputs {
  const T = ids.length;
  if (!Number.isInteger(pastLength) || pastLength < 0)
    throw new Error(`forward: pastLength must be a whole number ≥ 0, got ${pastLength}`);
  const totalLength = pastLength + T;
  const positions = Array.from({ length: T }, (_, i) => pastLength + i);
  const { position, mask } = spec;

  switch (mask.kind) {
    case 'glm-prefix':
      return glmPrefixInputs(spec, mask, positions, pastLength, totalIds ?? ids);
    case 'causal':
      break;
    default:
      return assertNever(mask, 'mask kind');
  }

  switch (position.kind) {
    case 'alibi':
      return { positions, prefixLength: 0 };
    case 'rope-2d-glm':
      throw new Error(`${spec.label}: 2-D RoPE needs the glm-prefix mask (positions come from <sop> and [gMASK])`);
    case 'rope': {
      const { scaling, rotaryDim, base } = position;
      const invFreq = scaledInvFreq(scaling, rotaryDim, base, totalLength, cacheStart ?? totalLength);
      if (scaling.kind === 'qwen-dynamic-ntk' && scaling.logn) {
        return { positions, prefixLength: 0, invFreq, queryScale: qwenLogNScale(positions, scaling.seqLength) };
      }
      return { positions, prefixLength: 0, invFreq };
    }
    default:
      return assertNever(position, 'position kind');
  }
}

/**
 * ChatGLM-6B: positions and the prefix come from the whole history (decode keeps the position at the
 * mask token and counts the block position on, docs/checkpoint-formats.md §8.3), so take the last T
 * of the full rows.
 */
function glmPrefixInputs(
  spec: ModelSpec,
  mask: Extract<MaskSpec, { kind: 'glm-prefix' }>,
  positions: number[],
  pastLength: number,
  history: readonly number[],
): ForwardInputs {
  const totalLength = pastLength + positions.length;
  if (history.length !== totalLength) {
    throw new Error(`ChatGLM-6B: totalIds has ${history.length} tokens, expected pastLength + T = ${totalLength}`);
  }
  const glm = glmPositions(history, mask.bosTokenId, { gmask: mask.gmaskTokenId, mask: mask.maskTokenId });
  const out: ForwardInputs = {
    positions,
    glm: { positionIds: glm.positionIds.slice(pastLength), blockPositionIds: glm.blockPositionIds.slice(pastLength) },
    prefixLength: glm.ctx,
  };
  const { position } = spec;
  return position.kind === 'rope-2d-glm' ? { ...out, invFreq: float16InvFreq(position.rotaryDim, position.base) } : out;
}

/**
 * inv_freq after context extension (scaling.ts). `keyLength` is the length after this call; HF's
 * dynamic NTK grows with it. Qwen's NTK uses `cacheStart`, the length its alpha was chosen at.
 */
function scaledInvFreq(
  scaling: RopeScaling,
  rotaryDim: number,
  base: number,
  keyLength: number,
  cacheStart: number,
): Float64Array {
  switch (scaling.kind) {
    case 'none':
      return float32InvFreq(rotaryDim, base);
    case 'linear':
      return linearScaledInvFreq(float32InvFreq(rotaryDim, base), scaling.factor);
    case 'dynamic':
      return dynamicNtkInvFreq(rotaryDim, base, scaling.factor, keyLength, scaling.maxPositions);
    case 'llama3':
      return llama3InvFreq(float32InvFreq(rotaryDim, base), scaling);
    case 'qwen-dynamic-ntk':
      return scaling.ntk ? qwenDynamicInvFreq(rotaryDim, base, cacheStart, scaling.seqLength) : float32InvFreq(rotaryDim, base);
    default:
      return assertNever(scaling, 'RoPE scaling');
  }
}
