// Our tokenizer.json reader (kernels/tokenizers/) against @huggingface/tokenizers, the JavaScript
// port of Hugging Face's tokenizers, on the two real vocabularies the site ships: LLaMA's 32,000
// SentencePiece pieces (no pre-tokenizer: a whole paragraph is one BPE word) and Qwen3's 151,669
// byte-level tokens. Same file, same text: the ids must be equal, with and without special tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Tokenizer as LibraryTokenizer } from '@huggingface/tokenizers';
import { tokenizerFromJson, type Tokenizer } from '../../../kernels/tokenizers/tokenizer.ts';
import { SHIPPED_VOCAB_IDS, type ShippedVocabId } from '../../../kernels/tokenizers/vocabularies.ts';
import { shippedTokenizerJson } from '../../../site/tokenizer-files.ts';
import { CORPUS } from './corpus.ts';

/** A pasted page: every corpus text in turn until 10,000 characters. */
const PAGE = CORPUS.join('\n').repeat(20).slice(0, 10_000);

const engines = new Map<ShippedVocabId, { ours: Tokenizer; library: LibraryTokenizer }>();
function both(vocab: ShippedVocabId): { ours: Tokenizer; library: LibraryTokenizer } {
  if (!engines.has(vocab)) {
    const json = shippedTokenizerJson(vocab);
    engines.set(vocab, { ours: tokenizerFromJson(json), library: new LibraryTokenizer(json, {}) });
  }
  return engines.get(vocab)!;
}

function assertSameIds(vocab: ShippedVocabId, text: string): void {
  const { ours, library } = both(vocab);
  for (const special of [false, true]) {
    assert.deepEqual(
      ours.encode(text, { addSpecialTokens: special }),
      library.encode(text, { add_special_tokens: special }).ids,
      `${vocab}, special tokens ${special}: ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
}

for (const vocab of SHIPPED_VOCAB_IDS) {
  test(`${vocab}: the library’s ids on a mixed zh/en/digits/emoji/code corpus and on a 10,000-character page`, () => {
    for (const text of CORPUS) assertSameIds(vocab, text);
    assertSameIds(vocab, PAGE);
    const { ours, library } = both(vocab);
    const ids = ours.encode(PAGE, { addSpecialTokens: false });
    assert.ok(ids.length > 2_000, `${ids.length} tokens for 10,000 characters`);
    // The library tidies spaces before punctuation unless told not to (transformers' clean_up_tokenization_spaces); we never do.
    assert.equal(ours.decode(ids), library.decode(ids, { clean_up_tokenization_spaces: false }), 'and decodes them to the same text');
  });

  test(`${vocab}: the library’s ids on random mixes of Chinese, English, digits, emoji, code and whitespace`, () => {
    const piece = fc.constantFrom(
      ...['的', '模型', '词元', '猫', '𠀀', 'the', ' the', 'The', 'token', 'izer', 'ing', "'s", "'LL", '1', '23', '456', '.', ',', '，', '。'],
      ...[' ', '  ', '\n', '\t', '\r\n', '👍', '🏽', '🇨', '\u200d', 'é', 'e\u0301', '▁', 'Ġ', '(', ')', '=>', '{}', '<s>', '<|im_end|>', '<'],
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')), (text) => assertSameIds(vocab, text)), {
      numRuns: 300,
    });
  });
}
