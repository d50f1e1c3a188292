// The quantization widget's state: link round trip, bits clamped into 2..8 or refused, unknown
// models and group sizes refused, the prompt refused when blank and cut when long; every
// adjustment with a note the strings can word in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BITS,
  GROUP_SIZES,
  MAX_TEXT,
  parseQuantState,
  QUANT_DEFAULTS,
  QUANT_MODELS,
  readBits,
  readText,
  serializeQuantState,
  type QuantNote,
} from '../../../components/widgets/quantization/state.ts';
import { QUANT_STRINGS } from '../../../components/widgets/quantization/strings.ts';
import { presenterSteps } from '../../../components/widgets/quantization/steps.ts';

const search = (params: Record<string, string>) => new URLSearchParams(params).toString();

test('a state survives the link round trip', () => {
  const state = fc.record({
    model: fc.constantFrom(...QUANT_MODELS),
    bits: fc.integer({ min: BITS.low, max: BITS.high }),
    groupSize: fc.constantFrom(...GROUP_SIZES),
    text: fc.string({ minLength: 1, maxLength: MAX_TEXT }).filter((t) => t.trim() !== ''),
  });
  fc.assert(fc.property(state, (s) => {
    const parsed = parseQuantState(search(serializeQuantState(s)), QUANT_DEFAULTS);
    assert.deepEqual(parsed, { state: { ...s }, notes: [] });
  }));
});

test('bits: clamped into 2..8 with a note, text that is no whole number keeps the last value', () => {
  const notes: QuantNote[] = [];
  assert.equal(readBits('12', 4, notes), 8);
  assert.equal(readBits('1', 4, notes), 2);
  assert.equal(readBits(' 3 ', 4, notes), 3);
  assert.equal(readBits('x', 5, notes), 5);
  assert.equal(readBits('4.5', 5, notes), 5);
  assert.deepEqual(notes, [
    { kind: 'bits-clamped', asked: 12, used: 8 },
    { kind: 'bits-clamped', asked: 1, used: 2 },
    { kind: 'not-a-number', param: 'quant-bits', value: 'x' },
    { kind: 'not-a-number', param: 'quant-bits', value: '4.5' },
  ]);
});

test('the prompt: refused when blank, cut to MAX_TEXT characters (not UTF-16 units)', () => {
  const notes: QuantNote[] = [];
  assert.equal(readText('   ', 'kept', notes), 'kept');
  const long = '鳥'.repeat(MAX_TEXT + 5);
  assert.equal([...readText(long, 'kept', notes)].length, MAX_TEXT);
  assert.equal(readText('𠀀'.repeat(MAX_TEXT), 'kept', notes), '𠀀'.repeat(MAX_TEXT), 'characters outside the BMP count once');
  assert.deepEqual(notes, [{ kind: 'empty-text' }, { kind: 'text-cut', length: MAX_TEXT + 5 }]);
});

test('a link with unknown values keeps the defaults and says why', () => {
  const { state, notes } = parseQuantState(search({ 'quant-model': 'gpt', 'quant-group': '50', 'quant-bits': '0' }), QUANT_DEFAULTS);
  assert.deepEqual(state, { ...QUANT_DEFAULTS, bits: BITS.low });
  assert.deepEqual(notes.map((n) => n.kind).sort(), ['bits-clamped', 'unknown-value', 'unknown-value']);
  assert.equal(parseQuantState(search({ 'quant-group': 'row' }), QUANT_DEFAULTS).state.groupSize, 'row');
});

test('every note has words in both languages; the presenter steps are valid states', () => {
  const notes: QuantNote[] = [
    { kind: 'not-a-number', param: 'quant-bits', value: 'x' },
    { kind: 'bits-clamped', asked: 9, used: 8 },
    { kind: 'unknown-value', param: 'quant-group', value: '50' },
    { kind: 'empty-text' },
    { kind: 'text-cut', length: 80 },
  ];
  for (const lang of ['en', 'zh'] as const) {
    for (const note of notes) assert.ok(QUANT_STRINGS[lang].note(note).length > 0);
    for (const step of presenterSteps(lang)) {
      const parsed = parseQuantState(search(step.params as Record<string, string>), QUANT_DEFAULTS);
      assert.deepEqual(parsed.notes, [], step.caption);
    }
  }
  assert.equal(QUANT_DEFAULTS.model, 'llama', 'the trained LLaMA by default');
});
