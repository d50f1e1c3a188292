// Reading a heatmap (components/plots/heatmap.ts) from a test: its canvas carries the values it
// painted (data-rows, data-cols, data-values: row-major, space separated), and its tooltip names the
// cell under the pointer.
import type { Locator } from 'playwright-core';

export type HeatmapCell = { readonly row: number; readonly col: number; readonly value: number };

/** The canvas of the heatmap inside `chart` (the element the widget draws it into). */
export const heatmapCanvas = (chart: Locator) => chart.locator('canvas.heatmap-cells');

/** Every cell the heatmap inside `chart` painted, row-major. */
export function heatmapCells(chart: Locator): Promise<HeatmapCell[]> {
  return heatmapCanvas(chart).evaluate((canvas) => {
    const cols = Number(canvas.getAttribute('data-cols'));
    const values = (canvas.getAttribute('data-values') ?? '').split(' ');
    return values.map((value, i) => ({ row: Math.floor(i / cols), col: i % cols, value: Number(value) }));
  });
}

/** The heatmap inside `chart` as a matrix of its values. */
export async function heatmapMatrix(chart: Locator): Promise<number[][]> {
  const cells = await heatmapCells(chart);
  const matrix: number[][] = [];
  for (const { row, col, value } of cells) (matrix[row] ??= [])[col] = value;
  return matrix;
}

/** Moves the pointer over cell (row, col) of the heatmap inside `chart`. */
export async function hoverCell(chart: Locator, row: number, col: number): Promise<void> {
  const canvas = heatmapCanvas(chart);
  const [rows, cols] = await canvas.evaluate((c) => [Number(c.getAttribute('data-rows')), Number(c.getAttribute('data-cols'))]);
  const box = await canvas.boundingBox();
  if (box === null) throw new Error('the heatmap is not on screen');
  await canvas.hover({ position: { x: ((col + 0.5) / cols!) * box.width, y: ((row + 0.5) / rows!) * box.height } });
}
