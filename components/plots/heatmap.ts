// A matrix heatmap (rows × columns of cells) with Observable Plot, for masks and attention
// probabilities. Pure: data and options in, a detached SVG out; the caller places it.
//
// Every cell's <rect> carries data-row, data-col and data-value, so tests and text alternatives can
// read the numbers that were drawn rather than guessing from colours.
import * as Plot from '@observablehq/plot';
import { matrixCells, tickPositions, type Cell, type Matrix } from './shape.ts';

export type HeatmapColor =
  /** Two colours for a 0/1 matrix (a mask): `on` where the value is positive. */
  | { readonly kind: 'binary'; readonly on: string; readonly off: string }
  /** A ramp from `low` at 0 to `high` at `max` (probabilities), mixed by the browser. */
  | { readonly kind: 'ramp'; readonly low: string; readonly high: string; readonly max: number };

export type HeatmapOptions = {
  /** One label per row (queries) and per column (keys). */
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  /** Axis titles. */
  readonly rowTitle: string;
  readonly colTitle: string;
  readonly color: HeatmapColor;
  /** Width in CSS pixels; the height follows so that cells are square. */
  readonly width: number;
  /** Tooltip of one cell. */
  readonly cellTitle: (cell: Cell) => string;
  /** How a value is written into data-value; defaults to String(value). */
  readonly formatValue?: (value: number) => string;
};

const MARGIN = { top: 64, right: 8, bottom: 8, left: 72 };
/** Tick labels closer than this (px) would overlap. */
const MIN_TICK_SPACING = 12;

/** Cell colours as CSS colours (theme variables work: the browser resolves them). */
function cellFill(color: HeatmapColor): (cell: Cell) => string {
  if (color.kind === 'binary') return (cell) => (cell.value > 0 ? color.on : color.off);
  const max = color.max > 0 ? color.max : 1;
  return (cell) => {
    const percent = Math.round(100 * Math.min(1, Math.max(0, cell.value / max)));
    return `color-mix(in srgb, ${color.high} ${percent}%, ${color.low})`;
  };
}

/** A render transform that writes each drawn cell's coordinates and value onto its <rect>. */
function tagCells(cells: readonly Cell[], format: (value: number) => string): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const group = next?.(index, scales, values, dimensions, context) ?? null;
    group?.querySelectorAll('rect').forEach((rect, i) => {
      const cell = cells[index[i]!]!;
      rect.setAttribute('data-row', String(cell.row));
      rect.setAttribute('data-col', String(cell.col));
      rect.setAttribute('data-value', format(cell.value));
    });
    return group;
  };
}

/**
 * What fixes a heatmap's layout: when it is unchanged, a new matrix only recolours the cells.
 * Values (and so a ramp's max) may change; shape, labels, titles and colours may not.
 */
function layoutSignature(matrix: Matrix, options: HeatmapOptions): string {
  const { color } = options;
  const colors = color.kind === 'binary' ? [color.on, color.off] : [color.low, color.high];
  return JSON.stringify([
    matrix.rows,
    matrix.cols,
    options.width,
    options.rowLabels,
    options.colLabels,
    options.rowTitle,
    options.colTitle,
    color.kind,
    colors,
  ]);
}

/**
 * Redraws `existing` (a heatmap from `heatmap`) in place for a new matrix of the same layout:
 * new fills, data-value and tooltips on the same <rect>s, no new nodes. A slider that moves the
 * mask changes only values, and replacing a thousand SVG nodes on every step costs far more than
 * recolouring them. Returns false, changing nothing, when `existing` has another layout.
 */
export function recolorHeatmap(existing: Element | null, matrix: Matrix, options: HeatmapOptions): boolean {
  if (!(existing instanceof SVGSVGElement) || existing.dataset['layout'] !== layoutSignature(matrix, options)) return false;
  const fill = cellFill(options.color);
  const format = options.formatValue ?? String;
  for (const rect of existing.querySelectorAll<SVGRectElement>('rect[data-row]')) {
    const row = Number(rect.dataset['row']);
    const col = Number(rect.dataset['col']);
    const cell: Cell = { row, col, value: matrix.data[row * matrix.cols + col] ?? 0 };
    const value = format(cell.value);
    const colour = fill(cell);
    // Untouched cells stay untouched: no attribute write, no restyle.
    if (rect.getAttribute('data-value') === value && rect.getAttribute('fill') === colour) continue;
    rect.setAttribute('fill', colour);
    rect.setAttribute('data-value', value);
    const title = rect.querySelector('title');
    if (title) title.textContent = options.cellTitle(cell);
  }
  return true;
}

export function heatmap(matrix: Matrix, options: HeatmapOptions): SVGSVGElement | HTMLElement {
  const drawn = drawHeatmap(matrix, options);
  drawn.dataset['layout'] = layoutSignature(matrix, options);
  return drawn;
}

function drawHeatmap(matrix: Matrix, options: HeatmapOptions): SVGSVGElement | HTMLElement {
  const cells = matrixCells(matrix);
  const plotWidth = Math.max(1, options.width - MARGIN.left - MARGIN.right);
  const plotHeight = (plotWidth * matrix.rows) / Math.max(1, matrix.cols);
  const indices = (n: number) => Array.from({ length: n }, (_, i) => i);
  const maxTicks = Math.floor(plotWidth / MIN_TICK_SPACING);

  return Plot.plot({
    width: options.width,
    height: Math.round(MARGIN.top + plotHeight + MARGIN.bottom),
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    style: { fontSize: '10px', background: 'transparent' },
    x: {
      type: 'band',
      domain: indices(matrix.cols),
      padding: 0,
      axis: 'top',
      ticks: tickPositions(matrix.cols, maxTicks),
      tickFormat: (i: number) => options.colLabels[i] ?? String(i),
      tickRotate: -60,
      label: options.colTitle,
      // The row title sits at the top left; the column title goes right so the two never overlap.
      labelAnchor: 'right',
    },
    y: {
      type: 'band',
      domain: indices(matrix.rows),
      padding: 0,
      ticks: tickPositions(matrix.rows, maxTicks),
      tickFormat: (i: number) => options.rowLabels[i] ?? String(i),
      label: options.rowTitle,
      labelAnchor: 'top',
    },
    color: { type: 'identity' },
    marks: [
      Plot.cell(cells, {
        x: 'col',
        y: 'row',
        fill: cellFill(options.color),
        inset: 0.5,
        title: options.cellTitle,
        render: tagCells(cells, options.formatValue ?? String),
      }),
    ],
  });
}
