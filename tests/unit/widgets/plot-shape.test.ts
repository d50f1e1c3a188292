// Data shaping behind the charts, checked against direct indexing on random shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  matrixCells,
  maxOf,
  positionLabel,
  positionValues,
  sliceMatrix,
  tickPositions,
  visibleRuns,
} from '../../../components/plots/shape.ts';
import { attentionMask } from '../../../kernels/ops/mask/reference.ts';

const shape = fc.record({ rows: fc.integer({ min: 1, max: 9 }), cols: fc.integer({ min: 1, max: 9 }) });

test('matrixCells lists every cell once, row-major, with its value', () => {
  fc.assert(
    fc.property(shape, ({ rows, cols }) => {
      const data = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i) * 3);
      const cells = matrixCells({ data, rows, cols });
      assert.equal(cells.length, rows * cols);
      cells.forEach((cell, i) => {
        assert.equal(cell.row, Math.floor(i / cols));
        assert.equal(cell.col, i % cols);
        assert.equal(cell.value, data[cell.row * cols + cell.col]);
      });
    }),
  );
  assert.throws(() => matrixCells({ data: [1, 2, 3], rows: 2, cols: 2 }));
});

test('sliceMatrix picks head h of a [heads, T, T] tensor', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 7 }), fc.nat(), (heads, t, pick) => {
      const h = pick % heads;
      const data = Float32Array.from({ length: heads * t * t }, (_, i) => i);
      const slice = sliceMatrix(data, h, t, t);
      for (let i = 0; i < t; i++) for (let j = 0; j < t; j++) assert.equal(slice.data[i * t + j], data[(h * t + i) * t + j]);
      assert.throws(() => sliceMatrix(data, heads, t, t));
    }),
  );
});

test('tickPositions labels every position when they fit, else evenly spaced ones within the budget', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 60 }), (count, maxTicks) => {
      const ticks = tickPositions(count, maxTicks);
      assert.ok(ticks.length <= Math.max(maxTicks, 0) || count === 0);
      if (count > 0) assert.equal(ticks[0], 0);
      if (count <= maxTicks) assert.deepEqual(ticks, Array.from({ length: count }, (_, i) => i));
      const gaps = new Set(ticks.slice(1).map((t, i) => t - ticks[i]!));
      assert.ok(gaps.size <= 1, 'ticks are evenly spaced');
      assert.ok(ticks.every((t) => t >= 0 && t < count));
    }),
  );
});

test('visibleRuns of a mask row covers exactly its visible keys', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), (t, p) => {
      const mask = attentionMask({ prefixLength: p % (t + 1) }, t, t);
      const matrix = { data: mask.data, rows: t, cols: t };
      for (let row = 0; row < t; row++) {
        const covered = new Set<number>();
        for (const [first, last] of visibleRuns(matrix, row)) for (let c = first; c <= last; c++) covered.add(c);
        for (let col = 0; col < t; col++) assert.equal(covered.has(col), mask.data[row * t + col] === 1);
      }
    }),
  );
});

test('positionValues marks changed positions by the threshold; maxOf never goes below 0', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (values, threshold) => {
      const points = positionValues(values, threshold);
      points.forEach((p, i) => {
        assert.equal(p.index, i);
        assert.equal(p.value, values[i]);
        assert.equal(p.changed, values[i]! > threshold);
      });
      assert.equal(maxOf(values), Math.max(0, ...values));
    }),
  );
});

test('positionLabel keeps short tokens and shortens long ones by characters, not UTF-16 units', () => {
  assert.equal(positionLabel('猫', 3), '3 猫');
  assert.equal(positionLabel('extraordinarily', 0), '0 extraor…');
  assert.equal(positionLabel('😀😀😀😀😀😀😀😀😀', 1, 4), '1 😀😀😀…');
});
