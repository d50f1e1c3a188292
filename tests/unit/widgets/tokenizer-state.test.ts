// The tokenizer and compare widgets' URL state: round trips, bad values kept out and said, the
// reader's text never changed (only cut for tokenizing, or left out of a too-long link).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_TEXT,
  MAX_URL_TEXT,
  parseTokenizerState,
  serializeTokenizerState,
  textToTokenize,
  type TokenizerWidgetState,
} from '../../../components/widgets/tokenizer/state.ts';
import { ARCH_DIFF_DEFAULT, PICKABLE, parseArchDiffState, serializeArchDiffState } from '../../../components/widgets/arch-diff/state.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';
import { SHIPPED_VOCAB_IDS } from '../../../kernels/tokenizers/vocabularies.ts';
import { TOKENIZER_STRINGS } from '../../../components/widgets/tokenizer/strings.ts';
import { ARCH_DIFF_STRINGS } from '../../../components/widgets/arch-diff/strings.ts';

const DEFAULTS: TokenizerWidgetState = { text: 'default', vocab: 'llama', showIds: true };
const search = (params: Record<string, string | null>) => withParams('?other=1', params);

test('tokenizer state round-trips through the URL (texts a link can carry)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: MAX_URL_TEXT }), fc.constantFrom(...SHIPPED_VOCAB_IDS), fc.boolean(), (text, vocab, showIds) => {
      const state = { text, vocab, showIds };
      const parsed = parseTokenizerState(search(serializeTokenizerState(state)), DEFAULTS);
      assert.deepEqual(parsed, { state, notes: [] });
    }),
  );
});

test('a text too long for a link stays out of it; the rest of the state still travels', () => {
  const state = { text: 'x'.repeat(MAX_URL_TEXT + 1), vocab: 'qwen3', showIds: false } as const;
  const params = serializeTokenizerState(state);
  assert.equal(params['tok-text'], null);
  assert.deepEqual(parseTokenizerState(search(params), DEFAULTS).state, { ...state, text: DEFAULTS.text });
  assert.deepEqual(textToTokenize(state.text).notes, [{ kind: 'not-in-link', length: MAX_URL_TEXT + 1 }]);
});

test('unknown vocabulary and a bad ids flag keep the defaults and are said', () => {
  const { state, notes } = parseTokenizerState('?tok-vocab=chatglm&tok-ids=yes', DEFAULTS);
  assert.deepEqual(state, DEFAULTS);
  assert.deepEqual(notes.map((n) => n.kind), ['unknown-vocab', 'bad-ids-flag']);
});

test('text past MAX_TEXT is cut for tokenizing only, never inside a surrogate pair; empty text is said', () => {
  const emoji = 'a'.repeat(MAX_TEXT - 1) + '👍' + 'b';
  const cut = textToTokenize(emoji);
  assert.equal(cut.text.length, MAX_TEXT - 1);
  assert.deepEqual(cut.notes.at(-1), { kind: 'truncated', used: MAX_TEXT - 1, total: MAX_TEXT + 2 });
  assert.deepEqual(textToTokenize('  \n').notes, [{ kind: 'empty-text' }]);
  assert.deepEqual(textToTokenize('你好'), { text: '你好', notes: [] });
});

test('compare state round-trips over every pair; an unknown model keeps the default and is said', () => {
  for (const a of PICKABLE)
    for (const b of PICKABLE) assert.deepEqual(parseArchDiffState(search(serializeArchDiffState({ a, b })), ARCH_DIFF_DEFAULT), { state: { a, b }, notes: [] });
  const { state, notes } = parseArchDiffState('?diff-a=gpt-4&diff-b=qwen-7b', ARCH_DIFF_DEFAULT);
  assert.deepEqual(state, { a: ARCH_DIFF_DEFAULT.a, b: 'qwen-7b' });
  assert.deepEqual(notes, [{ kind: 'unknown-model', param: 'diff-a', value: 'gpt-4' }]);
});

test('every note has a sentence in both languages; presenter steps name real models and vocabularies', () => {
  for (const lang of ['zh', 'en'] as const) {
    const notes = [
      { kind: 'unknown-vocab', value: 'v' },
      { kind: 'bad-ids-flag', value: 'v' },
      { kind: 'empty-text' },
      { kind: 'truncated', used: 1, total: 2 },
      { kind: 'not-in-link', length: 3 },
    ] as const;
    for (const note of notes) assert.ok(TOKENIZER_STRINGS[lang].note(note).length > 5);
    for (const step of ARCH_DIFF_STRINGS[lang].presenterSteps) assert.ok(PICKABLE.includes(step.a as never) && PICKABLE.includes(step.b as never));
    for (const step of TOKENIZER_STRINGS[lang].presenterSteps) assert.ok(SHIPPED_VOCAB_IDS.includes(step.vocab));
  }
});
