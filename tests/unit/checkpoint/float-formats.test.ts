// F16 and BF16 against the IEEE definitions, written here independently of the bit tricks in
// float-formats.ts: decoding every one of the 65,536 patterns, and encoding as "the nearest
// representable value, ties to the even pattern".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeBF16, decodeF16, floatToBfloat16, floatToHalf, halfToFloat } from '../../../kernels/checkpoint/float-formats.ts';

/** IEEE 754 binary16 by its textbook formula. */
function halfByFormula(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** bfloat16 by its formula: float32 with the 16 low fraction bits zero. */
function bfloat16ByFormula(b: number): number {
  const sign = b & 0x8000 ? -1 : 1;
  const exponent = (b >> 7) & 0xff;
  const fraction = b & 0x7f;
  if (exponent === 0) return sign * fraction * 2 ** -133;
  if (exponent === 255) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 127) * (1 + fraction / 128);
}

const allPatterns = Uint16Array.from({ length: 65536 }, (_, i) => i);

test('F16 decoding matches the IEEE formula for all 65,536 patterns (subnormals, ±0, ±inf, NaN)', () => {
  const decoded = decodeF16(allPatterns);
  for (let h = 0; h < 65536; h++) {
    const expected = halfByFormula(h);
    const got = decoded[h] as number;
    if (Number.isNaN(expected)) assert.ok(Number.isNaN(got), `0x${h.toString(16)} should be NaN`);
    else assert.ok(Object.is(got, expected), `0x${h.toString(16)}: got ${got}, expected ${expected}`);
  }
});

test('BF16 decoding matches the formula for all 65,536 patterns', () => {
  const decoded = decodeBF16(allPatterns);
  for (let b = 0; b < 65536; b++) {
    const expected = bfloat16ByFormula(b);
    const got = decoded[b] as number;
    if (Number.isNaN(expected)) assert.ok(Number.isNaN(got));
    else assert.ok(Object.is(got, expected), `0x${b.toString(16)}: got ${got}, expected ${expected}`);
  }
});

test('encoding a decoded pattern gives the pattern back (every non-NaN half and bfloat16)', () => {
  for (let h = 0; h < 65536; h++) {
    const half = halfByFormula(h);
    if (!Number.isNaN(half)) assert.equal(floatToHalf(half), h, `half 0x${h.toString(16)}`);
    const bf = bfloat16ByFormula(h);
    if (!Number.isNaN(bf)) assert.equal(floatToBfloat16(bf), h, `bfloat16 0x${h.toString(16)}`);
  }
  assert.ok(Number.isNaN(halfByFormula(floatToHalf(NaN))));
  assert.ok(Number.isNaN(bfloat16ByFormula(floatToBfloat16(NaN))));
});

/**
 * `encoded` is the correctly rounded pattern for x: no other finite pattern of the same sign is
 * nearer, and on a tie the pattern is even. The candidates are the pattern's neighbours.
 */
function assertNearest(x: number, encoded: number, decode: (p: number) => number, overflowAt: number): void {
  const value = decode(encoded);
  // IEEE rounding sends x to infinity exactly when |x| ≥ the largest finite value + half its ulp.
  assert.equal(!Number.isFinite(value), Math.abs(x) >= overflowAt, `${x} became ${value}`);
  if (!Number.isFinite(value)) return;
  const error = Math.abs(value - x);
  for (const neighbour of [encoded - 1, encoded + 1]) {
    if ((neighbour & 0x7fff) === 0x7fff || neighbour < 0 || (neighbour & 0x8000) !== (encoded & 0x8000)) continue;
    const other = decode(neighbour);
    if (!Number.isFinite(other) || Number.isNaN(other)) continue;
    const otherError = Math.abs(other - x);
    assert.ok(error <= otherError, `${x}: ${value} is farther than ${other}`);
    if (error === otherError) assert.equal(encoded & 1, 0, `${x}: a tie must round to the even pattern`);
  }
}

// float32 values across and beyond the half range, including half subnormals and exact ties.
const float32InHalfRange = fc.oneof(
  fc.float({ min: Math.fround(-70000), max: Math.fround(70000), noNaN: true }),
  fc.float({ min: Math.fround(-1e-4), max: Math.fround(1e-4), noNaN: true }),
  fc
    .integer({ min: 0, max: 0xfffe })
    .map((h) => (halfByFormula(h) + halfByFormula(h + 1)) / 2)
    .filter(Number.isFinite),
);

test('F16 encoding rounds to nearest, ties to even (property)', () => {
  fc.assert(
    fc.property(float32InHalfRange, (x) => {
      const x32 = Math.fround(x);
      assertNearest(x32, floatToHalf(x32), halfByFormula, 65504 + 16);
    }),
    { numRuns: 5000 },
  );
});

test('BF16 encoding rounds to nearest, ties to even (property)', () => {
  const overflowAt = bfloat16ByFormula(0x7f7f) + 2 ** (127 - 8);
  fc.assert(
    fc.property(fc.float({ noNaN: true }), (x) => assertNearest(x, floatToBfloat16(x), bfloat16ByFormula, overflowAt)),
    { numRuns: 5000 },
  );
});

test('F16 and BF16 relative error bounds: 2^-11 and 2^-8 in the normal range', () => {
  fc.assert(
    fc.property(
      fc.float({ min: Math.fround(6.2e-5), max: Math.fround(65000), noNaN: true }),
      fc.boolean(),
      (magnitude, negative) => {
        const x = negative ? -magnitude : magnitude;
        assert.ok(Math.abs(halfToFloat(floatToHalf(x)) - x) <= Math.abs(x) * 2 ** -11);
        assert.ok(Math.abs(bfloat16ByFormula(floatToBfloat16(x)) - x) <= Math.abs(x) * 2 ** -8);
      },
    ),
    { numRuns: 2000 },
  );
});
