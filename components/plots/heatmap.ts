// A matrix heatmap (rows × columns of cells) for masks, attention probabilities, ALiBi's bias and
// RoPE's unseen angles, with its colour legend. Data and options in, a detached element out; the
// caller places it (or `showHeatmap` keeps one in a target). It remembers what it drew, so new values
// of the same layout only repaint the cells, without a single new node, and a new layout keeps the
// canvas and draws only the labels again.
//
// The cells are painted on one <canvas>, the labels are SVG text around it. One element per cell
// (Plot's way) made every new prompt or slider step hand the browser hundreds of new nodes to style
// and lay out, which cost more than the computation it showed; a canvas is one node whatever the
// size. The canvas has devicePixelRatio pixels per CSS pixel, so cells stay crisp.
//
// Drawn at the width it is shown at (the caller measures it, see chart-size.ts), never scaled, so its
// text is `fontSize` pixels on screen: 12 or more. Colours come from the page's CSS (theme
// variables), read once per theme; switching the theme repaints every heatmap on the page.
//
// The canvas carries data-rows, data-cols and data-values (every value as drawn, row-major, space
// separated), so tests and text alternatives read the numbers that were drawn rather than guessing
// from colours. The value under the pointer is its tooltip.
import { formatLegendValue, legendOf } from './heatmap-legend.ts';
import { cellAt, heatmapLayout, largestCells, levelOf, mixRgb, parseRgb, RAMP_LEVELS, rgbText, type HeatmapLayout, type Rgb } from './heatmap-layout.ts';
import { PLOT_CLASS } from './plot-style.ts';
import type { Cell, Matrix } from './shape.ts';
import { svgElement } from './svg.ts';

export type HeatmapColor =
  /** Two colours for a 0/1 matrix (a mask): `on` where the value is positive; the legend names both. */
  | { readonly kind: 'binary'; readonly on: string; readonly off: string; readonly onLabel: string; readonly offLabel: string }
  /**
   * A ramp from `low` at 0 to `high` at `max` (probabilities); the legend says what the values are.
   * `masked`: NaN cells (keys the mask hides) get this colour and their own legend entry, so they
   * do not read as the ramp's 0.
   */
  | {
      readonly kind: 'ramp';
      readonly low: string;
      readonly high: string;
      readonly max: number;
      readonly label: string;
      readonly masked?: { readonly color: string; readonly label: string };
    };

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
  /** Tooltip of one cell (and how the text alternative names the largest cells). */
  readonly cellTitle: (cell: Cell) => string;
  /** How a value is written into data-values; defaults to String(value). */
  readonly formatValue?: (value: number) => string;
};

/** How many of a ramp's largest cells the text alternative names. */
const LARGEST_NAMED = 3;

/**
 * A chart's label for screen readers: the caller's summary (what and which shape), then, for a
 * ramp, its largest cells as their tooltips say them. A binary map's cells are all 0 or 1; its
 * caller lists its rows instead.
 */
export function heatmapLabel(summary: string, matrix: Matrix, options: Pick<HeatmapOptions, 'color' | 'cellTitle'>): string {
  if (options.color.kind === 'binary') return summary;
  return [summary, ...largestCells(matrix, LARGEST_NAMED).map(options.cellTitle)].join('; ');
}

// --- Colours: CSS (theme variables) → RGB, once per theme -------------------------------------

const resolved = new Map<string, Rgb>();

/** `css` (a colour or var(…)) as the current theme draws it. Reading a style costs a style update, so each colour is read once. */
function rgbOf(css: string): Rgb {
  let rgb = resolved.get(css);
  if (rgb === undefined) {
    const probe = document.createElement('span');
    probe.style.color = css;
    probe.hidden = true;
    document.body.append(probe);
    rgb = parseRgb(getComputedStyle(probe).color);
    probe.remove();
    resolved.set(css, rgb);
  }
  return rgb;
}

/** The fill of each level: two for a binary map; for a ramp, RAMP_LEVELS + 1 shades, then the masked cells'. */
function shadesOf(color: HeatmapColor): string[] {
  if (color.kind === 'binary') return [rgbText(rgbOf(color.off)), rgbText(rgbOf(color.on))];
  const [low, high] = [rgbOf(color.low), rgbOf(color.high)];
  const ramp = Array.from({ length: RAMP_LEVELS + 1 }, (_, level) => rgbText(mixRgb(low, high, level / RAMP_LEVELS)));
  return [...ramp, rgbText(rgbOf(color.masked?.color ?? color.low))]; // the last is MASKED_LEVEL's
}

// --- What a drawn heatmap remembers ----------------------------------------------------------

type DrawnHeatmap = {
  readonly frame: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** What fixes the labels and sizes (see layoutSignature), and what it gave. */
  signature: string;
  layout: HeatmapLayout;
  /** The legend's label of the ramp's top value, if it has one. */
  maxLabel: HTMLElement | null;
  matrix: Matrix;
  options: HeatmapOptions;
  /** The cell under the pointer, whose value the tooltip says. */
  hovered: { readonly row: number; readonly col: number } | undefined;
};

