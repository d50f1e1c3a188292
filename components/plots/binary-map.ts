// A large 0/1 matrix (which RoPE pair meets an unseen angle at which distance: 32 rows × up to 128
// columns) drawn as a heatmap with a handful of shapes instead of a <rect> per cell. The axes,
// labels and legend are heatmap.ts's; the cells are one rectangle of `off` under one path per row
// holding that row's runs of `on` cells.
//
// Why not a <rect> per cell: a slider that changes the column count draws the map anew on every
// step, and the browser styles and lays out every new element. Four thousand cells cost tens of
// milliseconds of style recalculation per step; thirty-three shapes cost almost nothing.
//
// Every row's path carries data-row and data-values (the row's 0/1 values, one character per
// column), so tests and text alternatives read the numbers that were drawn. A cell's tooltip is
// written when the pointer reaches it.
import * as Plot from '@observablehq/plot';
import { hideFromAssistiveTech } from './accessible.ts';
import { drawPlot } from './plot-style.ts';
import { heatmapFrame, type HeatmapColor, type HeatmapOptions } from './heatmap.ts';
import { legendOf } from './heatmap-legend.ts';
import type { Matrix } from './shape.ts';

type BinaryColor = Extract<HeatmapColor, { kind: 'binary' }>;
export type BinaryMapOptions = HeatmapOptions & { readonly color: BinaryColor };

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Where each column and row of cells starts (read once from Plot's band scales: calling a scale per
 * cell costs more than the rest of the drawing) and a cell's size.
 */
type Grid = { readonly xs: readonly number[]; readonly ys: readonly number[]; readonly width: number; readonly height: number };

function gridOf(scales: Plot.ScaleFunctions, matrix: Matrix): Grid {
  const { x, y, scales: described } = scales;
  if (x === undefined || y === undefined) throw new Error('binaryMap: the frame has no x or y scale');
  return {
    xs: Array.from({ length: matrix.cols }, (_, col) => x(col) as number),
    ys: Array.from({ length: matrix.rows }, (_, row) => y(row) as number),
    width: described.x?.bandwidth ?? 0,
    height: described.y?.bandwidth ?? 0,
  };
}

/** The runs of `row`'s positive cells as rectangles: one subpath per run, not one per cell. */
function runs(matrix: Matrix, grid: Grid, row: number): string {
  // Half a pixel off the top and bottom, so that runs in neighbouring rows stay apart.
  const top = grid.ys[row]! + 0.5;
  const height = grid.height - 1;
  const parts: string[] = [];
  for (let col = 0; col < matrix.cols; col++) {
    if (!(matrix.data[row * matrix.cols + col]! > 0)) continue;
    const first = col;
    while (col + 1 < matrix.cols && matrix.data[row * matrix.cols + col + 1]! > 0) col += 1;
    const width = (col - first + 1) * grid.width;
    parts.push(`M${grid.xs[first]},${top}h${width}v${height}h${-width}z`);
  }
  return parts.join('');
}

function rect(x: number, y: number, width: number, height: number, fill: string): SVGRectElement {
  const element = document.createElementNS(SVG, 'rect');
  for (const [name, value] of Object.entries({ x, y, width, height })) element.setAttribute(name, String(value));
  element.setAttribute('fill', fill);
  return element;
}

function path(d: string, fill: string): SVGPathElement {
  const element = document.createElementNS(SVG, 'path');
  element.setAttribute('d', d);
  element.setAttribute('fill', fill);
  return element;
}

/** A row's values as one character per column: '1' where the value is positive, else '0'. */
function rowValues(matrix: Matrix, row: number): string {
  let text = '';
  for (let col = 0; col < matrix.cols; col++) text += matrix.data[row * matrix.cols + col]! > 0 ? '1' : '0';
  return text;
}

/**
 * The mark that draws the cells: one rectangle of `off` under everything, then each row's runs of
 * `on` cells.
 */
function cellPaths(matrix: Matrix, color: BinaryColor): Plot.RenderFunction {
  return (_index, scales) => {
    const grid = gridOf(scales, matrix);
    const group = document.createElementNS(SVG, 'g');
    group.append(rect(grid.xs[0]!, grid.ys[0]!, grid.width * matrix.cols, grid.height * matrix.rows, color.off));
    for (let row = 0; row < matrix.rows; row++) {
      const rowPath = path(runs(matrix, grid, row), color.on);
      rowPath.setAttribute('data-row', String(row));
      rowPath.setAttribute('data-values', rowValues(matrix, row));
      group.append(rowPath);
    }
    return group;
  };
}

/** Where the cells lie in the SVG's own units. */
type Area = { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };

/**
 * A transparent layer over the cells whose tooltip names the cell under the pointer (one <title>,
 * rewritten as the pointer moves, rather than one per cell).
 */
function tooltipLayer(svg: SVGSVGElement, area: Area, matrix: Matrix, options: BinaryMapOptions): void {
  const { left, right, top, bottom } = area;
  const layer = document.createElementNS(SVG, 'rect');
  for (const [name, value] of Object.entries({ x: left, y: top, width: right - left, height: bottom - top })) layer.setAttribute(name, String(value));
  layer.setAttribute('fill', 'transparent');
  const title = layer.appendChild(document.createElementNS(SVG, 'title'));
  layer.addEventListener('pointermove', (event) => {
    // The pointer in the SVG's own units (it may be drawn narrower than its viewBox on a phone).
    const box = svg.getBoundingClientRect();
    const scale = box.width > 0 ? options.width / box.width : 1;
    const col = Math.floor((((event.clientX - box.left) * scale - left) / (right - left)) * matrix.cols);
    const row = Math.floor((((event.clientY - box.top) * scale - top) / (bottom - top)) * matrix.rows);
    if (row < 0 || row >= matrix.rows || col < 0 || col >= matrix.cols) return;
    title.textContent = options.cellTitle({ row, col, value: matrix.data[row * matrix.cols + col]! });
  });
  svg.append(layer);
}

/** The map and its legend, detached; the caller places it. */
export function binaryMap(matrix: Matrix, options: BinaryMapOptions): HTMLElement {
  const svg = drawPlot({ ...heatmapFrame(matrix, options), marks: [cellPaths(matrix, options.color)] });
  const chart = document.createElement('div');
  chart.className = 'heatmap';
  chart.append(svg, legendOf(options.color).legend);
  const [left, right] = (svg.scale('x')?.range ?? [0, 0]) as [number, number];
  const [top, bottom] = (svg.scale('y')?.range ?? [0, 0]) as [number, number];
  if (svg instanceof SVGSVGElement) {
    hideFromAssistiveTech(svg);
    tooltipLayer(svg, { left, right, top, bottom }, matrix, options);
  }
  return chart;
}
