// Draws one computed update of the norm widget: the table of every number, LayerNorm and RMSNorm
// as paired bars (from x, from x′) with a verdict each, and the residual stream's RMS per layer of
// a pre-norm replica beside ChatGLM-6B. It only arranges numbers the computation returned; each
// drawn bar and cell carries its value in data-value for the tests.
import type { NormResult } from '../../../kernels/demos/norm-demo.ts';
import { maxAbsDiff } from '../../../kernels/tensor.ts';
import { CHATGLM6B_ALPHA } from '../../../kernels/ops/norm/reference.ts';
import { chartSize, textScale, unitsAcross, type ChartSize } from '../../plots/chart-size.ts';
import { linearScale, svgChart, svgElement } from '../../plots/svg.ts';
import { setText } from '../shared/dom-patch.ts';
import { formatDecimal } from '../shared/decimal.ts';
import type { NormStrings } from './strings.ts';

export type NormTargets = {
  readonly table: HTMLTableSectionElement;
  readonly ln: HTMLElement;
  readonly rms: HTMLElement;
  readonly lnVerdict: HTMLElement;
  readonly rmsVerdict: HTMLElement;
};

export type ResidualTargets = { readonly chart: HTMLElement; readonly caption: HTMLElement };

const X_COLOR = 'var(--sl-color-accent)';
const XT_COLOR = 'var(--sl-color-orange)';
/** Text in x′'s colour: plain orange on the light theme's near-white is too faint to read (1.6:1). */
const XT_TEXT_COLOR = 'var(--sl-color-orange-high)';

/** Both norms' outputs lie within ±√H ≤ ±2.83 (H ≤ 8): one fixed axis keeps the panels comparable. */
const NORM_DOMAIN = 3;
/** A norm chart's width in its own units: as wide as its place allows (chart-size.ts) within these. */
const WIDTH = { min: 200, max: 290 };
const HEIGHT = 190;
const MARGIN = { top: 12, bottom: 24, left: 36, right: 8 };

