// A matrix heatmap (rows × columns of cells) with Observable Plot, for masks and attention
// probabilities, with its colour legend. Data and options in, a detached element out (the SVG and
// the legend under it); the caller places it. It remembers its cells, so `recolorHeatmap` can later
// show new values of the same layout in place.
//
// Drawn at the width it will be shown at (the caller measures it, see chart-size.ts), never scaled
// down, so its text is `fontSize` pixels on screen: 12 or more.
//
// Every cell's <rect> carries data-row, data-col and data-value, so tests and text alternatives can
// read the numbers that were drawn rather than guessing from colours; its tooltip is written when
// the pointer reaches it.
import * as Plot from '@observablehq/plot';
import { MIN_FONT_PX } from './chart-size.ts';
import { hideFromAssistiveTech } from './accessible.ts';
import { drawPlot } from './plot-style.ts';
import { formatLegendValue, legendOf } from './heatmap-legend.ts';
import { matrixCells, tickPositions, type Cell, type Matrix } from './shape.ts';

export type HeatmapColor =
  /** Two colours for a 0/1 matrix (a mask): `on` where the value is positive; the legend names both. */
  | { readonly kind: 'binary'; readonly on: string; readonly off: string; readonly onLabel: string; readonly offLabel: string }
  /** A ramp from `low` at 0 to `high` at `max` (probabilities), mixed by the browser; the legend says what the values are. */
  | { readonly kind: 'ramp'; readonly low: string; readonly high: string; readonly max: number; readonly label: string };

/**
 * Colours with contrast in both themes: the ends are Starlight's most contrasting accent shade and a
 * grey near the background, which swap lightness between the light and the dark theme together.
 */
export const HEATMAP_COLORS = {
  /** A key the query may read / the largest probability. */
  strong: 'var(--sl-color-accent-high)',
  /** A masked key: still visible as a cell against the widget's background. */
  masked: 'var(--sl-color-gray-5)',
  /** Probability 0. */
  zero: 'var(--sl-color-gray-6)',
} as const;


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
  /** Text size in CSS pixels (at least MIN_FONT_PX); the margins for the labels grow with it. */
  readonly fontSize?: number;
  /** Tooltip of one cell. */
  readonly cellTitle: (cell: Cell) => string;
  /** How a value is written into data-value; defaults to String(value). */
  readonly formatValue?: (value: number) => string;
};

/** Margins in em of the text size: the rotated key labels on top, the query labels on the left. */
const MARGIN_EM = { top: 6.4, right: 0.8, bottom: 0.8, left: 7.2 };
/** Tick labels closer than this (em) would overlap. */
const MIN_TICK_SPACING_EM = 1.2;

const fontSizeOf = (options: HeatmapOptions) => Math.max(MIN_FONT_PX, options.fontSize ?? MIN_FONT_PX);

/**
 * A cell's colour as a small integer: 0/1 for a binary map, the percentage along the ramp for a
 * ramp. Comparing levels finds the cells whose colour changed without building colour strings.
 */
function colorLevel(color: HeatmapColor): (value: number) => number {
  if (color.kind === 'binary') return (value) => (value > 0 ? 1 : 0);
  const max = color.max > 0 ? color.max : 1;
  return (value) => Math.round(100 * Math.min(1, Math.max(0, value / max)));
}

/**
 * How a cell shows its level. A binary map switches each cell's fill between two colours. A ramp
 * gives every cell the `high` fill at an opacity of level/100 over a layer of `low` cells: the
 * browser blends that in sRGB, as color-mix(in srgb, high p%, low) would (screenshots agree to
 * rounding), but a new level is a plain number to write rather than a colour with theme variables
 * to resolve for each cell.
 */
type Paint = {
  /** The fill every cell shares, if any. */
  readonly fill?: string;
  /** The cell attribute that shows the level, and its value. */
  readonly attribute: 'fill' | 'fill-opacity';
  readonly value: (level: number) => string;
  /** The colour of the layer under the cells, if any. */
  readonly underlay?: string;
};

function paintOf(color: HeatmapColor): Paint {
  if (color.kind === 'binary') return { attribute: 'fill', value: (level) => (level > 0 ? color.on : color.off) };
  return { fill: color.high, attribute: 'fill-opacity', value: (level) => String(level / 100), underlay: color.low };
}

