// How the site runs a shipped vocabulary (./vocabularies.ts): the same tokenizer.json reader as a
// checkpoint's tokenizer (./tokenizer.ts), over the file the site serves. Imported only on first
// use, so the reader stays out of page JS until a reader tokenizes.
import { tokenizerFromJson } from './tokenizer.ts';
import { SHIPPED_VOCABULARIES, TOKENIZER_ASSET_DIR, type ShippedVocabId } from './vocabularies.ts';

export type Encoded = { readonly ids: readonly number[]; readonly tokens: readonly string[] };
export type ShippedTokenizer = { readonly id: ShippedVocabId; encode(text: string): Encoded };

/** A tokenizer over a tokenizer.json object; encodes the reader's text without BOS/EOS. */
export function shippedTokenizer(id: ShippedVocabId, json: unknown): ShippedTokenizer {
  const tokenizer = tokenizerFromJson(json);
  return {
    id,
    encode(text) {
      const ids = tokenizer.encode(text, { addSpecialTokens: false });
      return { ids, tokens: ids.map((i) => tokenizer.tokenOf(i)!) };
    },
  };
}

/** Fetches `/tokenizers/<file>` (once per page, by the caller) and builds the tokenizer. */
export async function fetchShippedTokenizer(id: ShippedVocabId, base = '/'): Promise<ShippedTokenizer> {
  const url = `${base}${TOKENIZER_ASSET_DIR}/${SHIPPED_VOCABULARIES[id].file}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return shippedTokenizer(id, await response.json());
}
