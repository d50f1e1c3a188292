// The attention-sharing widget's state rules: URL round trip, m snapped to a divisor of n, clamping
// with a note for every change, unknown choices and malformed numbers; and the byte formatting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { divisors } from '../../../kernels/demos/kv-cache.ts';
import { formatBytes } from '../../../components/widgets/attention-sharing/bytes.ts';
import {
  KV_DTYPE_NAMES,
  nearestDivisor,
  parseSharingState,
  resolveSharingState,
  serializeSharingState,
  SHARING_DEFAULTS,
  SHARING_LIMITS,
  SHARING_REPLICAS,
  type SharingState,
} from '../../../components/widgets/attention-sharing/state.ts';
import { SHARING_STRINGS } from '../../../components/widgets/attention-sharing/strings.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';
import { hasTrained, WEIGHTS } from '../../../components/widgets/shared/weights.ts';

const stateArb = fc.record({
  heads: fc.integer({ min: -5, max: 300 }),
  kvHeads: fc.integer({ min: -5, max: 300 }),
  layers: fc.integer({ min: -5, max: 300 }),
  headDim: fc.integer({ min: -5, max: 900 }),
  dtype: fc.constantFrom(...KV_DTYPE_NAMES),
  context: fc.integer({ min: -5, max: 3_000_000 }),
  replica: fc.constantFrom(...SHARING_REPLICAS),
  weights: fc.constantFrom(...WEIGHTS),
  layer: fc.integer({ min: -3, max: 5 }),
});

test('a resolved state written to the URL reads back the same, next to other parameters', () => {
  fc.assert(
    fc.property(stateArb, (asked: SharingState) => {
      const { state } = resolveSharingState(asked);
      const search = withParams('?mask-mode=causal', serializeSharingState(state));
      const back = parseSharingState(search, SHARING_DEFAULTS);
      assert.deepEqual(back, { state, notes: [] });
      assert.equal(new URLSearchParams(search).get('mask-mode'), 'causal');
    }),
  );
});

test('resolving: every number in bounds, m a divisor of n, a note for each change, idempotent', () => {
  fc.assert(
    fc.property(stateArb, (asked: SharingState) => {
      const { state, notes } = resolveSharingState(asked);
      for (const key of ['heads', 'layers', 'headDim', 'context', 'layer'] as const) {
        const [low, high] = SHARING_LIMITS[key];
        assert.ok(state[key] >= low && state[key] <= high, key);
        assert.equal(notes.some((n) => n.kind === 'clamped' && n.used === state[key] && n.asked === asked[key]), state[key] !== asked[key]);
      }
      assert.equal(state.heads % state.kvHeads, 0);
      assert.equal(notes.some((n) => n.kind === 'not-a-divisor'), state.kvHeads !== asked.kvHeads);
      assert.deepEqual(resolveSharingState(state), { state, notes: [] });
    }),
  );
});

test('the layer is bounded by the model shown: the replicas’ two, or a hub model’s own count', () => {
  assert.deepEqual(resolveSharingState({ ...SHARING_DEFAULTS, layer: 20 }, 24), { state: { ...SHARING_DEFAULTS, layer: 20 }, notes: [] });
  const { state, notes } = resolveSharingState({ ...SHARING_DEFAULTS, layer: 20 });
  assert.equal(state.layer, 1);
  assert.deepEqual(notes, [{ kind: 'clamped', param: 'share-layer', asked: 20, used: 1, low: 0, high: 1 }]);
});

test('m snaps to the nearest divisor of n (the smaller on a tie); an empty field counts as the lower bound', () => {
  assert.equal(nearestDivisor(12, 5), 4);
  assert.equal(nearestDivisor(12, 5.1), 6);
  assert.equal(nearestDivisor(32, 3), 2);
  assert.equal(nearestDivisor(7, 100), 7);
  assert.deepEqual(divisors(40), [1, 2, 4, 5, 8, 10, 20, 40]);
  const { state, notes } = resolveSharingState({ ...SHARING_DEFAULTS, heads: Number.NaN });
  assert.equal(state.heads, 1);
  assert.equal(state.kvHeads, 1);
  assert.equal(notes.length, 2);
});

test('unknown choices and malformed numbers keep the default and say so', () => {
  const { state, notes } = parseSharingState(
    '?share-heads=lots&share-dtype=fp64&share-model=gpt&share-weights=some&share-kv=2',
    SHARING_DEFAULTS,
  );
  assert.deepEqual(state, { ...SHARING_DEFAULTS, kvHeads: 2 });
  assert.deepEqual(notes.map((n) => n.kind), ['not-a-number', 'unknown-value', 'unknown-value', 'unknown-weights']);
  for (const lang of ['en', 'zh'] as const) for (const note of notes) assert.ok(SHARING_STRINGS[lang].note(note).includes('value' in note ? note.value : ''));
});

test('bytes read in binary units, three figures', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(524_288), '512 KiB');
  assert.equal(formatBytes(2 * 1024 ** 3), '2 GiB');
  assert.equal(formatBytes(28 * 1024 * 4096), '112 MiB');
  assert.equal(formatBytes(1.5 * 1024 ** 4), '1.50 TiB');
});

test('presenter steps: every step sets the whole shape and its caption’s KiB per token is the arithmetic’s', async () => {
  const { kvBytesPerToken } = await import('../../../kernels/demos/kv-cache.ts');
  for (const lang of ['en', 'zh'] as const) {
    const steps = SHARING_STRINGS[lang].presenterSteps;
    assert.ok(steps.length >= 3);
    for (const step of steps) {
      const { state, notes } = parseSharingState(withParams('', step.params), SHARING_DEFAULTS);
      assert.deepEqual(notes, []);
      const kib = step.caption.match(/(\d+) KiB/);
      if (kib) assert.equal(Number(kib[1]) * 1024, kvBytesPerToken(state, state.dtype), step.caption);
      for (const key of ['share-heads', 'share-kv', 'share-layers', 'share-dim', 'share-dtype']) assert.ok(key in step.params, `${step.caption}: ${key}`);
    }
  }
});

test('trained weights by default, and every replica here has a trained model', () => {
  assert.equal(SHARING_DEFAULTS.weights, 'trained');
  for (const replica of SHARING_REPLICAS) assert.ok(hasTrained(replica), replica);
  assert.equal(parseSharingState('?share-weights=random', SHARING_DEFAULTS).state.weights, 'random');
});
