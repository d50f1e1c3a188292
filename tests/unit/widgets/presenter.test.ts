// Presenter mode's pure parts: which step a key leads to, which widget ?present= asks for, and the
// scripted steps of the mask widget and the model panel (each a link the widget accepts as it is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { presentTarget, stepForKey } from '../../../components/widgets/shared/presenter.ts';
import { growingPrefixes, maskPresenterSteps } from '../../../components/widgets/mask/presenter-steps.ts';
import { modelPresenterSteps } from '../../../components/widgets/model/presenter-steps.ts';
import { parseMaskState, resolveMaskState, type MaskWidgetState } from '../../../components/widgets/mask/state.ts';
import { parseModelState, fitView, type ModelPanelState } from '../../../components/widgets/model/state.ts';
import { DEFAULT_SAMPLING } from '../../../components/widgets/model/sampling-state.ts';
import { withParams } from '../../../components/widgets/shared/url-state.ts';

test('stepForKey: forward and back keys move one step and stop at the ends; Home and End jump', () => {
  for (const key of ['ArrowRight', 'PageDown', ' ']) {
    assert.equal(stepForKey(key, 0, 4), 1, key);
    assert.equal(stepForKey(key, 3, 4), 3, `${key} at the last step stays there`);
  }
  for (const key of ['ArrowLeft', 'PageUp']) {
    assert.equal(stepForKey(key, 2, 4), 1, key);
    assert.equal(stepForKey(key, 0, 4), 0, `${key} at the first step stays there`);
  }
  assert.equal(stepForKey('Home', 3, 4), 0);
  assert.equal(stepForKey('End', 0, 4), 3);
  for (const key of ['Escape', 'Enter', 'a', 'ArrowUp', 'Tab']) assert.equal(stepForKey(key, 1, 4), undefined, key);
});

test('stepForKey: every presenter key keeps the step inside 0..count−1', () => {
  const keys = fc.constantFrom('ArrowRight', 'PageDown', ' ', 'ArrowLeft', 'PageUp', 'Home', 'End');
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }), fc.nat(), keys, (count, raw, key) => {
      const at = raw % count;
      const step = stepForKey(key, at, count)!;
      assert.ok(Number.isInteger(step) && step >= 0 && step < count);
      assert.ok(Math.abs(step - at) <= 1 || key === 'Home' || key === 'End');
    }),
  );
});

test('presentTarget: 1 or empty means the first widget, another value names one, absent means none', () => {
  assert.deepEqual(presentTarget('?present=1'), { first: true });
  assert.deepEqual(presentTarget('?present='), { first: true });
  assert.deepEqual(presentTarget('?mask-mode=prefix&present=mask'), { name: 'mask' });
  assert.deepEqual(presentTarget('?present=model&present=mask'), { name: 'model' });
  assert.equal(presentTarget(''), undefined);
  assert.equal(presentTarget('?presenting=1'), undefined);
});

test('mask script: causal, a prefix that grows, bidirectional; every step is a link the widget takes without a note', () => {
  assert.deepEqual(growingPrefixes(12), [3, 6, 9]);
  assert.deepEqual(growingPrefixes(2), [1, 2]);
  assert.deepEqual(growingPrefixes(1), [1]);
  const text = 'The cat sat on the mat because it was tired.';
  const defaults: MaskWidgetState = { text, mode: 'causal', prefix: 0, probe: 0, head: 0 };
  for (const lang of ['en', 'zh'] as const) {
    const steps = maskPresenterSteps(lang, 12);
    assert.deepEqual(
      steps.map((step) => step.params['mask-mode']),
      ['causal', 'prefix', 'prefix', 'prefix', 'bidirectional'],
    );
    const prefixes = steps.map((step) => step.params['mask-prefix']).filter((p) => p !== undefined);
    assert.deepEqual(prefixes, ['3', '6', '9']);
    for (const step of steps) {
      assert.ok(step.caption.length > 10);
      const { state, notes } = parseMaskState(withParams('', step.params), defaults);
      assert.deepEqual(notes, []);
      assert.deepEqual(resolveMaskState(state, { maxTokens: 64, heads: 2 }).notes, []);
    }
  }
});

test('model script: the prompt at layer 0 head 0, then heads and the last layer, a generated continuation, then random weights, all inside the model', () => {
  const defaults: ModelPanelState = { replica: 'llama', weights: 'trained', text: 'hi', ids: null, layer: 0, head: 0, sampling: DEFAULT_SAMPLING };
  for (const lang of ['en', 'zh'] as const) {
    const steps = modelPresenterSteps(lang, { layers: 2, heads: 4, trained: true });
    const views = steps.map(({ params }) => [params['model-weights'], params['model-layer'], params['model-head']]);
    assert.deepEqual(views, [
      ['trained', '0', '0'],
      ['trained', '0', '1'],
      ['trained', '1', '0'],
      ['trained', '1', '3'],
      ['trained', '1', '0'],
      ['random', '0', '0'],
    ]);
    assert.equal(steps.filter((step) => 'model-new' in step.params).length, 1, 'one step generates');
    for (const step of steps) {
      const { state, notes } = parseModelState(withParams('', step.params), defaults, ['llama']);
      assert.deepEqual(notes, []);
      assert.deepEqual(fitView(state, { layers: 2, heads: 4 }).notes, []);
    }
  }
  assert.equal(modelPresenterSteps('en', { layers: 1, heads: 1, trained: false }).length, 1, 'a one-layer, one-head replica without a trained model has one step');
  assert.equal(modelPresenterSteps('en', { layers: 1, heads: 1, trained: true }).length, 3, 'with a trained model, generation and the random weights follow');
});
