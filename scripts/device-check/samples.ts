// Texts our tokenizer encodes for the device check, which encodes them again with Hugging Face
// `tokenizers` and wants the same ids. They mix what tokenizers most often get wrong: Chinese (each
// character several UTF-8 bytes), emoji with a skin-tone modifier (4-byte code points, a joiner),
// digits, punctuation, runs of spaces, tabs and newlines, and text right after a special token.
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { loadTokenizer } from '../../kernels/tokenizers/load.ts';
import type { Tokenizer } from '../../kernels/tokenizers/tokenizer.ts';

export const SAMPLE_TEXTS: readonly string[] = [
  '大语言模型的注意力机制：2023年发布，共32层、4096维！',
  'Hello, world! LLaMA-2 (7B) scored 45.3% on MMLU; Qwen2 uses 151,936 rows.',
  '今天天气不错 🌞👍🏽 let’s go… 👨‍👩‍👧 100%',
  '  two spaces\n\tthen a tab: 3.14159 ≈ π,   end  ',
];

export type SampleEncodings = {
  /** The texts, in order: SAMPLE_TEXTS and one more that contains the special tokens of this tokenizer. */
  readonly texts: string[];
  /** Our ids for each text, with the post-processor's special tokens (<s>, [gMASK] <sop>) as encode adds them. */
  readonly encodings: number[][];
  /** How to call tokenizers' encode for the same ids: with special tokens, both sides' default. */
  readonly addSpecialTokens: true;
};

/** A text with every special token of the tokenizer between ordinary words, so each must come out whole. */
function specialTokenText(tokenizer: Tokenizer): string | undefined {
  const tokens = [...tokenizer.specialIds].sort((a, b) => a - b).map((id) => tokenizer.tokenOf(id));
  if (tokens.length === 0) return undefined;
  return tokens.map((token, i) => `问${i}：${token ?? ''}答 ${i} + ${i} = ${2 * i}`).join('\n');
}

/** Our encodings of the sample texts, or null when the replica has no tokenizer.json. */
export async function sampleEncodings(files: ReadonlyMap<string, Uint8Array>): Promise<SampleEncodings | null> {
  if (!files.has('tokenizer.json')) return null;
  const tokenizer = await loadTokenizer(memorySource(files));
  const special = specialTokenText(tokenizer);
  const texts = special === undefined ? [...SAMPLE_TEXTS] : [...SAMPLE_TEXTS, special];
  return { texts, encodings: texts.map((text) => tokenizer.encode(text)), addSpecialTokens: true };
}
