// The model panel's state rules: URL round trip, unknown replicas and malformed numbers, typed ids,
// text through a tokenizer, layer/head clamping, the upload size limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  fitView,
  MODEL_PARAMS,
  parseIds,
  parseModelState,
  readerIds,
  serializeModelState,
  type ModelPanelState,
} from '../../../components/widgets/model/state.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';
import { DEFAULT_SAMPLING } from '../../../components/widgets/model/sampling-state.ts';
import { sourceOf, weightsUsed, WEIGHTS } from '../../../components/widgets/shared/weights.ts';

const REPLICAS = ['chatglm-6b', 'chatglm2-6b'];
const DEFAULTS: ModelPanelState = {
  replica: 'chatglm-6b',
  weights: 'trained',
  text: 'hello',
  ids: null,
  layer: 0,
  head: 0,
  sampling: DEFAULT_SAMPLING,
};

const stateArb = fc.record({
  replica: fc.constantFrom(...REPLICAS),
  weights: fc.constantFrom(...WEIGHTS),
  text: fc.string({ maxLength: 30 }),
  ids: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  layer: fc.integer({ min: -5, max: 50 }),
  head: fc.integer({ min: -5, max: 50 }),
  sampling: fc.record({
    temperature: fc.integer({ min: 0, max: 20 }).map((t) => t / 10),
    topK: fc.integer({ min: 0, max: 200 }),
    topP: fc.integer({ min: 1, max: 20 }).map((p) => p / 20),
    seed: fc.integer({ min: 0, max: 999_999 }),
    maxNew: fc.integer({ min: 1, max: 64 }),
  }).map((sampling) => ({ ...sampling })), // a plain object, as the panel reads it
});

test('a state written to the URL reads back the same, next to other parameters', () => {
  fc.assert(
    fc.property(stateArb, (state) => {
      const search = withParams('?backend=wasm&mask-mode=prefix', serializeModelState(state));
      const { state: read, notes } = parseModelState(search, DEFAULTS, REPLICAS);
      assert.deepEqual(read, { ...state });
      assert.deepEqual(notes, []);
      assert.equal(new URLSearchParams(search).get('mask-mode'), 'prefix');
    }),
  );
});

test('running the text again removes the ids parameter from the URL', () => {
  const withIds = withParams('', serializeModelState({ ...DEFAULTS, ids: '1 2' }));
  const back = withParams(withIds, serializeModelState(DEFAULTS));
  assert.equal(new URLSearchParams(back).has(MODEL_PARAMS.ids), false);
  assert.equal(parseModelState(back, { ...DEFAULTS, ids: null }, REPLICAS).state.ids, null);
});

test('an unknown replica, weights or a malformed number keeps the default and says so', () => {
  const { state, notes } = parseModelState('?model-replica=gpt2&model-weights=half&model-layer=two&model-head=1.5', DEFAULTS, REPLICAS);
  assert.equal(state.replica, DEFAULTS.replica);
  assert.equal(state.weights, 'trained');
  assert.equal(state.layer, 0);
  assert.equal(state.head, 0);
  assert.deepEqual(notes, [
    { kind: 'unknown-replica', value: 'gpt2' },
    { kind: 'unknown-weights', param: 'model-weights', value: 'half' },
    { kind: 'not-a-number', param: 'model-layer', value: 'two' },
    { kind: 'not-a-number', param: 'model-head', value: '1.5' },
  ]);
});

test('ids: whole numbers separated by spaces or commas; the first other word is refused', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -3, max: 200_000 }), { maxLength: 20 }),
      fc.constantFrom(' ', ', ', ',', '\n  '),
      (ids, sep) => {
        assert.deepEqual(parseIds(` ${ids.join(sep)} `), { ids });
      },
    ),
  );
  assert.deepEqual(parseIds('1 2x 3 y'), { bad: '2x' });
  assert.deepEqual(parseIds('1 2.5'), { bad: '2.5' });
});

test('reader ids: the ids field wins over the text; the text needs a tokenizer; empty is refused', () => {
  const tokenizer = { encode: (text: string) => [...text].map((c) => c.charCodeAt(0)) };
  assert.deepEqual(readerIds({ text: 'ab', ids: null }, tokenizer, undefined), { ids: [97, 98], notes: [] });
  assert.deepEqual(readerIds({ text: 'ab', ids: '5, 6' }, tokenizer, undefined), { ids: [5, 6], notes: [] });
  assert.deepEqual(readerIds({ text: 'ab', ids: '5 x' }, tokenizer, undefined).notes, [{ kind: 'bad-id', value: 'x' }]);
  assert.deepEqual(readerIds({ text: '', ids: null }, tokenizer, undefined), {
    ids: undefined,
    notes: [{ kind: 'empty-prompt' }],
  });
  assert.deepEqual(readerIds({ text: 'ab', ids: ' ' }, tokenizer, undefined), {
    ids: undefined,
    notes: [{ kind: 'empty-prompt' }],
  });
  assert.deepEqual(readerIds({ text: 'ab', ids: null }, undefined, 'no tokenizer.json'), {
    ids: undefined,
    notes: [{ kind: 'no-tokenizer', reason: 'no tokenizer.json' }],
  });
  assert.deepEqual(readerIds({ text: 'ab', ids: '7' }, undefined, 'no tokenizer.json'), { ids: [7], notes: [] });
});

test('layer and head are clamped into the model, with one note per number that moved', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -10, max: 60 }),
      fc.integer({ min: -10, max: 60 }),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 40 }),
      (layer, head, layers, heads) => {
        const fitted = fitView({ layer, head }, { layers, heads });
        assert.ok(fitted.layer >= 0 && fitted.layer < layers);
        assert.ok(fitted.head >= 0 && fitted.head < heads);
        const inside = (x: number, n: number) => x >= 0 && x < n;
        assert.equal(fitted.layer === layer, inside(layer, layers));
        assert.equal(fitted.head === head, inside(head, heads));
        assert.equal(fitted.notes.length, Number(!inside(layer, layers)) + Number(!inside(head, heads)));
      },
    ),
  );
});

test('trained weights by default where the variant has a trained model; random weights otherwise or when asked', () => {
  assert.deepEqual(sourceOf('chatglm-6b', 'trained'), { kind: 'trained', id: 'chatglm-6b' });
  assert.deepEqual(sourceOf('chatglm2-6b', 'trained'), { kind: 'trained', id: 'chatglm2' });
  assert.deepEqual(sourceOf('chatglm-6b', 'random'), { kind: 'untrained', id: 'chatglm-6b' });
  assert.deepEqual(sourceOf('baichuan-7b', 'random'), { kind: 'replica', name: 'baichuan-7b' });
  assert.deepEqual(sourceOf('baichuan-7b', 'trained'), { kind: 'replica', name: 'baichuan-7b' });
  assert.equal(weightsUsed('baichuan-7b', 'trained'), 'random');
  assert.equal(weightsUsed('qwen', 'trained'), 'trained');
  assert.equal(parseModelState('', DEFAULTS, REPLICAS).state.weights, 'trained');
  assert.equal(parseModelState('?model-weights=random', DEFAULTS, REPLICAS).state.weights, 'random');
});
