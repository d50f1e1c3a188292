// Draws one computed update of the FlashAttention widget: the verdict (largest difference between
// the two outputs), the tile counts, and the traced row's running m and ℓ after each block as two
// line charts and a table. It only arranges numbers the kernels returned; the verdict, every chart
// and every table cell carry their values in data attributes for the tests.
import type { FlashResult } from '../../../kernels/demos/flash-attention-demo.ts';
import { chartSize } from '../../plots/chart-size.ts';
import { lineChart } from '../../plots/line-chart.ts';
import { setAttr, setText } from '../shared/dom-patch.ts';
import { formatDecimal } from '../shared/decimal.ts';
import type { FlashState } from './state.ts';
import type { FlashStrings } from './strings.ts';

export type FlashTargets = {
  readonly verdict: HTMLElement;
  readonly heldPlain: HTMLElement;
  readonly heldTiled: HTMLElement;
  readonly tiles: HTMLElement;
  readonly computed: HTMLElement;
  readonly traceTitle: HTMLElement;
  readonly traceCaption: HTMLElement;
  readonly mChart: HTMLElement;
  readonly ellChart: HTMLElement;
  readonly table: HTMLTableSectionElement;
};

const M_COLOR = 'var(--sl-color-accent-high)';
const ELL_COLOR = 'var(--sl-color-orange)';

function traceChart(target: HTMLElement, name: 'm' | 'ell', values: Float64Array, color: string, strings: FlashStrings, redraw: () => void): void {
  const { width, fontSize } = chartSize(target, redraw);
  const blocks = Array.from(values, (_, j) => j + 1);
  const chart = lineChart({
    series: [{ name, x: blocks, y: values, color, dots: true }],
    width,
    height: 11 * fontSize,
    fontSize,
    xLabel: strings.blockAxis,
    yLabel: name === 'm' ? strings.mAxis : strings.ellAxis,
  });
  target.replaceChildren(chart);
  setAttr(target, 'aria-label', strings.chartSummary(name, [...values]));
  target.dataset['values'] = Array.from(values).join(',');
}

function tableRow(block: number, m: number, ell: number): HTMLTableRowElement {
  const row = document.createElement('tr');
  const header = document.createElement('th');
  header.scope = 'row';
  header.textContent = String(block);
  const cell = (name: string, value: number) => {
    const td = document.createElement('td');
    td.dataset['column'] = name;
    td.dataset['value'] = String(value);
    td.textContent = formatDecimal(value);
    return td;
  };
  row.append(header, cell('m', m), cell('ell', ell));
  return row;
}

export function drawFlash(targets: FlashTargets, result: FlashResult, state: FlashState, strings: FlashStrings): void {
  const { counts } = result;
  setText(targets.verdict, strings.verdict(result.maxDiff));
  targets.verdict.dataset['diff'] = String(result.maxDiff);
  setText(targets.heldPlain, strings.heldPlain(counts, state.N));
  setText(targets.heldTiled, strings.heldTiled(counts));
  setText(targets.tiles, strings.tiles(counts, state.causal));
  setText(targets.computed, strings.computed(counts));
  targets.tiles.dataset['skipped'] = String(counts.skipped);
  targets.heldTiled.dataset['held'] = String(counts.tileHeld);
  setText(targets.traceTitle, strings.traceTitle(state.row));
  setText(targets.traceCaption, strings.traceCaption(state.row, result.m.length, counts.Tc));
  // A new width (a rotated phone, presenter mode) draws the charts again at that width.
  const redraw = () => drawFlash(targets, result, state, strings);
  traceChart(targets.mChart, 'm', result.m, M_COLOR, strings, redraw);
  traceChart(targets.ellChart, 'ell', result.ell, ELL_COLOR, strings, redraw);
  targets.table.replaceChildren(...Array.from(result.m, (m, j) => tableRow(j + 1, m, result.ell[j]!)));
}
