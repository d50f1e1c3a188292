// The ALiBi widget's two charts over distance (score, and the last query's attention): lines over
// d = 0 … T−1, the distances past the training length shaded, drawn by hand in SVG.
//
// Why not Observable Plot, as before: the length slider changes T, so every step drew both charts
// anew, and Plot's scales, axes and marks cost more per step than the computation and the other
// charts together. These are a dozen elements each. Text is `fontSize` px (12, more in presenter
// mode) at the width the chart is shown at; every series' line carries data-series.
import type { ChartSize } from '../../plots/chart-size.ts';
import { linearScale, minusSign, niceTicks, svgElement } from '../../plots/svg.ts';

export type DistanceSeries = {
  readonly name: string;
  /** values[d]: the value at distance d. */
  readonly values: ArrayLike<number>;
  readonly color: string;
  /** Also fill the area under the line (faintly). */
  readonly area?: boolean;
};

export type DistanceChartOptions = {
  readonly series: readonly DistanceSeries[];
  /** The y axis's range; the default covers every value. */
  readonly yDomain?: readonly [number, number];
  /** Distances from here on are shaded and labelled `pastLabel`. */
  readonly trainLength: number;
  readonly pastLabel: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** The chart's height in lines of its text. */
  readonly heightEm: number;
};

/** Room for the labels, in em of the chart's text: tick labels left and below, the y label on top. */
const MARGIN_EM = { top: 2, right: 1, bottom: 3, left: 4 };

function extent(series: readonly DistanceSeries[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const { values } of series) {
    for (let d = 0; d < values.length; d++) {
      low = Math.min(low, values[d]!);
      high = Math.max(high, values[d]!);
    }
  }
  return low < high ? [low, high] : [low - 1, low + 1];
}

export function distanceChart(size: ChartSize, options: DistanceChartOptions): SVGSVGElement {
  const { width, fontSize } = size;
  const height = Math.round(options.heightEm * fontSize);
  const [top, right, bottom, left] = [MARGIN_EM.top, MARGIN_EM.right, MARGIN_EM.bottom, MARGIN_EM.left].map((em) => em * fontSize) as [number, number, number, number];
  const last = Math.max(1, ...options.series.map((s) => s.values.length - 1));
  const [y0, y1] = options.yDomain ?? extent(options.series);
  const x = linearScale(0, last, left, width - right);
  const y = linearScale(y0, y1, height - bottom, top);
  const svg = svgElement('svg', { width, height, viewBox: `0 0 ${width} ${height}`, 'font-size': fontSize, fill: 'currentColor', 'aria-hidden': 'true' });

  if (last >= options.trainLength) {
    svg.append(
      svgElement('rect', { x: x(options.trainLength), y: top, width: x(last) - x(options.trainLength), height: height - bottom - top, fill: 'var(--sl-color-gray-5)', 'fill-opacity': 0.35 }),
      // Above the plot, right-aligned over the shade's end: inside it, the label sat on RoPE's line
      // (which stays near 0, at the top of the score chart).
      svgElement('text', { x: width - right, y: top - 0.35 * fontSize, 'text-anchor': 'end' }, options.pastLabel),
    );
  }
  // Grid lines and their labels: about one every 3 em across, one every 2.5 em up.
  const grid: string[] = [];
  for (const t of niceTicks(y0, y1, Math.max(2, Math.floor((height - top - bottom) / (2.5 * fontSize))))) {
    grid.push(`M${left},${y(t)}H${width - right}`);
    svg.append(svgElement('text', { x: left - 6, y: y(t), dy: '0.32em', 'text-anchor': 'end' }, minusSign(t)));
  }
  const ticks: string[] = [];
  for (const t of niceTicks(0, last, Math.max(2, Math.floor((width - left - right) / (3 * fontSize))))) {
    ticks.push(`M${x(t)},${height - bottom}v6`);
    svg.append(svgElement('text', { x: x(t), y: height - bottom + 9, dy: '0.71em', 'text-anchor': 'middle' }, String(t)));
  }
  svg.append(
    svgElement('path', { d: grid.join(''), stroke: 'currentColor', 'stroke-opacity': 0.1, fill: 'none' }),
    svgElement('path', { d: `${ticks.join('')}M${left},${height - bottom}H${width - right}`, stroke: 'currentColor', fill: 'none' }),
    svgElement('text', { x: 0, y: 0, dy: '1em', 'text-anchor': 'start' }, `↑ ${options.yLabel}`),
    svgElement('text', { x: width - right, y: height, dy: '-0.32em', 'text-anchor': 'end' }, `${options.xLabel} →`),
  );

  for (const series of options.series) {
    const points = Array.from({ length: series.values.length }, (_, d) => `${x(d).toFixed(1)},${y(series.values[d]!).toFixed(1)}`);
    if (series.area === true) {
      const base = y(Math.max(y0, Math.min(y1, 0))).toFixed(1);
      svg.append(svgElement('polygon', { points: `${x(0)},${base} ${points.join(' ')} ${x(series.values.length - 1)},${base}`, fill: series.color, 'fill-opacity': 0.35 }));
    }
    svg.append(svgElement('polyline', { points: points.join(' '), fill: 'none', stroke: series.color, 'stroke-width': 2, 'data-series': series.name }));
  }
  return svg;
}
