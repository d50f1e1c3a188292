// The tokenizer widget's state: the reader's text, the vocabulary it goes through, and whether ids
// are shown under the chips; how it travels in the URL, and what is kept out of it.
//
// Pure functions, unit-tested without a browser. The reader's text is never changed: a text longer
// than the widget tokenizes is cut only for tokenizing (and said), and one too long for a link stays
// out of the URL (and said) instead of being shortened there.
import { SHIPPED_VOCAB_IDS, type ShippedVocabId } from '../../../kernels/tokenizers/vocabularies.ts';

export type TokenizerWidgetState = {
  readonly text: string;
  readonly vocab: ShippedVocabId;
  readonly showIds: boolean;
};

export const TOKENIZER_PARAMS = { text: 'tok-text', vocab: 'tok-vocab', showIds: 'tok-ids' } as const satisfies Record<
  keyof TokenizerWidgetState,
  string
>;
export const TOKENIZER_NAMESPACE = 'tok';

/** The widget tokenizes at most this many characters (UTF-16 units); a pasted page is ~10,000. */
export const MAX_TEXT = 20_000;
/** Longer texts are not written into the link (browsers and servers cap URL length). */
export const MAX_URL_TEXT = 2_000;

export type TokenizerNote =
  | { readonly kind: 'unknown-vocab'; readonly value: string }
  | { readonly kind: 'bad-ids-flag'; readonly value: string }
  | { readonly kind: 'empty-text' }
  | { readonly kind: 'truncated'; readonly used: number; readonly total: number }
  | { readonly kind: 'not-in-link'; readonly length: number };

export function isVocabId(value: string): value is ShippedVocabId {
  return (SHIPPED_VOCAB_IDS as readonly string[]).includes(value);
}

/** The state a URL asks for on top of `defaults`; malformed values keep the default and add a note. */
export function parseTokenizerState(
  search: string,
  defaults: TokenizerWidgetState,
): { state: TokenizerWidgetState; notes: TokenizerNote[] } {
  const params = new URLSearchParams(search);
  const notes: TokenizerNote[] = [];
  let vocab = defaults.vocab;
  const askedVocab = params.get(TOKENIZER_PARAMS.vocab);
  if (askedVocab !== null) {
    if (isVocabId(askedVocab)) vocab = askedVocab;
    else notes.push({ kind: 'unknown-vocab', value: askedVocab });
  }
  let showIds = defaults.showIds;
  const askedIds = params.get(TOKENIZER_PARAMS.showIds);
  if (askedIds !== null) {
    if (askedIds === '1' || askedIds === '0') showIds = askedIds === '1';
    else notes.push({ kind: 'bad-ids-flag', value: askedIds });
  }
  return { state: { text: params.get(TOKENIZER_PARAMS.text) ?? defaults.text, vocab, showIds }, notes };
}

/** The URL parameters for `state`; the text is left out (null removes it) when too long for a link. */
export function serializeTokenizerState(state: TokenizerWidgetState): Record<string, string | null> {
  return {
    [TOKENIZER_PARAMS.text]: state.text.length > MAX_URL_TEXT ? null : state.text,
    [TOKENIZER_PARAMS.vocab]: state.vocab,
    [TOKENIZER_PARAMS.showIds]: state.showIds ? '1' : '0',
  };
}

/** The part of the text that is tokenized, and the notes about it. Never splits a surrogate pair. */
export function textToTokenize(text: string): { text: string; notes: TokenizerNote[] } {
  const notes: TokenizerNote[] = [];
  if (text.length > MAX_URL_TEXT) notes.push({ kind: 'not-in-link', length: text.length });
  if (text.trim() === '') return { text: '', notes: [...notes, { kind: 'empty-text' }] };
  if (text.length <= MAX_TEXT) return { text, notes };
  const end = /[\uD800-\uDBFF]/.test(text[MAX_TEXT - 1]!) ? MAX_TEXT - 1 : MAX_TEXT;
  return { text: text.slice(0, end), notes: [...notes, { kind: 'truncated', used: end, total: text.length }] };
}
