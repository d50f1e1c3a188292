// How the site runs a shipped vocabulary (./vocabularies.ts): @huggingface/tokenizers, a pure-JS
// port of Hugging Face's tokenizers, over the tokenizer.json file. Imported only on first use: the
// library stays out of page JS.
import { Tokenizer } from '@huggingface/tokenizers';

import { SHIPPED_VOCABULARIES, TOKENIZER_ASSET_DIR, type ShippedVocabId } from './vocabularies.ts';

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
