// The heatmap's arithmetic (components/plots/heatmap-layout.ts): layout, colours, hit testing and
// the cells its text alternative names.
import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { cellAt, heatmapLayout, largestCells, levelOf, MASKED_LEVEL, mixRgb, parseRgb, RAMP_LEVELS, rgbText } from '../../../components/plots/heatmap-layout.ts';
import { niceTicks } from '../../../components/plots/svg.ts';
import { float32Base64 } from '../../../components/widgets/model/view.ts';

test('layout: square cells fill the width left of the margins; the height follows the rows', () => {
  const layout = heatmapLayout(4, 8, 600, 12);
  assert.equal(layout.left, Math.round(7.2 * 12));
  assert.equal(layout.top, Math.round(6.4 * 12));
  const right = Math.round(0.8 * 12);
  assert.equal(layout.cell, (600 - layout.left - right) / 8);
  assert.equal(layout.plotWidth, 8 * layout.cell);
  assert.equal(layout.plotHeight, 4 * layout.cell);
  assert.equal(layout.height, Math.round(layout.top + layout.plotHeight + Math.round(0.8 * 12)));
  assert.deepEqual(layout.colTicks, [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('layout: text is never under 12 px, and margins grow with it (presenter mode)', () => {
  assert.equal(heatmapLayout(3, 3, 400, 9).fontSize, 12);
  const big = heatmapLayout(3, 3, 800, 20);
  assert.equal(big.fontSize, 20);
  assert.equal(big.left, 144);
  assert.equal(big.top, 128);
});

test('layout: labels are thinned so that they never come closer than 1.2 em', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 128 }), fc.integer({ min: 200, max: 1400 }), fc.integer({ min: 12, max: 24 }), (n, width, font) => {
      const layout = heatmapLayout(n, n, width, font);
      assert.equal(layout.colTicks[0], 0);
      for (let i = 1; i < layout.colTicks.length; i++) {
        const spacing = (layout.colTicks[i]! - layout.colTicks[i - 1]!) * layout.cell;
        assert.ok(spacing >= 1.2 * font - 1e-9 || layout.colTicks.length === 1, `${spacing} px between labels`);
      }
    }),
  );
});

test('cellAt: the cell under a point, nothing outside the cells', () => {
  const layout = heatmapLayout(3, 5, 400, 12);
  const c = layout.cell;
  assert.deepEqual(cellAt(layout, 0, 0), { row: 0, col: 0 });
  assert.deepEqual(cellAt(layout, 4.5 * c, 2.5 * c), { row: 2, col: 4 });
  assert.deepEqual(cellAt(layout, 1.99 * c, 0.01 * c), { row: 0, col: 1 });
  assert.equal(cellAt(layout, -1, 0), undefined);
  assert.equal(cellAt(layout, 5 * c + 0.01, 0), undefined);
  assert.equal(cellAt(layout, 0, 3 * c + 0.01), undefined);
});

test('parseRgb reads what getComputedStyle writes', () => {
  assert.deepEqual(parseRgb('rgb(12, 34, 56)'), [12, 34, 56]);
  assert.deepEqual(parseRgb('rgba(12, 34, 56, 0.5)'), [12, 34, 56]);
  assert.deepEqual(parseRgb('rgb(12 34 56)'), [12, 34, 56]);
  assert.deepEqual(parseRgb('color(srgb 1 0.5 0)'), [255, 128, 0]);
  assert.throws(() => parseRgb('oklch(0.5 0.1 30)'), /cannot read/);
});

test('mixRgb: the ends are the two colours, the middle is the per-channel average (a CSS gradient in sRGB)', () => {
  const low: [number, number, number] = [10, 200, 30];
  const high: [number, number, number] = [250, 0, 31];
  assert.deepEqual(mixRgb(low, high, 0), low);
  assert.deepEqual(mixRgb(low, high, 1), high);
  assert.deepEqual(mixRgb(low, high, 0.5), [130, 100, 31]);
  assert.equal(rgbText([1, 2, 3]), 'rgb(1 2 3)');
});

test('levelOf: a binary map is 0/1 by sign; a ramp runs 0..RAMP_LEVELS over 0..max, clamped, and NaN is masked', () => {
  const binary = levelOf({ kind: 'binary' });
  assert.deepEqual([-1, 0, 1e-9, 1].map(binary), [0, 0, 1, 1]);
  const ramp = levelOf({ kind: 'ramp', max: 0.5 });
  assert.deepEqual([-0.1, 0, 0.25, 0.5, 2].map(ramp), [0, 0, RAMP_LEVELS / 2, RAMP_LEVELS, RAMP_LEVELS]);
  // A matrix of zeros has max 0: every cell is the low end, not NaN.
  assert.equal(levelOf({ kind: 'ramp', max: 0 })(0), 0);
  // NaN (a masked key) has a level of its own, apart from 0.
  assert.equal(ramp(Number.NaN), MASKED_LEVEL);
  assert.ok(MASKED_LEVEL > RAMP_LEVELS);
});

test('largestCells: the largest values with their row and column, largest first', () => {
  const matrix = { rows: 2, cols: 3, data: [0.1, 0.7, 0.2, 0.7, 0.05, 0.9] };
  assert.deepEqual(largestCells(matrix, 3), [
    { row: 1, col: 2, value: 0.9 },
    { row: 0, col: 1, value: 0.7 },
    { row: 1, col: 0, value: 0.7 },
  ]);
  assert.deepEqual(largestCells(matrix, 0), []);
  assert.equal(largestCells(matrix, 10).length, 6);
});

test('float32Base64: the exact float32 bytes, as Node decodes them', () => {
  fc.assert(
    fc.property(fc.float32Array({ minLength: 0, maxLength: 300, noNaN: true }), (values) => {
      const decoded = new Float32Array(Uint8Array.from(Buffer.from(float32Base64(values), 'base64')).buffer);
      assert.deepEqual([...decoded], [...values]);
    }),
  );
});

test('niceTicks: steps of 1, 2 or 5 × 10^k inside the range, written without float noise', () => {
  assert.deepEqual(niceTicks(0, 0.35, 4), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(niceTicks(-22, 1, 5), [-20, -15, -10, -5, 0]);
  assert.deepEqual(niceTicks(0, 47, 10), [0, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
  assert.deepEqual(niceTicks(3, 3, 5), [3]);
  fc.assert(
    fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 12 }), (lowCents, spanCents, count) => {
      const [low, span] = [lowCents / 100, spanCents / 100];
      const ticks = niceTicks(low, low + span, count);
      assert.ok(ticks.length <= count + 1, `${ticks.length} ticks for ${count}`);
      for (const t of ticks) assert.ok(t >= low - 1e-9 * Math.abs(low) && t <= low + span + 1e-9 * Math.abs(low + span));
      for (const t of ticks) assert.ok(String(t).length < 16, `${t} is written short`);
    }),
  );
});
