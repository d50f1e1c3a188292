// Draws the activation curves: ReLU, GELU, SiLU and the gated product over z, the focused one
// thick, the others thin (each also dashed its own way, so colour is not the only cue), a dashed
// line at z₀ with a dot on each curve, and the readouts beside the chart. It only arranges the
// numbers the computation returned; every dot carries its value in data-value for the tests.
import { ACTIVATIONS, type Activation, type ActivationsResult } from '../../../kernels/demos/ffn-demo.ts';
import { chartSize, textScale, unitsAcross } from '../../plots/chart-size.ts';
import { linearScale, minusSign as minus, niceTicks as ticks, svgChart, svgElement } from '../../plots/svg.ts';
import { patchChildren } from '../shared/dom-patch.ts';
import type { ActivationsStrings } from './strings.ts';

export type CurveTargets = { readonly chart: HTMLElement; readonly readouts: HTMLElement };
export type CurveView = { readonly focus: Activation; readonly z: number; readonly up: number };

export const CURVE_STYLE: Record<Activation, { readonly color: string; readonly dash: string }> = {
  relu: { color: 'var(--sl-color-gray-2)', dash: '2 3' },
  gelu: { color: 'var(--sl-color-green)', dash: '7 3' },
  silu: { color: 'var(--sl-color-accent)', dash: '' },
  gated: { color: 'var(--sl-color-orange)', dash: '' },
};

const HEIGHT = 260;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 36 };

/** The y axis: every curve's range, at least −1..1, with a little room. */
function yDomain(result: ActivationsResult): [number, number] {
  let low = -1;
  let high = 1;
  for (const name of ACTIVATIONS) for (const v of result.curves[name]) (low = Math.min(low, v)), (high = Math.max(high, v));
  const pad = (high - low) * 0.05;
  return [low - pad, high + pad];
}

export function drawCurves(targets: CurveTargets, result: ActivationsResult, view: CurveView, strings: ActivationsStrings): void {
  // Drawn for the width it is shown at, so its text stays 12 px on a phone and grows with the
  // widget's text in presenter mode (the chart's units are then larger than pixels).
  const size = chartSize(targets.chart, () => drawCurves(targets, result, view, strings), 560);
  const scale = textScale(size);
  const width = unitsAcross(size, 280 / scale, 720);
  const chart = svgChart(width, HEIGHT, strings.curvesSummary(view.focus, view.z), scale);
  const [y0, y1] = yDomain(result);
  const z0 = result.z[0]!;
  const z1 = result.z[result.z.length - 1]!;
  const x = linearScale(z0, z1, MARGIN.left, width - MARGIN.right);
  const y = linearScale(y0, y1, HEIGHT - MARGIN.bottom, MARGIN.top);

  for (const t of ticks(y0, y1, 6)) {
    chart.append(
      svgElement('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(t), y2: y(t), stroke: 'currentColor', 'stroke-opacity': t === 0 ? 0.6 : 0.12 }),
      svgElement('text', { x: MARGIN.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, minus(t)),
    );
  }
  for (const t of ticks(z0, z1, 6)) {
    chart.append(
      svgElement('line', { x1: x(t), x2: x(t), y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom, stroke: 'currentColor', 'stroke-opacity': t === 0 ? 0.6 : 0.12 }),
      svgElement('text', { x: x(t), y: HEIGHT - 10, 'text-anchor': 'middle' }, minus(t)),
    );
  }
  chart.append(svgElement('text', { x: width - MARGIN.right, y: HEIGHT - 10 - 14, 'text-anchor': 'end' }, 'z'));

  // The focused curve last, so it lies on top.
  const order = [...ACTIVATIONS.filter((name) => name !== view.focus), view.focus];
  for (const name of order) {
    const values = result.curves[name];
    const points = Array.from(values, (v, i) => `${x(result.z[i]!).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const focused = name === view.focus;
    chart.append(
      svgElement('polyline', {
        points,
        fill: 'none',
        stroke: CURVE_STYLE[name].color,
        'stroke-width': focused ? 3.5 : 1.5,
        'stroke-opacity': focused ? 1 : 0.55,
        'stroke-dasharray': CURVE_STYLE[name].dash,
        'data-curve': name,
        'data-focused': String(focused),
      }),
    );
  }
  chart.append(svgElement('line', { x1: x(view.z), x2: x(view.z), y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom, stroke: 'currentColor', 'stroke-dasharray': '3 3' }));
  for (const name of order) {
    const value = result.at[name];
    chart.append(
      svgElement('circle', {
        cx: x(view.z),
        cy: y(value),
        r: name === view.focus ? 5 : 3.5,
        fill: CURVE_STYLE[name].color,
        stroke: 'var(--sl-color-bg)',
        'data-point': name,
        'data-value': value,
      }),
    );
  }
  targets.chart.replaceChildren(chart);

  patchChildren(
    targets.readouts,
    ACTIVATIONS,
    (name) => `${name}|${result.at[name]}|${view.z}|${view.up}|${name === view.focus}`,
    (name) => {
      const item = document.createElement('li');
      item.dataset['activation'] = name;
      item.dataset['value'] = String(result.at[name]);
      if (name === view.focus) item.dataset['focused'] = '';
      item.textContent = strings.readout(name, view.z, view.up, result.at[name]);
      return item;
    },
  );
}
