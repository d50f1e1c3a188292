// The activations widget's state rules: URL round trip, clamping with notes, a model bringing its
// own FFN sizing rule, and multiple_of snapping to an offered power of two.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ACT_DEFAULTS,
  ACT_RANGES,
  MODEL_IDS,
  MULTIPLES,
  parseActivationsState,
  readMultiple,
  readMultiplier,
  ruleControls,
  serializeActivationsState,
  type StateNote,
} from '../../../components/widgets/activations/state.ts';
import { ACTIVATIONS } from '../../../kernels/demos/ffn-demo.ts';
import { ACTIVATIONS_STRINGS } from '../../../components/widgets/activations/strings.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';

const inRange = ({ low, high }: { low: number; high: number }) => fc.double({ min: low, max: high, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v));
const stateArb = fc.record({
  focus: fc.constantFrom(...ACTIVATIONS),
  z: inRange(ACT_RANGES.z),
  up: inRange(ACT_RANGES.up),
  model: fc.constantFrom(...MODEL_IDS),
  multipleOf: fc.constantFrom(...MULTIPLES),
  multiplier: fc.option(inRange(ACT_RANGES.multiplier), { nil: undefined }),
});

test('a serialized state parses back to itself, whatever else the URL carries', () => {
  fc.assert(
    fc.property(stateArb, fc.constantFrom('', '?backend=wasm', '?norm-x=1,2&act-focus=bogus'), (state, search) => {
      const parsed = parseActivationsState(withParams(search, serializeActivationsState(state)), ACT_DEFAULTS);
      assert.deepEqual(parsed.state, { ...state });
      assert.deepEqual(parsed.notes, []);
    }),
  );
});

test('a model named without rule parameters brings its own rule', () => {
  const { state } = parseActivationsState('?act-model=llama-2-70b', ACT_DEFAULTS);
  assert.deepEqual([state.multipleOf, state.multiplier], [4096, 1.3]);
  assert.deepEqual(ruleControls('qwen-14b'), { multipleOf: 256, multiplier: undefined });
});

test('bad values: each is said, numbers clamp, unknown names keep the default', () => {
  const { state, notes } = parseActivationsState(
    '?act-focus=tanh&act-z=1e9&act-up=abc&act-model=gpt-4&act-multiple=300&act-multiplier=0',
    ACT_DEFAULTS,
  );
  assert.equal(state.focus, ACT_DEFAULTS.focus);
  assert.equal(state.z, 6);
  assert.equal(state.up, ACT_DEFAULTS.up);
  assert.equal(state.model, ACT_DEFAULTS.model);
  assert.equal(state.multipleOf, 256);
  assert.equal(state.multiplier, 0.5);
  assert.deepEqual(notes.map((n) => n.kind), ['unknown-focus', 'unknown-model', 'clamped', 'not-a-number', 'multiple-not-offered', 'clamped']);
  for (const lang of ['zh', 'en'] as const) for (const note of notes) assert.ok(ACTIVATIONS_STRINGS[lang].note(note).length > 10);
});

test('readMultiple snaps to the nearest offered power of two; readMultiplier treats empty as none', () => {
  const notes: StateNote[] = [];
  assert.equal(readMultiple('256', 1, notes), 256);
  assert.equal(notes.length, 0);
  assert.equal(readMultiple('100', 1, notes), 128);
  assert.equal(readMultiple('100000', 1, notes), 4096);
  assert.equal(readMultiple('-3', 8, notes), 1);
  assert.equal(readMultiple('many', 8, notes), 8);
  assert.equal(notes.length, 4);
  assert.equal(readMultiplier('  ', 1.3, notes), undefined);
  assert.equal(readMultiplier('1.3', undefined, notes), 1.3);
});
