// Which keys each query may attend to, in plain float64 TypeScript.
//
// One rule covers the three decoders this site compares. Query i (at absolute position p_i) may
// read key j when
//     j ≤ p_i          (causal: the past and itself)
//  or j < prefixLength (prefix / GLM: the prompt is read bidirectionally)
// and key j is not padding. prefixLength 0 is a plain causal decoder (LLaMA, Qwen, Baichuan,
// ChatGLM2/3); prefixLength = ctx, the index of <sop>, is ChatGLM-6B (modeling_chatglm.py
// get_masks: mask[..., :ctx] = 1 on top of a lower triangle); prefixLength = T is a bidirectional
// encoder, shown for contrast.
import { zeros, type Tensor } from '../../tensor.ts';

export type MaskRule = {
  /** Keys before this index are visible to every query. 0 = causal. */
  readonly prefixLength: number;
  /** Optional: false marks a padding key that nobody may read. */
  readonly keyValid?: readonly boolean[];
  /** Optional sliding window (Qwen2 `use_sliding_window`, docs/checkpoint-formats.md §8.1): only keys j > p_i − window. */
  readonly window?: number;
};

export type MaskMode = 'causal' | 'prefix' | 'bidirectional';

/** The prefix length that turns `mode` into the one rule above, for a sequence of T tokens. */
export function prefixLengthFor(mode: MaskMode, tokenCount: number, prefix: number): number {
  if (mode === 'causal') return 0;
  if (mode === 'bidirectional') return tokenCount;
  return prefix;
}

/** 1 where query i may read key j, else 0. Queries are the last Tq of the Tk positions (KV cache). */
export function attentionMask(rule: MaskRule, queryLength: number, keyLength: number): Tensor<['Tq', 'Tk']> {
  const mask = zeros<['Tq', 'Tk']>([queryLength, keyLength]);
  const past = keyLength - queryLength;
  for (let i = 0; i < queryLength; i++) {
    const position = past + i;
    for (let j = 0; j < keyLength; j++) {
      const visible = j <= position || j < rule.prefixLength;
      const real = rule.keyValid?.[j] ?? true;
      const inWindow = rule.window === undefined || j > position - rule.window;
      mask.data[i * keyLength + j] = visible && real && inWindow ? 1 : 0;
    }
  }
  return mask;
}

/**
 * Positions whose next token is a training target (the loss positions), for T tokens.
 * A causal LM predicts every token from the ones before it: T − 1 targets. A prefix LM reads the
 * prefix as context and predicts only what follows it: T − prefixLength targets. Returns, for each
 * position, whether the token at that position is a target.
 */
export function lossTargets(prefixLength: number, tokenCount: number): boolean[] {
  const firstTarget = Math.max(1, prefixLength);
  return Array.from({ length: tokenCount }, (_, t) => t >= firstTarget);
}