function pairedBars(label: string, a: Float64Array, b: Float64Array, strings: NormStrings, size: ChartSize): SVGSVGElement {
  const width = unitsAcross(size, WIDTH.min, WIDTH.max);
  const chart = svgChart(width, HEIGHT, label, textScale(size));
  const y = linearScale(-NORM_DOMAIN, NORM_DOMAIN, HEIGHT - MARGIN.bottom, MARGIN.top);
  for (const tick of [-3, -2, -1, 0, 1, 2, 3]) {
    chart.append(
      svgElement('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(tick), y2: y(tick), stroke: 'currentColor', 'stroke-opacity': tick === 0 ? 0.6 : 0.15 }),
      svgElement('text', { x: MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, tick < 0 ? `−${-tick}` : String(tick)),
    );
  }
  const slot = (width - MARGIN.left - MARGIN.right) / a.length;
  const bar = (value: number, x: number, width: number, color: string, series: string, index: number) =>
    svgElement('rect', {
      x,
      y: Math.min(y(value), y(0)),
      width,
      height: Math.max(Math.abs(y(value) - y(0)), 0.5),
      fill: color,
      'data-series': series,
      'data-index': index,
      'data-value': value,
    });
  for (let i = 0; i < a.length; i++) {
    const left = MARGIN.left + slot * i + slot * 0.12;
    const width = slot * 0.38;
    const pair = svgElement('g');
    pair.append(
      bar(a[i]!, left, width, X_COLOR, 'x', i),
      bar(b[i]!, left + width, width, XT_COLOR, 'xt', i),
      svgElement('text', { x: MARGIN.left + slot * (i + 0.5), y: HEIGHT - 6, 'text-anchor': 'middle' }, strings.entryLabel(i)),
    );
    pair.append(svgElement('title', {}, `${strings.entryLabel(i)}: ${formatDecimal(a[i]!)} / ${formatDecimal(b[i]!)}`));
    chart.append(pair);
  }
  return chart;
}

function tableRow(name: string, values: Float64Array, stats: string | undefined, role: string): HTMLTableRowElement {
  const row = document.createElement('tr');
  row.dataset['row'] = role;
  const header = document.createElement('th');
  header.scope = 'row';
  header.textContent = name;
  row.append(header);
  values.forEach((value) => {
    const cell = document.createElement('td');
    cell.dataset['value'] = String(value);
    cell.textContent = formatDecimal(value);
    row.append(cell);
  });
  const last = document.createElement('td');
  last.textContent = stats ?? '';
  row.append(last);
  return row;
}

export function drawNorms(targets: NormTargets, result: NormResult, strings: NormStrings): void {
  // Text grows with the widget's (presenter mode); a new size draws this result again.
  const size = chartSize(targets.ln, () => drawNorms(targets, result, strings));
  const { original: o, transformed: t } = result;
  const names = strings.rowNames;
  targets.table.replaceChildren(
    tableRow(names.x, o.input, strings.stats(o.mean, o.rms), 'x'),
    tableRow(names.xt, t.input, strings.stats(t.mean, t.rms), 'xt'),
    tableRow(names.lnX, o.layerNorm, undefined, 'ln-x'),
    tableRow(names.lnXt, t.layerNorm, undefined, 'ln-xt'),
    tableRow(names.rmsX, o.rmsNorm, undefined, 'rms-x'),
    tableRow(names.rmsXt, t.rmsNorm, undefined, 'rms-xt'),
  );
  const lnDiff = maxAbsDiff(o.layerNorm, t.layerNorm);
  const rmsDiff = maxAbsDiff(o.rmsNorm, t.rmsNorm);
  targets.ln.replaceChildren(pairedBars(strings.chartSummary('ln', [...o.layerNorm], [...t.layerNorm]), o.layerNorm, t.layerNorm, strings, size));
  targets.rms.replaceChildren(pairedBars(strings.chartSummary('rms', [...o.rmsNorm], [...t.rmsNorm]), o.rmsNorm, t.rmsNorm, strings, size));
  setText(targets.lnVerdict, strings.verdict('ln', lnDiff));
  setText(targets.rmsVerdict, strings.verdict('rms', rmsDiff));
  targets.lnVerdict.dataset['diff'] = String(lnDiff);
  targets.rmsVerdict.dataset['diff'] = String(rmsDiff);
}

/** A residual panel's width in its own units; two share the row (chart-size.ts). */
const PANEL_WIDTH = { min: 170, max: 260 };
const PANEL_HEIGHT = 180;
/** The gap between the two panels, in pixels (NormWidget.astro's .residual-chart gap: 1rem). */
const PANEL_GAP_PX = 16;
const PANEL_MARGIN = { top: 28, bottom: 40, left: 8, right: 8 };

/** One model's RMS per layer, on its own axis from 0 (the two models differ by 20×). */
function layerPanel(name: string, model: string, rms: readonly number[], strings: NormStrings, alpha: boolean, size: ChartSize): SVGSVGElement {
  const width = unitsAcross({ ...size, width: (size.width - PANEL_GAP_PX) / 2 }, PANEL_WIDTH.min, PANEL_WIDTH.max);
  const chart = svgChart(width, PANEL_HEIGHT, `${name}: ${rms.map(formatDecimal).join(', ')}`, textScale(size));
  chart.dataset['model'] = model;
  const top = Math.max(...rms, alpha ? CHATGLM6B_ALPHA : 0) * 1.15;
  const y = linearScale(0, top, PANEL_HEIGHT - PANEL_MARGIN.bottom, PANEL_MARGIN.top);
  chart.append(svgElement('text', { x: width / 2, y: 14, 'text-anchor': 'middle', 'font-weight': 600 }, name));
  const slot = (width - PANEL_MARGIN.left - PANEL_MARGIN.right) / rms.length;
  rms.forEach((value, l) => {
    const x = PANEL_MARGIN.left + slot * l;
    chart.append(
      svgElement('rect', { x: x + slot * 0.2, y: y(value), width: slot * 0.6, height: y(0) - y(value), fill: X_COLOR, 'data-layer': l, 'data-value': value }),
      svgElement('text', { x: x + slot / 2, y: y(value) - 4, 'text-anchor': 'middle' }, formatDecimal(value)),
      svgElement('text', { x: x + slot / 2, y: PANEL_HEIGHT - 22, 'text-anchor': 'middle' }, strings.layerLabel(l)),
    );
  });
  chart.append(svgElement('line', { x1: PANEL_MARGIN.left, x2: width - PANEL_MARGIN.right, y1: y(0), y2: y(0), stroke: 'currentColor' }));
  if (alpha) {
    chart.append(
      svgElement('line', { x1: PANEL_MARGIN.left, x2: width - PANEL_MARGIN.right, y1: y(CHATGLM6B_ALPHA), y2: y(CHATGLM6B_ALPHA), stroke: XT_COLOR, 'stroke-dasharray': '4 3' }),
      svgElement('text', { x: width - PANEL_MARGIN.right, y: PANEL_HEIGHT - 6, 'text-anchor': 'end', fill: XT_TEXT_COLOR }, `- - ${strings.alphaLine}`),
    );
  }
  return chart;
}

export function drawResidual(
  targets: ResidualTargets,
  pre: { readonly model: string; readonly name: string; readonly rms: readonly number[] },
  post: { readonly model: string; readonly name: string; readonly rms: readonly number[] },
  strings: NormStrings,
): void {
  const size = chartSize(targets.chart, () => drawResidual(targets, pre, post, strings));
  targets.chart.replaceChildren(
    layerPanel(pre.name, pre.model, pre.rms, strings, false, size),
    layerPanel(post.name, post.model, post.rms, strings, true, size),
  );
  setText(targets.caption, strings.residualCaption(pre.name, pre.rms, post.rms));
}
