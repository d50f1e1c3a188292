// kernels/largest.ts against sorting everything.
import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { largestIndices } from '../../kernels/largest.ts';

test('largestIndices: the first `count` of a stable descending sort, ties to the smaller index', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 60 }), fc.integer({ min: -1, max: 70 }), (values, count) => {
      const sorted = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
      assert.deepEqual(largestIndices(values.length, (i) => values[i]!, count), sorted.slice(0, Math.max(0, count)));
    }),
  );
});

test('largestIndices: NaN is never preferred to a number', () => {
  const values = [Number.NaN, 1, Number.NaN, 2];
  assert.deepEqual(largestIndices(values.length, (i) => values[i]!, 2), [3, 1]);
});
