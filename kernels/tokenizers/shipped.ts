// How the site runs a shipped vocabulary (./vocabularies.ts): the same tokenizer.json reader as a
// checkpoint's tokenizer (./tokenizer.ts), over the file the site serves. Imported only on first
// use, so the reader stays out of page JS until a reader tokenizes.
import { tokenizerFromJson, type Tokenizer } from './tokenizer.ts';
import { SHIPPED_VOCABULARIES, TOKENIZER_ASSET_DIR, type ShippedVocabId } from './vocabularies.ts';

export type Encoded = { readonly ids: readonly number[]; readonly tokens: readonly string[] };
export type ShippedTokenizer = {
  readonly id: ShippedVocabId;
  /** Ids of the vocabulary's special added tokens (<s>, <|im_start|>, …). */
  readonly specialIds: ReadonlySet<number>;
  encode(text: string): Encoded;
};

/** The reader's text through `tokenizer`, without BOS/EOS: its ids and the vocabulary's spelling of each. */
export function encodeText(tokenizer: Tokenizer, text: string): Encoded {
  const ids = tokenizer.encode(text, { addSpecialTokens: false });
  return { ids, tokens: ids.map((i) => tokenizer.tokenOf(i)!) };
}

/** A tokenizer over a tokenizer.json object. */
export function shippedTokenizer(id: ShippedVocabId, json: unknown): ShippedTokenizer {
  const tokenizer = tokenizerFromJson(json);
  return { id, specialIds: tokenizer.specialIds, encode: (text) => encodeText(tokenizer, text) };
}

/** Fetches `/tokenizers/<file>` (once per page, by the caller) and builds the tokenizer. */
export async function fetchShippedTokenizer(id: ShippedVocabId, base = '/'): Promise<ShippedTokenizer> {
  const url = `${base}${TOKENIZER_ASSET_DIR}/${SHIPPED_VOCABULARIES[id].file}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return shippedTokenizer(id, await response.json());
}
