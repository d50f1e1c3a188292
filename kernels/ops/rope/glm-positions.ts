// ChatGLM-6B's two position rows for its 2-D RoPE (docs/checkpoint-formats.md §8.3, modeling_chatglm.py:944-960).
//
// The prompt ends with [gMASK] <sop>. Everything before <sop> is the "context", read
// bidirectionally; <sop> and what follows is the generated block.
//   position_ids:       0, 1, …, ctx−1 over the context, then the mask token's index for every block token
//   block_position_ids: 0 over the context, then 1, 2, 3, … from <sop> on
// Example [a, b, c, d, e, gMASK, <sop>, x, y] → pos [0,1,2,3,4,5,5,5,5], block [0,0,0,0,0,0,1,2,3].

export type GlmMaskIds = {
  /** [gMASK] (130001 in ChatGLM-6B): preferred when present. */
  readonly gmask: number;
  /** [MASK] (130000). */
  readonly mask: number;
};

export type GlmPositions = {
  readonly positionIds: number[];
  readonly blockPositionIds: number[];
  /** Index of the first <sop>: keys before it are visible to every query. */
  readonly ctx: number;
};

export function glmPositions(ids: readonly number[], bosId: number, maskIds: GlmMaskIds): GlmPositions {
  // `seq.index(bos_token_id)`: Python raises ValueError when <sop> is missing.
  const ctx = ids.indexOf(bosId);
  if (ctx < 0) throw new Error(`ChatGLM-6B positions: no <sop> token (id ${bosId}) in the input`);

  // gMASK if present, else MASK, as ChatGLMModel picks it (the tokenizer's padding path prefers MASK).
  const maskId = ids.includes(maskIds.gmask) ? maskIds.gmask : maskIds.mask;
  const maskPosition = ids.indexOf(maskId);
  if (maskPosition < 0) {
    throw new Error(`ChatGLM-6B positions: no [gMASK] (id ${maskIds.gmask}) or [MASK] (id ${maskIds.mask}) token in the input`);
  }

  const positionIds = ids.map((_, i) => (i < ctx ? i : maskPosition));
  const blockPositionIds = ids.map((_, i) => (i < ctx ? 0 : i - ctx + 1));
  return { positionIds, blockPositionIds, ctx };
}
