// The arithmetic of a heatmap, apart from the DOM so it can be tested in Node: where the cells and
// the labels go, which colour a value gets, which cell lies under the pointer, and which cells hold
// the largest values (for the text alternative). components/plots/heatmap.ts draws with it.
import { largestIndices } from '../../kernels/largest.ts';
import { MIN_FONT_PX } from './chart-size.ts';
import { tickPositions, type Cell, type Matrix } from './shape.ts';

/** Margins in em of the text size: the rotated key labels on top, the query labels on the left. */
const MARGIN_EM = { top: 6.4, right: 0.8, bottom: 0.8, left: 7.2 };
/** Tick labels closer than this (em) would overlap. */
const MIN_TICK_SPACING_EM = 1.2;

/** Where everything of a rows × cols heatmap goes, in CSS pixels. Cells are square. */
export type HeatmapLayout = {
  readonly width: number;
  readonly height: number;
  readonly fontSize: number;
  /** The cells' area: its top left corner and its size. */
  readonly left: number;
  readonly top: number;
  readonly plotWidth: number;
  readonly plotHeight: number;
  /** One cell's side. */
  readonly cell: number;
  /** The rows and columns that get a label (all of them when they fit, else every k-th). */
  readonly rowTicks: readonly number[];
  readonly colTicks: readonly number[];
};

/** The layout of a `rows` × `cols` heatmap drawn `width` pixels wide with text of `fontSize` (at least 12). */
export function heatmapLayout(rows: number, cols: number, width: number, fontSize: number): HeatmapLayout {
  const size = Math.max(MIN_FONT_PX, fontSize);
  const em = (x: number) => Math.round(x * size);
  const [left, top, right, bottom] = [em(MARGIN_EM.left), em(MARGIN_EM.top), em(MARGIN_EM.right), em(MARGIN_EM.bottom)];
  const cell = Math.max(1, width - left - right) / Math.max(1, cols);
  const plotWidth = cell * cols;
  const plotHeight = cell * rows;
  const maxTicks = Math.floor(plotWidth / (MIN_TICK_SPACING_EM * size));
  return {
    width,
    height: Math.round(top + plotHeight + bottom),
    fontSize: size,
    left,
    top,
    plotWidth,
    plotHeight,
    cell,
    rowTicks: tickPositions(rows, maxTicks),
    colTicks: tickPositions(cols, maxTicks),
  };
}

/** The cell under a point given in pixels from the cells' top left corner, if any. */
export function cellAt(layout: HeatmapLayout, x: number, y: number): { row: number; col: number } | undefined {
  const col = Math.floor(x / layout.cell);
  const row = Math.floor(y / layout.cell);
  const rows = Math.round(layout.plotHeight / layout.cell);
  const cols = Math.round(layout.plotWidth / layout.cell);
  return row >= 0 && row < rows && col >= 0 && col < cols ? { row, col } : undefined;
}

/** A colour as red, green and blue in 0..255 (sRGB). */
export type Rgb = readonly [number, number, number];

/**
 * An sRGB colour from what getComputedStyle returns for it: `rgb(r, g, b)`, `rgba(r, g, b, a)` or
 * the space-separated forms, channels in 0..255; `color(srgb r g b)` with channels in 0..1.
 */
export function parseRgb(css: string): Rgb {
  const srgb = /^color\(srgb\s+([\d.e+-]+)\s+([\d.e+-]+)\s+([\d.e+-]+)/.exec(css);
  if (srgb !== null) return [1, 2, 3].map((i) => Math.round(255 * Number(srgb[i]))) as unknown as Rgb;
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(css);
  if (rgb === null) throw new Error(`parseRgb: cannot read the colour ${JSON.stringify(css)}`);
  return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
}

/** `low` → `high` at t in [0, 1], mixed per channel in sRGB (as a CSS linear-gradient draws it). */
export function mixRgb(low: Rgb, high: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(low[i]! + (high[i]! - low[i]!) * t)) as unknown as Rgb;
}

export const rgbText = ([r, g, b]: Rgb) => `rgb(${r} ${g} ${b})`;

/** Colour levels of a ramp: a value is drawn in one of RAMP_LEVELS + 1 shades from `low` to `high`. */
export const RAMP_LEVELS = 100;

/** A ramp's level for NaN, a cell with no value (a masked key): drawn apart from every value, 0 included. */
export const MASKED_LEVEL = RAMP_LEVELS + 1;

/**
 * A cell's shade as a small integer: 0/1 for a binary map (1 where the value is positive), the step
 * along the ramp for a ramp from 0 to `max` (values outside are clamped), MASKED_LEVEL for NaN.
 */
export function levelOf(color: { readonly kind: 'binary' } | { readonly kind: 'ramp'; readonly max: number }): (value: number) => number {
  if (color.kind === 'binary') return (value) => (value > 0 ? 1 : 0);
  const max = color.max > 0 ? color.max : 1;
  return (value) => (Number.isNaN(value) ? MASKED_LEVEL : Math.round(RAMP_LEVELS * Math.min(1, Math.max(0, value / max))));
}

/** The `count` cells with the largest values, largest first (ties in row-major order). */
export function largestCells(matrix: Matrix, count: number): Cell[] {
  const value = (i: number) => matrix.data[i] as number;
  return largestIndices(matrix.rows * matrix.cols, value, count).map((i) => ({ row: Math.floor(i / matrix.cols), col: i % matrix.cols, value: value(i) }));
}
