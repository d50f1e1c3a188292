// Draws one computed update of the quantization widget: the two top-5 lists side by side (a
// quantized token that differs from the original's at the same rank is marked), the KL, the error
// and the bytes, and the error-against-bits chart. It only arranges numbers the computation
// returned; cells and lines carry their values in data attributes for the tests.
import { chartSize } from '../../plots/chart-size.ts';
import { lineChart } from '../../plots/line-chart.ts';
import { setText } from '../shared/dom-patch.ts';
import type { QuantRun } from './live.ts';
import type { QuantState } from './state.ts';
import type { QuantStrings } from './strings.ts';

export type QuantTargets = {
  readonly rows: HTMLTableSectionElement;
  readonly quantizedHeader: HTMLElement;
  readonly kl: HTMLElement;
  readonly sameTop: HTMLElement;
  readonly error: HTMLElement;
  readonly bytes: HTMLElement;
  readonly bytesDetail: HTMLElement;
  readonly chart: HTMLElement;
};

const percent = (p: number) => `${(100 * p).toFixed(1)}%`;
const small = (x: number) => (x === 0 ? '0' : x < 1e-3 ? x.toExponential(1) : x.toPrecision(3));

function cell(text: string, className: string, data: Record<string, string> = {}): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  for (const [key, value] of Object.entries(data)) td.dataset[key] = value;
  return td;
}

export function drawQuantization(targets: QuantTargets, run: QuantRun, state: QuantState, strings: QuantStrings): void {
  const { comparison, tokens } = run;
  targets.rows.replaceChildren(
    ...comparison.original.map((original, i) => {
      const quantized = comparison.quantized[i]!;
      const row = document.createElement('tr');
      row.dataset['rank'] = String(i + 1);
      const changed = quantized.id !== original.id ? { changed: '' } : {};
      row.append(
        cell(String(i + 1), 'rank'),
        cell(tokens.original[i]!, 'token', { side: 'original', id: String(original.id) }),
        cell(percent(original.prob), 'p', { prob: String(original.prob) }),
        cell(tokens.quantized[i]!, 'token', { side: 'quantized', id: String(quantized.id), ...changed }),
        cell(percent(quantized.prob), 'p', { prob: String(quantized.prob) }),
      );
      return row;
    }),
  );
  setText(targets.quantizedHeader, strings.quantizedHeader(state.bits));
  setText(targets.kl, strings.klLine(small(comparison.kl)));
  targets.kl.dataset['value'] = String(comparison.kl);
  setText(targets.sameTop, strings.sameTop(comparison.original[0]?.id === comparison.quantized[0]?.id));
  setText(targets.error, strings.errorLine(small(run.meanAbsError)));
  targets.error.dataset['value'] = String(run.meanAbsError);
  setText(targets.bytes, strings.bytesLine(run.bytes.total, run.bytes.fp16));
  targets.bytes.dataset['bytes'] = String(run.bytes.total);
  setText(targets.bytesDetail, strings.bytesDetail(run.bytes.linear, run.bytes.groupOverhead, run.bytes.kept));
  drawChart(targets.chart, run, state, strings);
}

const COLORS = ['var(--sl-color-accent)', 'var(--sl-color-gray-3)'] as const;

function drawChart(target: HTMLElement, run: QuantRun, state: QuantState, strings: QuantStrings): void {
  const { width, fontSize } = chartSize(target, () => drawChart(target, run, state, strings), 320);
  const chart = lineChart({
    series: run.series.map((s, i) => ({
      name: strings.seriesName(s.groupSize),
      x: s.points.map((p) => p.bits),
      y: s.points.map((p) => p.meanAbsError),
      color: COLORS[i]!,
      dashed: i > 0,
      dots: true,
    })),
    width,
    height: Math.round(16 * fontSize),
    fontSize,
    xLabel: strings.chartX,
    yLabel: strings.chartY,
    yType: 'log',
    yTickFormat: '.0e',
    marker: { x: state.bits, label: `b = ${state.bits}`, color: 'var(--sl-color-accent-high)' },
  });
  const legend = document.createElement('p');
  legend.className = 'caption';
  legend.append(
    ...run.series.map((s, i) => {
      // The line's colour on a swatch, the text in the page's own colour (readable in both themes).
      const item = document.createElement('span');
      item.style.marginInlineEnd = '1em';
      const swatch = document.createElement('span');
      swatch.setAttribute('aria-hidden', 'true');
      Object.assign(swatch.style, { display: 'inline-block', width: '1.5em', marginInlineEnd: '0.35em', verticalAlign: 'middle', borderTop: `3px ${i > 0 ? 'dashed' : 'solid'} ${COLORS[i]!}` });
      item.append(swatch, strings.seriesName(s.groupSize));
      return item;
    }),
  );
  target.replaceChildren(chart, legend);
  target.setAttribute('aria-label', run.series.map((s) => strings.chartSummary(s.groupSize, s.points.map((p) => ({ bits: p.bits, value: small(p.meanAbsError) })))).join(' '));
}
