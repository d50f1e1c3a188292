// A per-position bar chart with Observable Plot: one bar per token position, coloured by whether
// its value is above a threshold ("changed") or not, with one position marked (the probe). Zero
// bars are invisible, so unchanged positions also get a hollow dot on the axis.
//
// Every bar's <rect> carries data-index, data-value and data-changed. A drawn chart remembers its
// bars, so `updatePositionBars` can show new values of the same layout in place. The chart comes
// without Plot's own <style>: the page styles it (display: block, max-width: 100%, height: auto,
// and white-space: pre for its text).
import * as Plot from '@observablehq/plot';
import { hideFromAssistiveTech } from './accessible.ts';
import { drawPlot } from './plot-style.ts';
import { MIN_FONT_PX } from './chart-size.ts';
import { maxOf, positionValues, tickPositions, type PositionValue } from './shape.ts';

export type PositionBarsOptions = {
  /** One axis label per position. */
  readonly labels: readonly string[];
  /** The position to highlight with a shaded column and a label above it, if any. */
  readonly marked?: number;
  readonly markedLabel?: string;
  /** |value| above this counts as changed. */
  readonly threshold: number;
  readonly changedColor: string;
  readonly unchangedColor: string;
  readonly yTitle: string;
  /** Width in CSS pixels (drawn at that width, never scaled; see chart-size.ts). */
  readonly width: number;
  /** Height in CSS pixels; 16 em of the text by default. */
  readonly height?: number;
  /** Text size in CSS pixels (at least MIN_FONT_PX); the margins for the labels grow with it. */
  readonly fontSize?: number;
  /** Tooltip of one bar. */
  readonly barTitle: (point: PositionValue) => string;
};

/** Margins in em of the text size: the marked label on top, rotated position labels below, the y axis left. */
const MARGIN_EM = { top: 2.4, right: 0.8, bottom: 6.4, left: 5.6 };
/**
 * Tick labels closer than this (em) would overlap. Turned by 60°, neighbours stand only
 * spacing · sin 60° apart, and a Chinese character is a full em tall: at 1.2 em the labels of a
 * 14-token Chinese sentence ran into each other on a phone.
 */
const MIN_TICK_SPACING_EM = 1.5;
const HEIGHT_EM = 16;

const fontSizeOf = (options: PositionBarsOptions) => Math.max(MIN_FONT_PX, options.fontSize ?? MIN_FONT_PX);

/** The top of the y domain before rounding: the largest value, but an all-zero chart keeps an axis. */
function topOf(values: ArrayLike<number>, threshold: number): number {
  return Math.max(maxOf(values), threshold * 10);
}

/** A render transform that writes `tag(datum)`'s attributes onto each drawn element of a mark. */
function tagged<Datum>(
  data: readonly Datum[],
  selector: string,
  tag: (datum: Datum) => Record<string, string>,
): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const group = next?.(index, scales, values, dimensions, context) ?? null;
    group?.querySelectorAll(selector).forEach((element, i) => {
      for (const [name, value] of Object.entries(tag(data[index[i]!]!))) element.setAttribute(name, value);
    });
    return group;
  };
}

/**
 * Everything but the bar heights: when it is unchanged, new values only move the bars (and the
 * marked column, which reaches the top value). The rounded y domain stands for the axis; the
 * changed flags for the colours and the hollow dots.
 */
function layoutOf(points: readonly PositionValue[], top: number, options: PositionBarsOptions): string {
  const yDomain = Plot.scale({ y: { domain: [0, top], nice: true } }).domain;
  const { labels, marked, markedLabel, threshold, changedColor, unchangedColor, yTitle, width, height } = options;
  const changed = points.map((p) => p.changed);
  return JSON.stringify([
    changed,
    yDomain,
    labels,
    marked,
    markedLabel,
    threshold,
    changedColor,
    unchangedColor,
    yTitle,
    width,
    height,
    fontSizeOf(options),
  ]);
}

/** What a drawn chart remembers for in-place updates. */
type DrawnBars = {
  readonly layout: string;
  /** The chart's y scale: value → pixel row, as Plot placed the bars. */
  readonly y: Plot.Scale;
  /** The bars by position, and the values they show. */
  readonly bars: readonly SVGRectElement[];
  readonly values: Float64Array;
  top: number;
  readonly markedColumn: SVGRectElement | null;
  readonly markedText: SVGTextElement | null;
};

const drawnCharts = new WeakMap<Element, DrawnBars>();

/** Places a bar from 0 to `value` the way Plot's barY does: y at the upper end, height ≥ 0. */
function placeBar(rect: SVGRectElement, y: Plot.Scale, value: number): void {
  const y1 = y.apply(0) as number;
  const y2 = y.apply(value) as number;
  rect.setAttribute('y', String(Math.min(y1, y2)));
  rect.setAttribute('height', String(Math.abs(y2 - y1)));
}

