// The FlashAttention widget's state rules: URL round trip, clamping with notes (Bc and the row follow
// N), text that is no number, the causal switch, and a sentence for every note in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  FLASH_DEFAULTS,
  FLASH_LIMITS,
  FLASH_PARAMS,
  parseFlashState,
  readField,
  resolveFlashState,
  serializeFlashState,
  type FlashNote,
} from '../../../components/widgets/flash-attention/state.ts';
import { FLASH_STRINGS, scientific } from '../../../components/widgets/flash-attention/strings.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';

const stateArb = fc.integer({ min: FLASH_LIMITS.N[0], max: FLASH_LIMITS.N[1] }).chain((N) =>
  fc.record({
    N: fc.constant(N),
    Bc: fc.integer({ min: 1, max: N }),
    d: fc.integer({ min: FLASH_LIMITS.d[0], max: FLASH_LIMITS.d[1] }),
    causal: fc.boolean(),
    seed: fc.integer({ min: FLASH_LIMITS.seed[0], max: FLASH_LIMITS.seed[1] }),
    row: fc.integer({ min: 0, max: N - 1 }),
  }),
);

test('a serialized state parses back to itself and needs no adjustment', () => {
  fc.assert(
    fc.property(stateArb, fc.constantFrom('', '?backend=wasm', '?norm-shift=3'), (state, search) => {
      const parsed = parseFlashState(withParams(search, serializeFlashState(state)), FLASH_DEFAULTS);
      assert.deepEqual(parsed, { state: { ...state }, notes: [] });
      assert.deepEqual(resolveFlashState(parsed.state), { state: { ...state }, notes: [] });
    }),
  );
});

test('out-of-range numbers move to the nearer end with a note each; Bc and the row follow the N used', () => {
  const { state, notes } = resolveFlashState({ N: 200, Bc: 100, d: 2, causal: true, seed: -5, row: 70 });
  assert.deepEqual(state, { N: 64, Bc: 64, d: 4, causal: true, seed: 0, row: 63 });
  assert.deepEqual(
    notes.map((n) => (n.kind === 'clamped' ? [n.param, n.asked, n.used] : n.kind)),
    [[FLASH_PARAMS.N, 200, 64], [FLASH_PARAMS.Bc, 100, 64], [FLASH_PARAMS.d, 2, 4], [FLASH_PARAMS.seed, -5, 0], [FLASH_PARAMS.row, 70, 63]],
  );
  const smaller = resolveFlashState({ ...FLASH_DEFAULTS, N: 8, Bc: 16, row: 15 });
  assert.deepEqual([smaller.state.Bc, smaller.state.row], [8, 7]);
  assert.equal(resolveFlashState({ ...FLASH_DEFAULTS, Bc: 2.6 }).state.Bc, 3, 'a fraction is rounded, with a note');
});

test('a link with text that is no number or a bad switch keeps the defaults, with notes', () => {
  const { state, notes } = parseFlashState('?flash-n=lots&flash-bc=1.5&flash-causal=yes', FLASH_DEFAULTS);
  assert.deepEqual(state, FLASH_DEFAULTS);
  assert.deepEqual(notes.map((n) => n.kind), ['not-a-number', 'not-a-number', 'not-a-switch']);
  assert.equal(parseFlashState('?flash-causal=0', FLASH_DEFAULTS).state.causal, false);
});

test('readField: a typed number is taken as typed (resolve bounds it); other text keeps the last value', () => {
  const notes: FlashNote[] = [];
  assert.equal(readField('300', FLASH_PARAMS.N, 16, notes), 300);
  assert.equal(readField(' 2.5 ', FLASH_PARAMS.Bc, 4, notes), 2.5);
  assert.equal(notes.length, 0);
  assert.equal(readField('', FLASH_PARAMS.N, 16, notes), 16);
  assert.equal(readField('abc', FLASH_PARAMS.N, 16, notes), 16);
  assert.deepEqual(notes.map((n) => n.kind), ['not-a-number', 'not-a-number']);
});

test('every note has a sentence in both languages; differences print in scientific notation', () => {
  const notes: FlashNote[] = [
    { kind: 'not-a-number', param: FLASH_PARAMS.N, value: 'abc' },
    { kind: 'clamped', param: FLASH_PARAMS.N, asked: 200, used: 64, low: 4, high: 64 },
    { kind: 'not-a-switch', param: FLASH_PARAMS.causal, value: 'yes' },
  ];
  for (const lang of ['zh', 'en'] as const) for (const note of notes) assert.ok(FLASH_STRINGS[lang].note(note).length > 10);
  assert.match(FLASH_STRINGS.en.note(notes[1]!), /64 is used instead of 200/);
  assert.match(FLASH_STRINGS.zh.note(notes[1]!), /已用 64 代替 200/);
  assert.equal(scientific(2.384e-7), '2.4 × 10⁻⁷');
  assert.equal(scientific(0), '0');
  assert.equal(scientific(1.5e12), '1.5 × 10¹²');
});
