// The mask widget's state rules: URL round trip, clamping to the tokens, and the notes the reader sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MASK_MODES,
  MASK_PARAMS,
  parseMaskState,
  resolveMaskState,
  serializeMaskState,
  type MaskWidgetState,
} from '../../../components/widgets/mask/state.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';
import { segmentText } from '../../../kernels/text/segment.ts';

const LIMITS = { maxTokens: 64, heads: 2 };
const DEFAULTS: MaskWidgetState = { text: 'The cat sat.', mode: 'causal', prefix: 1, probe: 1, head: 0 };

const words = fc.array(fc.constantFrom('the', 'cat', '猫', '坐', 'on', 'mat', '。', ',', '垫子', 'a&b', '?x=1', '#'), {
  maxLength: 90,
});
const stateArbitrary = fc.record({
  text: fc.oneof(words.map((w) => w.join(' ')), fc.string({ maxLength: 80 })),
  mode: fc.constantFrom(...MASK_MODES),
  prefix: fc.integer({ min: -5, max: 120 }),
  probe: fc.integer({ min: -5, max: 120 }),
  head: fc.integer({ min: -3, max: 5 }),
});

test('a serialized state parses back to itself, whatever else the URL carries', () => {
  fc.assert(
    fc.property(stateArbitrary, fc.constantFrom('', '?backend=wasm', '?other-x=1&mask-mode=bogus'), (state, search) => {
      const url = withParams(search, serializeMaskState(state));
      const parsed = parseMaskState(url, DEFAULTS);
      assert.deepEqual(parsed.state, { ...state });
      assert.deepEqual(parsed.notes, []);
      if (search.includes('backend=wasm')) assert.equal(new URLSearchParams(url).get('backend'), 'wasm');
    }),
  );
});

test('resolving keeps the text, bounds every number by the token count, and is idempotent', () => {
  fc.assert(
    fc.property(stateArbitrary, (state) => {
      const resolved = resolveMaskState(state, LIMITS);
      const { tokens, totalPieces } = segmentText(state.text, LIMITS.maxTokens);
      assert.equal(resolved.state.text, state.text);
      assert.deepEqual(resolved.tokens, tokens);
      assert.equal(resolved.totalPieces, totalPieces);
      const t = tokens.length;
      if (t > 0) {
        assert.ok(resolved.state.prefix >= 0 && resolved.state.prefix <= t);
        assert.ok(resolved.state.probe >= 0 && resolved.state.probe <= t - 1);
        assert.ok(resolved.state.head >= 0 && resolved.state.head < LIMITS.heads);
        // Values already in range are kept as they are.
        if (state.prefix >= 0 && state.prefix <= t) assert.equal(resolved.state.prefix, state.prefix);
        if (state.probe >= 0 && state.probe < t) assert.equal(resolved.state.probe, state.probe);
      }
      const again = resolveMaskState(resolved.state, LIMITS);
      assert.deepEqual(again.state, resolved.state);
      assert.ok(again.notes.every((note) => note.kind === 'truncated' || note.kind === 'empty-text'));
    }),
  );
});

test('every clamp is reported, with what was asked and what is used', () => {
  fc.assert(
    fc.property(stateArbitrary, (state) => {
      const resolved = resolveMaskState(state, LIMITS);
      if (resolved.tokens.length === 0) return;
      const kinds = resolved.notes.map((note) => note.kind);
      assert.equal(kinds.includes('prefix-clamped'), resolved.state.prefix !== state.prefix);
      assert.equal(kinds.includes('probe-clamped'), resolved.state.probe !== state.probe);
      assert.equal(kinds.includes('head-clamped'), resolved.state.head !== state.head);
      for (const note of resolved.notes) {
        if (note.kind === 'prefix-clamped') assert.deepEqual([note.asked, note.used], [state.prefix, resolved.state.prefix]);
        if (note.kind === 'probe-clamped') assert.deepEqual([note.asked, note.used], [state.probe, resolved.state.probe]);
      }
    }),
  );
});

test('500 tokens are truncated to the maximum, and the note says how many there were', () => {
  const text = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
  const resolved = resolveMaskState({ ...DEFAULTS, text, probe: 400, prefix: 300 }, LIMITS);
  assert.equal(resolved.tokens.length, LIMITS.maxTokens);
  assert.deepEqual(resolved.notes[0], { kind: 'truncated', shown: LIMITS.maxTokens, total: 500 });
  assert.equal(resolved.state.prefix, LIMITS.maxTokens);
  assert.equal(resolved.state.probe, LIMITS.maxTokens - 1);
  assert.equal(resolved.state.text, text);
});

test('empty text computes nothing, says so once, and keeps the numbers for when text returns', () => {
  for (const text of ['', '   \n\t ']) {
    const state = { ...DEFAULTS, text, prefix: 7, probe: 9 };
    const resolved = resolveMaskState(state, LIMITS);
    assert.deepEqual(resolved.tokens, []);
    assert.deepEqual(resolved.notes, [{ kind: 'empty-text' }]);
    assert.deepEqual(resolved.state, { ...state });
  }
});

test('an unknown mode or a malformed number in the link falls back to the default with a note', () => {
  const search = `?${MASK_PARAMS.mode}=encoder&${MASK_PARAMS.prefix}=three&${MASK_PARAMS.probe}=2.5&${MASK_PARAMS.head}=1`;
  const { state, notes } = parseMaskState(search, DEFAULTS);
  assert.equal(state.mode, DEFAULTS.mode);
  assert.equal(state.prefix, DEFAULTS.prefix);
  assert.equal(state.probe, DEFAULTS.probe);
  assert.equal(state.head, 1);
  assert.deepEqual(
    notes.map((n) => n.kind),
    ['unknown-mode', 'not-a-number', 'not-a-number'],
  );
});

test('parameters absent from the link keep the defaults', () => {
  const { state, notes } = parseMaskState(`?${MASK_PARAMS.mode}=prefix`, DEFAULTS);
  assert.deepEqual(state, { ...DEFAULTS, mode: 'prefix' });
  assert.deepEqual(notes, []);
});
