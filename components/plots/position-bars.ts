// A per-position bar chart with Observable Plot: one bar per token position, coloured by whether
// its value is above a threshold ("changed") or not, with one position marked (the probe). Zero
// bars are invisible, so unchanged positions also get a hollow dot on the axis.
//
// Every bar's <rect> carries data-index, data-value and data-changed.
import * as Plot from '@observablehq/plot';
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
  /** Width in CSS pixels. */
  readonly width: number;
  readonly height?: number;
  /** Tooltip of one bar. */
  readonly barTitle: (point: PositionValue) => string;
};

const MARGIN = { top: 24, right: 8, bottom: 64, left: 56 };
const MIN_TICK_SPACING = 12;

function tagBars(points: readonly PositionValue[]): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const group = next?.(index, scales, values, dimensions, context) ?? null;
    group?.querySelectorAll('rect').forEach((rect, i) => {
      const point = points[index[i]!]!;
      rect.setAttribute('data-index', String(point.index));
      rect.setAttribute('data-value', String(point.value));
      rect.setAttribute('data-changed', String(point.changed));
    });
    return group;
  };
}

export function positionBars(values: ArrayLike<number>, options: PositionBarsOptions): SVGSVGElement | HTMLElement {
  const points = positionValues(values, options.threshold);
  const top = Math.max(maxOf(values), options.threshold * 10);
  const plotWidth = Math.max(1, options.width - MARGIN.left - MARGIN.right);
  const marked = options.marked === undefined ? [] : [options.marked];

  return Plot.plot({
    width: options.width,
    height: options.height ?? 200,
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    style: { fontSize: '10px', background: 'transparent' },
    x: {
      type: 'band',
      domain: points.map((p) => p.index),
      padding: 0.15,
      ticks: tickPositions(points.length, Math.floor(plotWidth / MIN_TICK_SPACING)),
      tickFormat: (i: number) => options.labels[i] ?? String(i),
      tickRotate: -60,
      label: null,
    },
    // The y title runs along the axis, leaving the top margin to the marked position's label.
    y: { domain: [0, top], nice: true, grid: true, label: options.yTitle, labelAnchor: 'center' },
    color: { type: 'identity' },
    marks: [
      Plot.barY(marked, { x: (i: number) => i, y: top, fill: 'currentColor', fillOpacity: 0.1, insetLeft: -3, insetRight: -3 }),
      Plot.text(marked, { x: (i: number) => i, y: top, text: () => options.markedLabel ?? '', dy: -8, fontWeight: 'bold', fill: 'currentColor' }),
      Plot.ruleY([0]),
      Plot.barY(points, {
        x: 'index',
        y: 'value',
        fill: (p: PositionValue) => (p.changed ? options.changedColor : options.unchangedColor),
        title: options.barTitle,
        render: tagBars(points),
      }),
      Plot.dot(
        points.filter((p) => !p.changed),
        { x: 'index', y: 0, r: 2.5, stroke: options.unchangedColor, fill: 'none' },
      ),
    ],
  });
}
