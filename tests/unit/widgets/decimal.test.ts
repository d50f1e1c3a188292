// Typed and linked decimals (components/widgets/shared/decimal.ts): what counts as a number, the
// clamping and its notes, and the printed form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decimalNoteText, formatDecimal, parseDecimal, readDecimal, type DecimalNote } from '../../../components/widgets/shared/decimal.ts';

test('parseDecimal reads plain and exponent forms, and nothing else', () => {
  assert.deepEqual(['3', ' -0.5 ', '+2', '.5', '5.', '1e9', '2E-3'].map(parseDecimal), [3, -0.5, 2, 0.5, 5, 1e9, 0.002]);
  for (const bad of ['', 'abc', '1,5', 'Infinity', 'NaN', '0x10', '1e999', '--1', '1 2']) assert.equal(parseDecimal(bad), undefined, bad);
});

test('parseDecimal reads back every finite number as String() writes it', () => {
  // String(-0) is '0', so -0 comes back as 0; every other number comes back exactly.
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => assert.equal(parseDecimal(String(x)), Object.is(x, -0) ? 0 : x)));
  assert.ok(Object.is(parseDecimal(String(-0)), 0));
});

test('readDecimal: inside the range as typed; outside, the nearer end and a note; no number, the fallback and a note', () => {
  const notes: DecimalNote[] = [];
  const range = { low: -10, high: 10 };
  assert.equal(readDecimal('4.5', 'p', 0, range, notes), 4.5);
  assert.equal(notes.length, 0);
  assert.equal(readDecimal('1e9', 'p', 0, range, notes), 10);
  assert.equal(readDecimal('x', 'p', 7, range, notes), 7);
  assert.deepEqual(notes, [
    { kind: 'clamped', param: 'p', asked: 1e9, used: 10, low: -10, high: 10 },
    { kind: 'not-a-number', param: 'p', value: 'x' },
  ]);
  assert.match(decimalNoteText(notes[0]!, 'en'), /1\.00e\+9 is outside −10\.000…10\.000 \(p\); 10\.000 is used/);
  assert.match(decimalNoteText(notes[1]!, 'zh'), /“x”不是数字/);
});

test('formatDecimal: three decimals, a real minus sign, exponent form for large values', () => {
  assert.deepEqual([formatDecimal(-1.3416), formatDecimal(0), formatDecimal(123456)], ['−1.342', '0.000', '1.23e+5']);
});