/** A render transform that writes each drawn cell's coordinates, value and level onto its <rect>. */
function tagCells(cells: readonly Cell[], options: HeatmapOptions): Plot.RenderFunction {
  const format = options.formatValue ?? String;
  const level = colorLevel(options.color);
  const paint = paintOf(options.color);
  return (index, scales, values, dimensions, context, next) => {
    const group = next?.(index, scales, values, dimensions, context) ?? null;
    group?.querySelectorAll('rect').forEach((rect, i) => {
      const cell = cells[index[i]!]!;
      rect.setAttribute('data-row', String(cell.row));
      rect.setAttribute('data-col', String(cell.col));
      rect.setAttribute('data-value', format(cell.value));
      rect.setAttribute(paint.attribute, paint.value(level(cell.value)));
    });
    return group;
  };
}

/** One <path> with a square of `color` under each cell: the ramp's low end, drawn once per layout. */
function underlay(rects: readonly SVGRectElement[], color: string): SVGPathElement {
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  const squares = rects.map((rect) => {
    const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((name) => rect.getAttribute(name));
    return `M${x},${y}h${width}v${height}h-${width}z`;
  });
  path.setAttribute('d', squares.join(''));
  path.setAttribute('fill', color);
  path.setAttribute('aria-hidden', 'true');
  return path;
}

/**
 * What fixes a heatmap's layout: when it is unchanged, a new matrix only recolours the cells.
 * Values (and so a ramp's max) may change; shape, labels, titles and colours may not.
 */
function layoutSignature(matrix: Matrix, options: HeatmapOptions): string {
  const { color } = options;
  const colors = color.kind === 'binary' ? [color.on, color.off, color.onLabel, color.offLabel] : [color.low, color.high, color.label];
  return JSON.stringify([
    matrix.rows,
    matrix.cols,
    options.width,
    fontSizeOf(options),
    options.rowLabels,
    options.colLabels,
    options.rowTitle,
    options.colTitle,
    color.kind,
    colors,
  ]);
}

/**
 * What a drawn heatmap remembers so that recolouring touches only what changed: its cells' <rect>s
 * in row-major order, the value and colour level each one shows, and how to write a tooltip.
 */
type DrawnHeatmap = {
  readonly signature: string;
  /** The legend's label of the ramp's top value, if it has one. */
  readonly maxLabel: HTMLElement | null;
  readonly cols: number;
  readonly rects: readonly SVGRectElement[];
  readonly values: Float64Array;
  readonly levels: Int16Array;
  cellTitle: (cell: Cell) => string;
};

const drawnHeatmaps = new WeakMap<Element, DrawnHeatmap>();

function cellOf(drawn: DrawnHeatmap, rect: SVGRectElement): Cell {
  const row = Number(rect.dataset['row']);
  const col = Number(rect.dataset['col']);
  return { row, col, value: drawn.values[row * drawn.cols + col]! };
}

/** Writes `rect`'s tooltip (a <title>, which browsers show on hover) from the value it shows now. */
function writeTitle(drawn: DrawnHeatmap, rect: SVGRectElement): void {
  let title = rect.firstElementChild;
  if (title === null) title = rect.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'title'));
  title.textContent = drawn.cellTitle(cellOf(drawn, rect));
}

/**
 * Tooltips are written when the pointer reaches a cell, not for every cell on every update: a
 * thousand <title>s rewritten per slider step cost more than the rest of the recolouring. A cell
 * that has one keeps it up to date (see recolorHeatmap), so a tooltip never shows an old value.
 */
function titleOnHover(chart: HTMLElement): void {
  chart.addEventListener('pointerover', (event) => {
    const drawn = drawnHeatmaps.get(chart);
    if (drawn !== undefined && event.target instanceof SVGRectElement && event.target.dataset['row'] !== undefined) {
      writeTitle(drawn, event.target);
    }
  });
}

/**
 * Redraws `existing` (a heatmap from `heatmap`) in place for a new matrix of the same layout:
 * new fills, data-value and tooltips on the same <rect>s, no new nodes. A slider that moves the
 * mask changes only values, and replacing a thousand SVG nodes on every step costs far more than
 * recolouring them. Returns false, changing nothing, when `existing` has another layout.
 */
