// The widget's sentences exist in both languages for every case, and the captions state the counts
// that the computation produced (checked on the float64 reference of the demo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MASK_STRINGS, type ChangeFacts } from '../../../components/widgets/mask/strings.ts';
import { MASK_MODES, type StateNote } from '../../../components/widgets/mask/state.ts';
import { maskDemoReference } from '../../../kernels/demos/mask-demo.ts';

const NOTES: StateNote[] = [
  { kind: 'unknown-mode', value: 'encoder' },
  { kind: 'not-a-number', param: 'mask-prefix', value: 'x' },
  { kind: 'empty-text' },
  { kind: 'truncated', shown: 64, total: 500 },
  { kind: 'prefix-clamped', asked: 9, used: 5, tokens: 5 },
  { kind: 'probe-clamped', asked: 9, used: 4, tokens: 5 },
  { kind: 'head-clamped', asked: 3, used: 1, heads: 2 },
];

test('every note has a sentence in both languages that names its numbers', () => {
  for (const strings of Object.values(MASK_STRINGS)) {
    for (const note of NOTES) {
      const text = strings.note(note);
      assert.ok(text.length > 10);
      for (const value of Object.values(note)) if (typeof value === 'number') assert.ok(text.includes(String(value)), `${text} names ${value}`);
    }
    assert.ok(strings.note({ kind: 'truncated', shown: 64, total: 500 }).includes('64'));
    for (const mode of MASK_MODES) assert.ok(strings.modes[mode].length > 0);
  }
});

test('the change caption counts what the computation changed', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('the', 'cat', '猫', '坐', 'on', 'mat', '。'), { minLength: 2, maxLength: 12 }),
      fc.constantFrom(...MASK_MODES),
      fc.nat(),
      fc.nat(),
      (tokens, mode, p, k) => {
        const request = { tokens, mode, prefix: p % (tokens.length + 1), probe: k % tokens.length };
        const result = maskDemoReference(request);
        const changed = [...result.outputChange].map((c) => c > 1e-6);
        const facts: ChangeFacts = {
          mode,
          tokens: tokens.length,
          prefix: request.prefix,
          probe: request.probe,
          changed: changed.filter(Boolean).length,
          changedBefore: changed.filter((c, i) => c && i < request.probe).length,
        };
        // The caption's claim for causal mode (and for a probe past the prefix) is that nothing
        // before k changes; the computation must agree, or the caption would lie.
        if (mode === 'causal' || (mode === 'prefix' && request.probe >= request.prefix)) assert.equal(facts.changedBefore, 0);
        for (const strings of Object.values(MASK_STRINGS)) {
          const caption = strings.changeCaption(facts);
          assert.ok(caption.includes(String(facts.changed)) && caption.includes(String(facts.changedBefore)));
        }
      },
    ),
    { numRuns: 40 },
  );
});

test('the loss caption states the target count out of T − 1', () => {
  for (const strings of Object.values(MASK_STRINGS)) {
    const caption = strings.lossCaption({ mode: 'prefix', tokens: 11, prefix: 4, targets: 7 });
    assert.ok(caption.includes('7') && caption.includes('10') && caption.includes('70%'));
    assert.ok(!strings.lossCaption({ mode: 'causal', tokens: 1, prefix: 0, targets: 0 }).includes('NaN'));
  }
});
