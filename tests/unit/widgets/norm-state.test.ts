// The norm widget's state rules: URL round trip, clamping with notes, and the entry-count rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  NORM_DEFAULTS,
  NORM_PARAMS,
  NORM_RANGES,
  PRE_NORM_MODELS,
  parseNormState,
  readEntry,
  resizeVector,
  serializeNormState,
  type StateNote,
} from '../../../components/widgets/norm/state.ts';
import { NORM_STRINGS } from '../../../components/widgets/norm/strings.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';

const inRange = ({ low, high }: { low: number; high: number }) => fc.double({ min: low, max: high, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v));
const stateArb = fc.record({
  vector: fc.array(inRange(NORM_RANGES.entry), { minLength: 2, maxLength: 8 }),
  shift: inRange(NORM_RANGES.shift),
  scale: inRange(NORM_RANGES.scale),
  model: fc.constantFrom(...PRE_NORM_MODELS),
});

test('a serialized state parses back to itself, whatever else the URL carries', () => {
  fc.assert(
    fc.property(stateArb, fc.constantFrom('', '?backend=wasm', '?act-z=3&norm-model=bogus'), (state, search) => {
      const parsed = parseNormState(withParams(search, serializeNormState(state)), NORM_DEFAULTS);
      assert.deepEqual(parsed.state, { ...state });
      assert.deepEqual(parsed.notes, []);
    }),
  );
});

test('a URL without norm parameters gives the defaults and no notes', () => {
  assert.deepEqual(parseNormState('?backend=wasm', NORM_DEFAULTS), { state: NORM_DEFAULTS, notes: [] });
});

test('out-of-range numbers move to the nearer end, with a note each', () => {
  const { state, notes } = parseNormState('?norm-x=1e9,-50,3&norm-shift=99&norm-scale=0', NORM_DEFAULTS);
  assert.deepEqual(state.vector, [10, -10, 3]);
  assert.equal(state.shift, 10);
  assert.equal(state.scale, 0.1);
  assert.deepEqual(
    notes.map((n) => (n.kind === 'clamped' ? [n.param, n.asked, n.used] : n.kind)),
    [[NORM_PARAMS.vector, 1e9, 10], [NORM_PARAMS.vector, -50, -10], [NORM_PARAMS.shift, 99, 10], [NORM_PARAMS.scale, 0, 0.1]],
  );
});

test('text that is no number keeps the default entry; an unknown model keeps the default model', () => {
  const { state, notes } = parseNormState('?norm-x=1,abc,,Infinity&norm-model=gpt', NORM_DEFAULTS);
  assert.deepEqual(state.vector, [1, 2, 3, 4]);
  assert.equal(state.model, 'llama');
  assert.deepEqual(notes.map((n) => n.kind), ['unknown-model', 'not-a-number', 'not-a-number', 'not-a-number']);
});

test('too few entries keep the default vector, too many are cut to 8, each with a note', () => {
  assert.deepEqual(parseNormState('?norm-x=5', NORM_DEFAULTS).state.vector, NORM_DEFAULTS.vector);
  const long = parseNormState(`?norm-x=${Array.from({ length: 11 }, (_, i) => i).join(',')}`, NORM_DEFAULTS);
  assert.deepEqual(long.state.vector, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(long.notes, [{ kind: 'entry-count', asked: 11, used: 8 }]);
});

test('readEntry: any typed text gives a number in range, and a note exactly when it was not used as typed', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.double().map(String), fc.integer().map(String)), (text) => {
      const notes: StateNote[] = [];
      const value = readEntry(text, 1.5, notes);
      assert.ok(value >= -10 && value <= 10);
      if (notes.length === 0) assert.equal(value, Number(text.trim()));
    }),
  );
});

test('resizeVector cuts from the end or pads with zeros', () => {
  assert.deepEqual(resizeVector([1, 2, 3], 2), [1, 2]);
  assert.deepEqual(resizeVector([1, 2], 4), [1, 2, 0, 0]);
});

test('every note has a sentence in both languages', () => {
  const notes: StateNote[] = [
    { kind: 'not-a-number', param: 'norm-x', value: 'abc' },
    { kind: 'clamped', param: 'norm-shift', asked: 99, used: 10, low: -10, high: 10 },
    { kind: 'unknown-model', value: 'gpt' },
    { kind: 'entry-count', asked: 11, used: 8 },
  ];
  for (const lang of ['zh', 'en'] as const) for (const note of notes) assert.ok(NORM_STRINGS[lang].note(note).length > 10);
  assert.match(NORM_STRINGS.zh.note(notes[0]!), /不是数字/);
});
