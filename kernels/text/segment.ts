// An illustrative split of text into "tokens" for the mask widget: each Han character, each run of
// letters or digits, and each other visible character is one piece. Real BPE/SentencePiece
// tokenizers (see the tokenizers article) merge differently; this split only needs to be
// predictable, language-neutral and identical in every browser.
//
// "Character" means what a reader sees as one: a grapheme cluster (Intl.Segmenter), so 👍🏽 (thumb +
// skin tone), 🇨🇳 (two regional indicators) and e + combining accent each stay one piece.

export type Segmentation = {
  readonly tokens: string[];
  /** How many pieces the text had before truncation to `maxTokens`. */
  readonly totalPieces: number;
};

const HAN = /^\p{Script=Han}/u;
const WORD = /^[\p{L}\p{M}\p{N}_']/u;
const SPACE = /^\s/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function segmentText(text: string, maxTokens: number): Segmentation {
  const pieces: string[] = [];
  let word = '';
  const endWord = () => {
    if (word !== '') pieces.push(word);
    word = '';
  };
  for (const { segment } of graphemes.segment(text)) {
    if (WORD.test(segment) && !HAN.test(segment)) {
      word += segment;
      continue;
    }
    endWord();
    if (!SPACE.test(segment)) pieces.push(segment);
  }
  endWord();
  return { tokens: pieces.slice(0, maxTokens), totalPieces: pieces.length };
}
