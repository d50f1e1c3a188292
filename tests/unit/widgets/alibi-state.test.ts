// The ALiBi widget's state rules: URL round trip, clamping with notes, malformed numbers, presenter steps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ALIBI_DEFAULTS,
  ALIBI_LIMITS,
  parseAlibiState,
  resolveAlibiState,
  serializeAlibiState,
  type AlibiState,
} from '../../../components/widgets/alibi/state.ts';
import { ALIBI_STRINGS } from '../../../components/widgets/alibi/strings.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';

const stateArb = fc.record({
  heads: fc.integer({ min: -5, max: 200 }),
  head: fc.integer({ min: -5, max: 200 }),
  trainLength: fc.integer({ min: -5, max: 200 }),
  length: fc.integer({ min: -5, max: 400 }),
  qk: fc.double({ min: -10, max: 10, noNaN: true }),
});

test('a resolved state written to the URL reads back the same', () => {
  fc.assert(
    fc.property(stateArb, (asked: AlibiState) => {
      const { state } = resolveAlibiState(asked);
      const back = parseAlibiState(withParams('?share-kv=2', serializeAlibiState(state)), ALIBI_DEFAULTS);
      assert.deepEqual(back, { state, notes: [] });
    }),
  );
});

test('resolving: numbers in bounds, the head one of the heads, a note per change, idempotent', () => {
  fc.assert(
    fc.property(stateArb, (asked: AlibiState) => {
      const { state, notes } = resolveAlibiState(asked);
      assert.ok(state.heads >= ALIBI_LIMITS.heads[0] && state.heads <= ALIBI_LIMITS.heads[1]);
      assert.ok(state.head >= 0 && state.head < state.heads);
      assert.ok(state.length >= ALIBI_LIMITS.length[0] && state.length <= ALIBI_LIMITS.length[1]);
      assert.ok(state.trainLength >= ALIBI_LIMITS.trainLength[0] && state.trainLength <= ALIBI_LIMITS.trainLength[1]);
      assert.ok(state.qk >= -4 && state.qk <= 4);
      const changed = (Object.keys(state) as (keyof AlibiState)[]).filter((k) => state[k] !== asked[k]).length;
      assert.equal(notes.length, changed);
      assert.deepEqual(resolveAlibiState(state), { state, notes: [] });
    }),
  );
});

test('malformed numbers keep the default and are named in both languages', () => {
  const { state, notes } = parseAlibiState('?alibi-heads=forty&alibi-qk=1.5&alibi-length=1e3', ALIBI_DEFAULTS);
  assert.deepEqual(state, { ...ALIBI_DEFAULTS, qk: 1.5 });
  assert.equal(notes.length, 2);
  for (const lang of ['en', 'zh'] as const) assert.ok(ALIBI_STRINGS[lang].note(notes[0]!).includes('forty'));
  const clamped = resolveAlibiState({ ...ALIBI_DEFAULTS, heads: 100, head: 70 });
  assert.deepEqual([clamped.state.heads, clamped.state.head], [64, 63]);
  assert.equal(clamped.notes.length, 2);
});

test('presenter steps set every parameter and need no clamping', () => {
  for (const lang of ['en', 'zh'] as const) {
    for (const step of ALIBI_STRINGS[lang].presenterSteps) {
      const { state, notes } = parseAlibiState(withParams('', step.params), ALIBI_DEFAULTS);
      assert.deepEqual(notes, []);
      assert.equal(Object.keys(step.params).length, 5);
      assert.deepEqual(resolveAlibiState(state).notes, []);
    }
  }
});