const drawnHeatmaps = new WeakMap<Element, DrawnHeatmap>();
/** Every heatmap drawn, to repaint in the colours of a new theme (those no longer in the page are dropped). */
const onPage = new Set<DrawnHeatmap>();

/**
 * What fixes a heatmap's layout: when it is unchanged, a new matrix only repaints the cells.
 * Values (and so a ramp's max) may change; shape, labels, titles and colours may not.
 */
function layoutSignature(matrix: Matrix, options: HeatmapOptions): string {
  const { color } = options;
  const colors = color.kind === 'binary' ? [color.on, color.off, color.onLabel, color.offLabel] : [color.low, color.high, color.label];
  return JSON.stringify([matrix.rows, matrix.cols, options.width, options.fontSize, options.rowLabels, options.colLabels, options.rowTitle, options.colTitle, color.kind, colors]);
}

/** The values as they are now: the caller may reuse its buffer, and the tooltip reads them later. */
const copyOf = (matrix: Matrix): Matrix => ({ rows: matrix.rows, cols: matrix.cols, data: Float64Array.from(matrix.data) });

// --- Painting ----------------------------------------------------------------------------------

/** Paints every cell of `drawn.matrix` and writes its values onto the canvas. */
function paint(drawn: DrawnHeatmap): void {
  const { canvas, layout, matrix, options } = drawn;
  const ratio = window.devicePixelRatio || 1;
  const [width, height] = [Math.round(layout.plotWidth * ratio), Math.round(layout.plotHeight * ratio)];
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  if (context === null) return;
  context.clearRect(0, 0, width, height);
  // Cell edges on whole device pixels, so neighbours neither overlap nor blur; a one-pixel gap
  // between cells big enough to show it (as a grid of tiles reads better than a solid block).
  const edges = (count: number) => Array.from({ length: count + 1 }, (_, i) => Math.round(i * layout.cell * ratio));
  const [xs, ys] = [edges(matrix.cols), edges(matrix.rows)];
  const gap = layout.cell >= 6 ? Math.max(1, Math.round(ratio)) : 0;
  const shades = shadesOf(options.color);
  const level = levelOf(options.color);
  const format = options.formatValue ?? String;
  const values: string[] = [];
  const levels = new Uint8Array(matrix.rows * matrix.cols);
  for (let i = 0; i < levels.length; i++) {
    const value = matrix.data[i] as number;
    values.push(format(value));
    levels[i] = level(value);
  }
  // Without gaps, a run of equal cells in a row is one rectangle (a binary map is mostly runs); a
  // colour is set only when it changes, as parsing a fill costs more than filling.
  let shade = -1;
  for (let row = 0; row < matrix.rows; row++) {
    for (let col = 0; col < matrix.cols; ) {
      const at = levels[row * matrix.cols + col]!;
      let end = col + 1;
      if (gap === 0) while (end < matrix.cols && levels[row * matrix.cols + end] === at) end += 1;
      if (at !== shade) context.fillStyle = shades[(shade = at)]!;
      context.fillRect(xs[col]!, ys[row]!, xs[end]! - xs[col]! - gap, ys[row + 1]! - ys[row]! - gap);
      col = end;
    }
  }
  canvas.dataset['values'] = values.join(' ');
  writeTitle(drawn);
  if (drawn.maxLabel !== null && options.color.kind === 'ramp') {
    const text = formatLegendValue(options.color.max);
    if (drawn.maxLabel.textContent !== text) drawn.maxLabel.textContent = text;
  }
}

/** A new theme: every colour is read again and every heatmap still on the page repainted. */
function repaintForTheme(): void {
  resolved.clear();
  for (const drawn of onPage) {
    if (drawn.canvas.isConnected) paint(drawn);
    else onPage.delete(drawn);
  }
}