/**
 * Moves the bars of `existing` (a chart from `positionBars`) to new values of the same layout (see
 * `layoutOf`) and returns true; returns false, changing nothing, when the layout differs. Drawing
 * the chart again would build a few hundred nodes and a new <style> sheet, which makes the browser
 * restyle the whole page; a slider step usually only changes heights.
 */
export function updatePositionBars(existing: Element | null, values: ArrayLike<number>, options: PositionBarsOptions): boolean {
  const drawn = existing === null ? undefined : drawnCharts.get(existing);
  const points = positionValues(values, options.threshold);
  const top = topOf(values, options.threshold);
  if (drawn === undefined || drawn.layout !== layoutOf(points, top, options)) return false;
  for (const point of points) {
    if (point.value === drawn.values[point.index]) continue;
    drawn.values[point.index] = point.value;
    const bar = drawn.bars[point.index]!;
    placeBar(bar, drawn.y, point.value);
    bar.setAttribute('data-value', String(point.value));
    const title = bar.querySelector('title');
    if (title !== null) title.textContent = options.barTitle(point);
  }
  if (top !== drawn.top) {
    drawn.top = top;
    if (drawn.markedColumn !== null) placeBar(drawn.markedColumn, drawn.y, top);
    // Plot places text with translate(x, y); only y follows the top.
    const transform = drawn.markedText?.getAttribute('transform');
    if (transform) drawn.markedText!.setAttribute('transform', transform.replace(/,[^,)]+\)/, `,${drawn.y.apply(top)})`));
  }
  return true;
}

export function positionBars(values: ArrayLike<number>, options: PositionBarsOptions): SVGSVGElement | HTMLElement {
  const points = positionValues(values, options.threshold);
  const top = topOf(values, options.threshold);
  const fontSize = fontSizeOf(options);
  const em = (n: number) => Math.round(n * fontSize);
  const plotWidth = Math.max(1, options.width - em(MARGIN_EM.left) - em(MARGIN_EM.right));
  const marked = options.marked === undefined ? [] : [options.marked];

  const chart = drawPlot({
    width: options.width,
    height: options.height ?? em(HEIGHT_EM),
    marginTop: em(MARGIN_EM.top),
    marginRight: em(MARGIN_EM.right),
    marginBottom: em(MARGIN_EM.bottom),
    marginLeft: em(MARGIN_EM.left),
    style: { fontSize: `${fontSize}px`, background: 'transparent' },
    x: {
      type: 'band',
      domain: points.map((p) => p.index),
      padding: 0.15,
      ticks: tickPositions(points.length, Math.floor(plotWidth / (MIN_TICK_SPACING_EM * fontSize))),
      tickFormat: (i: number) => options.labels[i] ?? String(i),
      tickRotate: -60,
      label: null,
    },
    // The y title runs along the axis, leaving the top margin to the marked position's label.
    y: { domain: [0, top], nice: true, grid: true, label: options.yTitle, labelAnchor: 'center' },
    color: { type: 'identity' },
    marks: [
      Plot.barY(marked, {
        x: (i: number) => i,
        y: top,
        fill: 'currentColor',
        fillOpacity: 0.1,
        insetLeft: -3,
        insetRight: -3,
        render: tagged(marked, 'rect', () => ({ 'data-role': 'marked' })),
      }),
      Plot.text(marked, {
        x: (i: number) => i,
        y: top,
        text: () => options.markedLabel ?? '',
        dy: -8,
        fontWeight: 'bold',
        fill: 'currentColor',
        render: tagged(marked, 'text', () => ({ 'data-role': 'marked-label' })),
      }),
      Plot.ruleY([0]),
      Plot.barY(points, {
        x: 'index',
        y: 'value',
        fill: (p: PositionValue) => (p.changed ? options.changedColor : options.unchangedColor),
        title: options.barTitle,
        render: tagged(points, 'rect', (p) => ({
          'data-index': String(p.index),
          'data-value': String(p.value),
          'data-changed': String(p.changed),
        })),
      }),
      Plot.dot(
        points.filter((p) => !p.changed),
        { x: 'index', y: 0, r: 2.5, stroke: options.unchangedColor, fill: 'none' },
      ),
    ],
  });

  hideFromAssistiveTech(chart);
  const y = chart.scale('y');
  if (y !== undefined) {
    const bars: SVGRectElement[] = [];
    for (const bar of chart.querySelectorAll<SVGRectElement>('rect[data-index]')) bars[Number(bar.dataset['index'])] = bar;
    drawnCharts.set(chart, {
      layout: layoutOf(points, top, options),
      y,
      bars,
      values: Float64Array.from(points, (p) => p.value),
      top,
      markedColumn: chart.querySelector<SVGRectElement>('rect[data-role="marked"]'),
      markedText: chart.querySelector<SVGTextElement>('text[data-role="marked-label"]'),
    });
  }
  return chart;
}
