// Whole numbers in widget state (shared/numbers.ts): reading them from a link, and clamping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clamp, integerParam, type NotANumberNote } from '../../../components/widgets/shared/numbers.ts';

const padding = fc.constantFrom('', ' ', '  ', '\t');

test('a whole number in the link is read as written, surrounding spaces allowed, with no note', () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e9, max: 1e9 }), padding, padding, fc.integer(), (n, before, after, fallback) => {
      const notes: NotANumberNote[] = [];
      const params = new URLSearchParams({ 'w-n': `${before}${n}${after}` });
      assert.equal(integerParam(params, 'w-n', fallback, notes), n);
      assert.deepEqual(notes, []);
    }),
  );
});

test('an absent parameter gives the fallback, silently', () => {
  fc.assert(
    fc.property(fc.integer(), (fallback) => {
      const notes: NotANumberNote[] = [];
      assert.equal(integerParam(new URLSearchParams('w-other=3'), 'w-n', fallback, notes), fallback);
      assert.deepEqual(notes, []);
    }),
  );
});

// Values that are not whole numbers: fractions, exponents, signs other than minus, words, nothing.
const malformed = fc.oneof(
  fc.tuple(fc.integer(), fc.nat()).map(([a, b]) => `${a}.${b}`),
  fc.nat().map((n) => `${n}e2`),
  fc.nat().map((n) => `+${n}`),
  fc.nat().map((n) => `${n} ${n}`),
  fc.constantFrom('', ' ', '-', 'two', 'NaN', 'Infinity', '0x10', '١٢'),
);

test('a malformed number gives the fallback and exactly one note naming the parameter and the value', () => {
  fc.assert(
    fc.property(malformed, fc.integer(), (value, fallback) => {
      const notes: NotANumberNote[] = [];
      assert.equal(integerParam(new URLSearchParams({ 'w-n': value }), 'w-n', fallback, notes), fallback);
      assert.deepEqual(notes, [{ kind: 'not-a-number', param: 'w-n', value }]);
    }),
  );
});

test('notes go on the end of a list that already holds other kinds', () => {
  const notes: ({ kind: 'other' } | NotANumberNote)[] = [{ kind: 'other' }];
  integerParam(new URLSearchParams('a=x'), 'a', 0, notes);
  integerParam(new URLSearchParams('b=y'), 'b', 0, notes);
  assert.deepEqual(
    notes.map((note) => note.kind === 'not-a-number' && note.param),
    [false, 'a', 'b'],
  );
});

test('clamp keeps a value inside low..high and moves one outside to the nearer bound', () => {
  fc.assert(
    fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.nat(100), (value, low, width) => {
      const high = low + width;
      const used = clamp(value, low, high);
      assert.ok(low <= used && used <= high);
      if (value >= low && value <= high) assert.equal(used, value);
      else assert.equal(used, value < low ? low : high);
      assert.equal(clamp(used, low, high), used);
    }),
  );
});
