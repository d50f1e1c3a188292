// The RoPE widget's state rules: URL round trip, clamping with a note for every adjustment, and
// resolving being idempotent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ROPE_DEMO, ROPE_EXTENSIONS, ROPE_MODES, ROPE_STYLES } from '../../../kernels/demos/rope-demo.ts';
import {
  parseRopeState,
  resolveRopeState,
  ROPE_BOUNDS,
  ROPE_DEFAULTS,
  ROPE_PARAMS,
  ROPE_RANGES,
  ROPE_VECTORS,
  serializeRopeState,
  type RopeWidgetState,
} from '../../../components/widgets/rope/state.ts';
import { ROPE_STRINGS } from '../../../components/widgets/rope/strings.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';

const stateArbitrary: fc.Arbitrary<RopeWidgetState> = fc.record({
  mode: fc.constantFrom(...ROPE_MODES),
  style: fc.constantFrom(...ROPE_STYLES),
  headDim: fc.integer({ min: -10, max: 300 }),
  base: fc.oneof(fc.integer({ min: -5, max: 2e9 }), fc.double({ min: -10, max: 1e10, noNaN: true }).map((x) => x + 0) /* no −0: a link writes it as 0 */),
  vectors: fc.constantFrom(...ROPE_VECTORS),
  query: fc.integer({ min: -10, max: 100000 }),
  key: fc.integer({ min: -10, max: 100000 }),
  shift: fc.integer({ min: -10, max: 100000 }),
  queryBlock: fc.integer({ min: -10, max: 1000 }),
  keyBlock: fc.integer({ min: -10, max: 1000 }),
  extension: fc.constantFrom(...ROPE_EXTENSIONS),
  trained: fc.integer({ min: -10, max: 100000 }),
  target: fc.integer({ min: -10, max: 2e6 }),
  range: fc.integer({ min: -10, max: 100000 }),
});

test('a serialized state parses back to itself, whatever else the URL carries', () => {
  fc.assert(
    fc.property(stateArbitrary, fc.constantFrom('', '?backend=wasm', '?mask-mode=prefix&rope-mode=bogus'), (state, search) => {
      const url = withParams(search, serializeRopeState(state));
      const parsed = parseRopeState(url, ROPE_DEFAULTS);
      assert.deepEqual(parsed.state, { ...state });
      assert.deepEqual(parsed.notes, []);
      if (search.includes('mask-mode')) assert.equal(new URLSearchParams(url).get('mask-mode'), 'prefix');
    }),
  );
});

test('resolving bounds every number, notes each change, and is idempotent', () => {
  fc.assert(
    fc.property(stateArbitrary, (state) => {
      const { state: resolved, notes } = resolveRopeState(state);
      assert.ok((ROPE_DEMO.headDims as readonly number[]).includes(resolved.headDim));
      assert.ok(ROPE_RANGES.includes(resolved.range));
      assert.ok(resolved.base >= ROPE_BOUNDS.base[0] && resolved.base <= ROPE_BOUNDS.base[1]);
      for (const position of [resolved.query, resolved.key, resolved.shift]) assert.ok(position >= 0 && position <= resolved.range);
      for (const block of [resolved.queryBlock, resolved.keyBlock]) assert.ok(block >= 0 && block <= ROPE_DEMO.maxBlock);
      assert.ok(resolved.trained >= ROPE_BOUNDS.trained[0] && resolved.trained <= ROPE_BOUNDS.trained[1]);
      assert.ok(resolved.target >= ROPE_BOUNDS.target[0] && resolved.target <= ROPE_BOUNDS.target[1]);
      const changed = (Object.keys(state) as (keyof RopeWidgetState)[]).filter((key) => state[key] !== resolved[key]);
      assert.deepEqual(notes.map((n) => (n.kind === 'clamped' ? n.param : '')).sort(), [...changed].sort());
      assert.deepEqual(resolveRopeState(resolved), { state: resolved, notes: [] });
    }),
  );
});

test('the defaults need no adjustment', () => {
  assert.deepEqual(resolveRopeState(ROPE_DEFAULTS), { state: ROPE_DEFAULTS, notes: [] });
});

test('malformed links keep the defaults and say why, in both languages', () => {
  const search = `?${ROPE_PARAMS.mode}=spiral&${ROPE_PARAMS.base}=ten&${ROPE_PARAMS.query}=1.5&${ROPE_PARAMS.base}=&${ROPE_PARAMS.headDim}=20`;
  const { state, notes } = parseRopeState(search, ROPE_DEFAULTS);
  assert.equal(state.mode, ROPE_DEFAULTS.mode);
  assert.equal(state.base, ROPE_DEFAULTS.base);
  assert.equal(state.query, ROPE_DEFAULTS.query);
  assert.equal(state.headDim, 20, 'a whole number is parsed; resolving snaps it');
  assert.deepEqual(
    notes.map((n) => n.kind),
    ['unknown-choice', 'not-a-number', 'not-a-number'],
  );
  const resolved = resolveRopeState(state);
  assert.deepEqual(resolved.notes, [{ kind: 'clamped', param: 'headDim', asked: 20, used: 16 }]);
  for (const lang of ['en', 'zh'] as const) {
    const sentences: string[] = [...notes, ...resolved.notes].map((note) => ROPE_STRINGS[lang].note(note));
    assert.ok(sentences.every((s) => s.length > 0 && !s.includes('undefined')));
    assert.match(sentences[0]!, /spiral/);
    assert.match(sentences.at(-1)!, /20.*16/);
  }
});

test('a decimal base round-trips; the integer fields refuse decimals', () => {
  const { state } = parseRopeState(`?${ROPE_PARAMS.base}=500000.5&${ROPE_PARAMS.trained}=1e3`, ROPE_DEFAULTS);
  assert.equal(state.base, 500000.5);
  assert.equal(state.trained, ROPE_DEFAULTS.trained);
});
