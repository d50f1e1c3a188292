// Lines over a numeric x axis with Observable Plot: one or more series, horizontal reference rules
// (a trained length, say), and an optional vertical marker that `moveLineMarker` slides along the
// x axis later without drawing the chart again (a position slider moves only the marker).
//
// Text is `fontSize` px (12 unless the caller asks for more, as presenter mode does) at the chart's
// drawing width; callers pass the width the chart will be shown at, so it is not scaled down below
// that. Margins grow with the text. Every series' path carries data-series; the marker carries
// data-role="marker" and data-x.
import * as Plot from '@observablehq/plot';
import { hideFromAssistiveTech } from './accessible.ts';
import { MIN_FONT_PX } from './chart-size.ts';
import { drawPlot } from './plot-style.ts';

export type LineSeries = {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color: string;
  readonly dashed?: boolean;
  /** Also draw a dot at every point (few points, such as one per frequency pair). */
  readonly dots?: boolean;
};

export type LineRule = { readonly y: number; readonly label: string; readonly color: string };

export type LineChartOptions = {
  readonly series: readonly LineSeries[];
  readonly width: number;
  readonly height: number;
  /** Text size in CSS pixels, at least MIN_FONT_PX (12). */
  readonly fontSize?: number;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly yType?: 'linear' | 'log';
  /** A d3-format specifier for the y ticks ('.0e' keeps small values out of SI prefixes such as "m"). */
  readonly yTickFormat?: string;
  readonly rules?: readonly LineRule[];
  /** Draws a vertical marker at this x (move it with `moveLineMarker`). */
  readonly marker?: { readonly x: number; readonly label: string; readonly color: string };
};

type Point = { readonly x: number; readonly y: number };

const pointsOf = ({ x, y }: LineSeries): Point[] => Array.from({ length: x.length }, (_, i) => ({ x: x[i] as number, y: y[i] as number }));

/** What a drawn chart remembers so its marker can move. */
const markers = new WeakMap<Element, { readonly x: Plot.Scale; readonly line: SVGLineElement; readonly text: SVGTextElement | null }>();

function tagged(selector: string, attributes: Record<string, string>): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const group = next?.(index, scales, values, dimensions, context) ?? null;
    group?.querySelectorAll(selector).forEach((element) => {
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    });
    return group;
  };
}

export function lineChart(options: LineChartOptions): SVGSVGElement | HTMLElement {
  const marks: Plot.Markish[] = [];
  for (const rule of options.rules ?? []) {
    marks.push(Plot.ruleY([rule.y], { stroke: rule.color, strokeDasharray: '6 4' }));
    marks.push(Plot.text([rule.y], { y: (y: number) => y, text: () => rule.label, frameAnchor: 'right', dy: -8, fill: rule.color, fontWeight: 'bold' }));
  }
  for (const series of options.series) {
    const points = pointsOf(series);
    marks.push(
      Plot.line(points, {
        x: 'x',
        y: 'y',
        stroke: series.color,
        strokeWidth: 2,
        ...(series.dashed ? { strokeDasharray: '5 4' } : {}),
        render: tagged('path', { 'data-series': series.name }),
      }),
    );
    if (series.dots) marks.push(Plot.dot(points, { x: 'x', y: 'y', r: 2.5, fill: series.color }));
  }
  const marker = options.marker;
  if (marker !== undefined) {
    marks.push(Plot.ruleX([marker.x], { stroke: marker.color, strokeWidth: 2, render: tagged('line', { 'data-role': 'marker' }) }));
    marks.push(
      Plot.text([marker.x], {
        x: (x: number) => x,
        text: () => marker.label,
        frameAnchor: 'top',
        textAnchor: 'start',
        dx: 4,
        dy: -10,
        fill: marker.color,
        fontWeight: 'bold',
        render: tagged('text', { 'data-role': 'marker-label' }),
      }),
    );
  }
  const fontSize = Math.max(MIN_FONT_PX, options.fontSize ?? MIN_FONT_PX);
  const em = (n: number) => Math.round(n * fontSize);
  const chart = drawPlot({
    width: options.width,
    height: options.height,
    marginTop: em(2),
    marginLeft: em(4.7),
    marginRight: em(1),
    marginBottom: em(3.3),
    style: { fontSize: `${fontSize}px`, background: 'transparent' },
    x: { label: options.xLabel, labelAnchor: 'center', labelArrow: 'none', ticks: Math.max(2, Math.floor(options.width / em(7.5))) },
    y: {
      type: options.yType ?? 'linear',
      label: options.yLabel,
      grid: true,
      labelArrow: 'none',
      ticks: Math.max(2, Math.floor(options.height / em(3.3))),
      ...(options.yTickFormat === undefined ? {} : { tickFormat: options.yTickFormat }),
    },
    marks,
  });
  hideFromAssistiveTech(chart);
  const x = chart.scale('x');
  const line = chart.querySelector<SVGLineElement>('line[data-role="marker"]');
  if (x !== undefined && line !== null && marker !== undefined) {
    line.setAttribute('data-x', String(marker.x));
    markers.set(chart, { x, line, text: chart.querySelector<SVGTextElement>('text[data-role="marker-label"]') });
  }
  return chart;
}

/**
 * Slides the marker of a chart from `lineChart` to `x` with a new label (hidden while x is outside
 * the x domain); false when the chart has no marker.
 */
export function moveLineMarker(chart: Element | null, x: number, label: string): boolean {
  const drawn = chart === null ? undefined : markers.get(chart);
  if (drawn === undefined) return false;
  const [low, high] = drawn.x.domain as [number, number];
  const hidden = x < Math.min(low, high) || x > Math.max(low, high) ? 'hidden' : 'visible';
  const px = String(drawn.x.apply(x));
  drawn.line.setAttribute('visibility', hidden);
  drawn.text?.setAttribute('visibility', hidden);
  drawn.line.setAttribute('x1', px);
  drawn.line.setAttribute('x2', px);
  drawn.line.setAttribute('data-x', String(x));
  if (drawn.text !== null) {
    drawn.text.textContent = label;
    const transform = drawn.text.getAttribute('transform');
    if (transform) drawn.text.setAttribute('transform', transform.replace(/translate\([^,]+,/, `translate(${px},`));
  }
  return true;
}
