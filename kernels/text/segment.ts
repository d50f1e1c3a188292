// An illustrative split of text into "tokens" for the mask widget: each Han character, each run of
// letters or digits, and each other visible character is one piece. Real BPE/SentencePiece
// tokenizers (see the tokenizers article) merge differently; this split only needs to be
// predictable, language-neutral and identical in every browser.

const PIECE = /\p{Script=Han}|[\p{L}\p{M}\p{N}_']+|[^\s\p{L}\p{M}\p{N}]/gu;

export type Segmentation = {
  readonly tokens: string[];
  /** How many pieces the text had before truncation to `maxTokens`. */
  readonly totalPieces: number;
};

export function segmentText(text: string, maxTokens: number): Segmentation {
  const pieces = text.match(PIECE) ?? [];
  return { tokens: pieces.slice(0, maxTokens), totalPieces: pieces.length };
}