export function recolorHeatmap(existing: Element | null, matrix: Matrix, options: HeatmapOptions): boolean {
  const drawn = existing === null ? undefined : drawnHeatmaps.get(existing);
  if (drawn === undefined || drawn.signature !== layoutSignature(matrix, options)) return false;
  drawn.cellTitle = options.cellTitle;
  if (drawn.maxLabel !== null && options.color.kind === 'ramp') {
    const text = formatLegendValue(options.color.max);
    if (drawn.maxLabel.textContent !== text) drawn.maxLabel.textContent = text;
  }
  const level = colorLevel(options.color);
  const paint = paintOf(options.color);
  const format = options.formatValue ?? String;
  // Untouched cells stay untouched: an attribute write, even of the same text, restyles the cell.
  drawn.rects.forEach((rect, i) => {
    const value = matrix.data[i]!;
    if (value !== drawn.values[i]) {
      drawn.values[i] = value;
      rect.setAttribute('data-value', format(value));
      if (rect.firstElementChild !== null) writeTitle(drawn, rect);
    }
    const next = level(value);
    if (next !== drawn.levels[i]) {
      drawn.levels[i] = next;
      rect.setAttribute(paint.attribute, paint.value(next));
    }
  });
  return true;
}

export function heatmap(matrix: Matrix, options: HeatmapOptions): HTMLElement {
  const svg = drawHeatmap(matrix, options);
  const chart = document.createElement('div');
  chart.className = 'heatmap';
  const { legend, maxLabel } = legendOf(options.color);
  chart.append(svg, legend);
  if (!(svg instanceof SVGSVGElement)) return chart;
  hideFromAssistiveTech(svg);
  const level = colorLevel(options.color);
  const rects: SVGRectElement[] = [];
  for (const rect of svg.querySelectorAll<SVGRectElement>('rect[data-row]')) {
    rects[Number(rect.dataset['row']) * matrix.cols + Number(rect.dataset['col'])] = rect;
  }
  const { underlay: low } = paintOf(options.color);
  if (low !== undefined && rects[0] !== undefined) rects[0].parentElement?.before(underlay(rects, low));
  const values = Float64Array.from(matrix.data);
  drawnHeatmaps.set(chart, {
    signature: layoutSignature(matrix, options),
    maxLabel,
    cols: matrix.cols,
    rects,
    values,
    levels: Int16Array.from(values, level),
    cellTitle: options.cellTitle,
  });
  titleOnHover(chart);
  return chart;
}

/**
 * Everything of a heatmap but its cells: size, margins for the labels, band axes with the row and
 * column labels (thinned so they never overlap) and their titles. The caller adds the mark that
 * draws the cells (a <rect> each here; a few paths in binary-map.ts).
 */
export function heatmapFrame(matrix: Matrix, options: HeatmapOptions): Plot.PlotOptions {
  const fontSize = fontSizeOf(options);
  const margin = {
    top: Math.round(MARGIN_EM.top * fontSize),
    right: Math.round(MARGIN_EM.right * fontSize),
    bottom: Math.round(MARGIN_EM.bottom * fontSize),
    left: Math.round(MARGIN_EM.left * fontSize),
  };
  const plotWidth = Math.max(1, options.width - margin.left - margin.right);
  const plotHeight = (plotWidth * matrix.rows) / Math.max(1, matrix.cols);
  const indices = (n: number) => Array.from({ length: n }, (_, i) => i);
  const maxTicks = Math.floor(plotWidth / (MIN_TICK_SPACING_EM * fontSize));

  return {
    width: options.width,
    height: Math.round(margin.top + plotHeight + margin.bottom),
    marginTop: margin.top,
    marginRight: margin.right,
    marginBottom: margin.bottom,
    marginLeft: margin.left,
    style: { fontSize: `${fontSize}px`, background: 'transparent' },
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
  };
}

function drawHeatmap(matrix: Matrix, options: HeatmapOptions): SVGSVGElement | HTMLElement {
  const cells = matrixCells(matrix);
  return drawPlot({
    ...heatmapFrame(matrix, options),
    color: { type: 'identity' },
    marks: [
      Plot.cell(cells, {
        x: 'col',
        y: 'row',
        // A binary map's cells each carry their own fill (tagCells), which overrides this one.
        fill: paintOf(options.color).fill ?? 'currentColor',
        inset: 0.5,
        render: tagCells(cells, options),
      }),
    ],
  });
}

/** Recolours the heatmap already in `target` when its layout is the same, else draws a new one there. */
export function showHeatmap(target: HTMLElement, matrix: Matrix, options: HeatmapOptions): void {
  if (!recolorHeatmap(target.firstElementChild, matrix, options)) target.replaceChildren(heatmap(matrix, options));
}
