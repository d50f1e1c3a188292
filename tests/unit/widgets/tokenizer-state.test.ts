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

const DEFAULTS: TokenizerWidgetState = { text: 'default', vocab: 'llama', hub: undefined, showIds: true };
const HUBS = ['huggingface', 'hf-mirror', 'modelscope', 'site'];
const search = (params: Record<string, string | null>) => withParams('?other=1', params);

/** Repository ids as the hubs write them: organisation/name, letters, digits, '-', '_' and '.' inside. */
const repoPart = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,20}$/);
const hubVocab = fc.record({
  hub: fc.constantFrom(...HUBS),
  repo: fc.tuple(repoPart, repoPart).map(([org, name]) => `${org}/${name}`),
  revision: fc.constantFrom('', 'main', 'v1.0', '0123abcd'),
}).map((vocab) => ({ ...vocab }));

test('tokenizer state round-trips through the URL (texts a link can carry, with or without a hub repository)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: MAX_URL_TEXT }), fc.option(hubVocab, { nil: undefined }), fc.constantFrom(...SHIPPED_VOCAB_IDS, 'hub'), fc.boolean(), (text, hub, picked, showIds) => {
      const vocab = picked === 'hub' && hub === undefined ? 'llama' : picked;
      const state: TokenizerWidgetState = { text, vocab, hub, showIds };
      const parsed = parseTokenizerState(search(serializeTokenizerState(state)), DEFAULTS, HUBS);
      assert.deepEqual(parsed, { state, notes: [] });
    }),
  );
});

test('a hub repository travels as tok-hub, tok-repo and tok-rev (the default revision left out); never a token', () => {
  const state: TokenizerWidgetState = { ...DEFAULTS, vocab: 'hub', hub: { hub: 'site', repo: 'THUDM/chatglm3-6b', revision: '' } };
  const params = serializeTokenizerState(state);
  assert.deepEqual([params['tok-vocab'], params['tok-hub'], params['tok-repo'], params['tok-rev']], ['hub', 'site', 'THUDM/chatglm3-6b', null]);
  assert.deepEqual(Object.keys(params).filter((name) => /token/i.test(name)), []);
  assert.deepEqual(serializeTokenizerState(DEFAULTS)['tok-repo'], null, 'no repository, no parameter');
  // A repository without a hub is on the first hub the page offers.
  assert.deepEqual(parseTokenizerState('?tok-repo=Qwen/Qwen2.5-0.5B', DEFAULTS, HUBS).state.hub, { hub: 'huggingface', repo: 'Qwen/Qwen2.5-0.5B', revision: '' });
});

test('a link’s unknown hub, bad repository id, hub choice without a repository, and files are refused, said and never fetched', () => {
  const unknownHub = parseTokenizerState('?tok-vocab=hub&tok-hub=evil.example&tok-repo=Qwen/Qwen2.5-0.5B', DEFAULTS, HUBS);
  assert.deepEqual(unknownHub.state, DEFAULTS);
  assert.deepEqual(unknownHub.notes, [{ kind: 'unknown-hub', value: 'evil.example', hubs: HUBS }, { kind: 'no-hub-vocab' }]);
  for (const repo of ['../../etc/passwd', 'no-slash', 'a/b/c', '']) {
    const parsed = parseTokenizerState(search({ 'tok-vocab': 'hub', 'tok-hub': 'site', 'tok-repo': repo }), DEFAULTS, HUBS);
    assert.deepEqual(parsed.state, DEFAULTS, repo);
    assert.deepEqual(parsed.notes, [{ kind: 'bad-repo', value: repo }, { kind: 'no-hub-vocab' }], repo);
  }
  assert.deepEqual(parseTokenizerState('?tok-hub=site', DEFAULTS, HUBS).notes, [{ kind: 'bad-repo', value: '' }]);
  const files = parseTokenizerState('?tok-vocab=files&tok-text=kept', DEFAULTS, HUBS);
  assert.deepEqual(files.state, { ...DEFAULTS, text: 'kept' });
  assert.deepEqual(files.notes, [{ kind: 'files-not-in-link' }]);
  // A bad repository in the link keeps the one the widget already offers.
  const offered: TokenizerWidgetState = { ...DEFAULTS, vocab: 'hub', hub: { hub: 'site', repo: 'tiny/qwen2', revision: '' } };
  assert.deepEqual(parseTokenizerState('?tok-repo=bad', offered, HUBS).state, offered);
});

test('a text too long for a link stays out of it; the rest of the state still travels', () => {
  const state = { text: 'x'.repeat(MAX_URL_TEXT + 1), vocab: 'qwen3', hub: undefined, showIds: false } as const;
  const params = serializeTokenizerState(state);
  assert.equal(params['tok-text'], null);
  assert.deepEqual(parseTokenizerState(search(params), DEFAULTS, HUBS).state, { ...state, text: DEFAULTS.text });
  assert.deepEqual(textToTokenize(state.text).notes, [{ kind: 'not-in-link', length: MAX_URL_TEXT + 1 }]);
});

test('unknown vocabulary and a bad ids flag keep the defaults and are said', () => {
  const { state, notes } = parseTokenizerState('?tok-vocab=chatglm&tok-ids=yes', DEFAULTS, HUBS);
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
      { kind: 'unknown-hub', value: 'h', hubs: HUBS },
      { kind: 'bad-repo', value: 'r' },
      { kind: 'no-hub-vocab' },
      { kind: 'files-not-in-link' },
    ] as const;
    for (const note of notes) assert.ok(TOKENIZER_STRINGS[lang].note(note).length > 5);
    for (const step of ARCH_DIFF_STRINGS[lang].presenterSteps) assert.ok(PICKABLE.includes(step.a as never) && PICKABLE.includes(step.b as never));
    for (const step of TOKENIZER_STRINGS[lang].presenterSteps) assert.ok(SHIPPED_VOCAB_IDS.includes(step.vocab));
  }
});