if (typeof MutationObserver !== 'undefined' && typeof document !== 'undefined') {
  new MutationObserver(repaintForTheme).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

// --- Labels --------------------------------------------------------------------------------------

/** Tick length and the gap between a tick and its label, in CSS pixels (Plot's defaults). */
const TICK = 6;
const TICK_GAP = 3;

/**
 * The axes as SVG: row labels on the left, column labels on top (rotated so long tokens fit), one
 * path for all the ticks, and the two titles. Text is currentColor at the chart's text size.
 */
function axesOf(layout: HeatmapLayout, options: HeatmapOptions): SVGSVGElement {
  const { width, height, left, top, cell, fontSize } = layout;
  const svg = svgElement('svg', { class: PLOT_CLASS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-size': fontSize, fill: 'currentColor', 'aria-hidden': 'true' });
  const ticks: string[] = [];
  for (const col of layout.colTicks) {
    const x = left + (col + 0.5) * cell;
    const y = top - TICK - TICK_GAP;
    ticks.push(`M${x},${top - TICK}v${TICK}`);
    svg.append(svgElement('text', { x, y, dy: '0.32em', 'text-anchor': 'start', transform: `rotate(-60 ${x} ${y})` }, options.colLabels[col] ?? String(col)));
  }
  for (const row of layout.rowTicks) {
    const y = top + (row + 0.5) * cell;
    ticks.push(`M${left - TICK},${y}h${TICK}`);
    svg.append(svgElement('text', { x: left - TICK - TICK_GAP, y, dy: '0.32em', 'text-anchor': 'end' }, options.rowLabels[row] ?? String(row)));
  }
  // Both titles sit above the row labels, the column title on the first line, the row title on the
  // last line of the top margin. The column labels lean right from their columns, so nothing is
  // drawn there; at the top right a long token's label (ChatGLM's "14 [gMASK]") ran into the title.
  svg.append(
    svgElement('path', { d: ticks.join(''), stroke: 'currentColor', fill: 'none' }),
    svgElement('text', { x: 0, y: top - TICK - TICK_GAP, 'text-anchor': 'start' }, options.rowTitle),
    svgElement('text', { x: 0, y: fontSize, 'text-anchor': 'start' }, options.colTitle),
  );
  return svg;
}

// --- The chart -------------------------------------------------------------------------------

/** The tooltip: the hovered cell's value as it is now (a repaint under a still pointer rewrites it). */
function writeTitle(drawn: DrawnHeatmap): void {
  const { canvas, hovered, matrix, options } = drawn;
  if (hovered === undefined || hovered.row >= matrix.rows || hovered.col >= matrix.cols) return canvas.removeAttribute('title');
  canvas.title = options.cellTitle({ ...hovered, value: matrix.data[hovered.row * matrix.cols + hovered.col] as number });
}

/** The tooltip names the cell under the pointer, written as the pointer moves. */
function titleOnHover(drawn: DrawnHeatmap): void {
  const { canvas } = drawn;
  canvas.addEventListener('pointermove', (event) => {
    const cell = cellAt(drawn.layout, event.offsetX, event.offsetY);
    if (cell?.row === drawn.hovered?.row && cell?.col === drawn.hovered?.col) return;
    drawn.hovered = cell;
    writeTitle(drawn);
  });
  canvas.addEventListener('pointerleave', () => {
    drawn.hovered = undefined;
    writeTitle(drawn);
  });
}

/**
 * Sizes the frame and canvas for `drawn.matrix` and `drawn.options`, and draws the labels and legend
 * anew. The canvas itself stays: a new one would need a new drawing context, which costs more than
 * painting it.
 */
function layOut(chart: HTMLElement, drawn: DrawnHeatmap): void {
  const { frame, canvas, matrix, options } = drawn;
  const layout = heatmapLayout(matrix.rows, matrix.cols, options.width, options.fontSize ?? 0);
  Object.assign(frame.style, { width: `${layout.width}px`, height: `${layout.height}px` });
  Object.assign(canvas.style, { left: `${layout.left}px`, top: `${layout.top}px`, width: `${layout.plotWidth}px`, height: `${layout.plotHeight}px` });
  canvas.dataset['rows'] = String(matrix.rows);
  canvas.dataset['cols'] = String(matrix.cols);
  frame.replaceChildren(axesOf(layout, options), canvas);
  const { legend, maxLabel } = legendOf(options.color);
  chart.replaceChildren(frame, legend);
  drawn.signature = layoutSignature(matrix, options);
  drawn.layout = layout;
  drawn.maxLabel = maxLabel;
}

/** A new heatmap, detached; the caller places it. */
export function heatmap(matrix: Matrix, options: HeatmapOptions): HTMLElement {
  if (matrix.data.length !== matrix.rows * matrix.cols) throw new Error(`heatmap: ${matrix.data.length} values for ${matrix.rows}×${matrix.cols}`);
  const chart = document.createElement('div');
  chart.className = 'heatmap';
  const frame = document.createElement('div');
  frame.className = 'heatmap-frame';
  const canvas = document.createElement('canvas');
  canvas.className = 'heatmap-cells';
  canvas.setAttribute('aria-hidden', 'true');
  const drawn: DrawnHeatmap = { frame, canvas, signature: '', layout: heatmapLayout(0, 0, 0, 0), maxLabel: null, matrix: copyOf(matrix), options, hovered: undefined };
  layOut(chart, drawn);
  paint(drawn);
  drawnHeatmaps.set(chart, drawn);
  for (const old of onPage) if (!old.canvas.isConnected) onPage.delete(old);
  onPage.add(drawn);
  titleOnHover(drawn);
  return chart;
}

/**
 * Shows `matrix` in the heatmap already in `target` (the same canvas, repainted; labels drawn again
 * only when the layout changed), or draws a new heatmap there.
 */
export function showHeatmap(target: HTMLElement, matrix: Matrix, options: HeatmapOptions): void {
  const chart = target.firstElementChild;
  const drawn = chart instanceof HTMLElement ? drawnHeatmaps.get(chart) : undefined;
  if (chart === null || drawn === undefined) return void target.replaceChildren(heatmap(matrix, options));
  if (matrix.data.length !== matrix.rows * matrix.cols) throw new Error(`heatmap: ${matrix.data.length} values for ${matrix.rows}×${matrix.cols}`);
  drawn.matrix = copyOf(matrix);
  drawn.options = options;
  if (drawn.signature !== layoutSignature(matrix, options)) layOut(chart as HTMLElement, drawn);
  paint(drawn);
}
