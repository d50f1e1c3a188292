// Everything heavy, loaded on the reader's first use and never before: the computation (the ALiBi,
// attention and RoPE graphs through onnxruntime-web, in kernels/demos/alibi-demo.ts) and the charts
// (Observable Plot for the slopes; the charts redrawn on every step are drawn by hand, see
// ./distance-chart.ts and plots/heatmap.ts). The widget only draws what runAlibiDemo returns.
import * as Plot from '@observablehq/plot';
import { attentionBeyond, runAlibiDemo, type AlibiDemoResult } from '../../../kernels/demos/alibi-demo.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { plotInLabelledContainer } from '../../plots/accessible.ts';
import { chartSize, type ChartSize } from '../../plots/chart-size.ts';
import { HEATMAP_COLORS, showHeatmap } from '../../plots/heatmap.ts';
import { swatchLegend } from '../../plots/heatmap-legend.ts';
import { distanceChart } from './distance-chart.ts';
import type { AlibiState } from './state.ts';
import type { AlibiFacts, AlibiStrings } from './strings.ts';

/** The bias heatmap shows at most this many positions, so its labels stay legible. */
export const BIAS_POSITIONS = 32;
const ALIBI_COLOR = 'var(--sl-color-accent)';
const ROPE_COLOR = 'var(--sl-color-orange)';
/**
 * A chart's frame at `size`: its width, a height of `heightEm` text lines, margins for the axis
 * labels and the text size, all growing with the text (larger in presenter mode).
 */
const frameOf = ({ width, fontSize }: ChartSize, heightEm: number) => ({
  width,
  height: heightEm * fontSize,
  marginLeft: 4 * fontSize,
  marginTop: 2 * fontSize,
  marginBottom: 3 * fontSize,
  style: { fontSize: `${fontSize}px`, background: 'transparent', color: 'currentColor' },
});

export async function computeAlibi(state: AlibiState): Promise<AlibiDemoResult> {
  return runAlibiDemo(await browserRuntime(), { heads: state.heads, length: state.length, trainLength: state.trainLength, qk: state.qk });
}

export function factsOf(result: AlibiDemoResult, state: AlibiState): AlibiFacts {
  return {
    head: state.head,
    slope: result.slopes[state.head]!,
    trainLength: state.trainLength,
    length: state.length,
    beyond: attentionBeyond(result.lastRow, state.length, state.head, state.trainLength),
    unseenPairs: result.unseenPairs,
    ropePairs: result.ropePairs,
  };
}

/** What each chart was last drawn from; a chart whose inputs did not change is left as it is. */
const drawnFrom = new WeakMap<HTMLElement, string>();

/** True when `target` already shows `inputs`; otherwise remembers them for next time. */
function alreadyShows(target: HTMLElement, inputs: readonly unknown[]): boolean {
  const key = JSON.stringify(inputs);
  if (drawnFrom.get(target) === key) return true;
  drawnFrom.set(target, key);
  return false;
}

/** The charts' elements in the widget (data-role names in AlibiWidget.astro). */
export type AlibiTargets = {
  readonly logits: HTMLElement;
  readonly attention: HTMLElement;
  readonly angles: HTMLElement;
  readonly bias: HTMLElement;
  readonly slopes: HTMLElement;
  readonly slopesList: HTMLElement;
};

/**
 * Draws every chart at the size it has on screen (its width, and text a notch under the widget's,
 * larger in presenter mode). Every size is known before any chart changes: chartSize measures a
 * target once, and its observer redraws this result when a size changes later.
 */
export function drawAlibiCharts(targets: AlibiTargets, result: AlibiDemoResult, state: AlibiState, strings: AlibiStrings): void {
  const redraw = () => drawAlibiCharts(targets, result, state, strings);
  const sizes = {
    logits: chartSize(targets.logits, redraw),
    attention: chartSize(targets.attention, redraw),
    angles: chartSize(targets.angles, redraw),
    bias: chartSize(targets.bias, redraw),
    slopes: chartSize(targets.slopes, redraw),
  };
  drawLogits(targets.logits, sizes.logits, result, state, strings);
  drawAttention(targets.attention, sizes.attention, result, state, strings);
  drawUnseenAngles(targets.angles, sizes.angles, result, state, strings);
  drawBias(targets.bias, sizes.bias, result, state, strings);
  drawSlopes(targets.slopes, targets.slopesList, sizes.slopes, result, state, strings);
}


/** Bars of every head's slope, the drawn head in the accent, and the slopes as a list with data-value. */
function drawSlopes(chart: HTMLElement, list: HTMLElement, size: ChartSize, result: AlibiDemoResult, state: AlibiState, strings: AlibiStrings): void {
  // The slopes depend on the head count alone.
  if (alreadyShows(chart, [state.heads, state.head, size])) return;
  const { width, fontSize } = size;
  const slopes = Array.from(result.slopes, (m, head) => ({ head, m }));
  chart.replaceChildren(
    plotInLabelledContainer({
      ...frameOf(size, 15),
      x: { type: 'band', label: strings.slopesX, ticks: slopes.filter((_, h) => h % Math.ceil((slopes.length * 2 * fontSize) / width) === 0).map((s) => s.head) },
      y: { label: strings.slopesY, domain: [0, 1], grid: true },
      marks: [
        Plot.barY(slopes, { x: 'head', y: 'm', fill: (d: { head: number }) => (d.head === state.head ? ALIBI_COLOR : 'var(--sl-color-gray-4)'), title: (d: { head: number; m: number }) => strings.slopeItem(d.head, log2Text(d.m), d.m.toPrecision(6)) }),
        Plot.ruleY([0]),
      ],
    }),
  );
  list.replaceChildren(
    ...slopes.map(({ head, m }) => {
      const item = document.createElement('li');
      item.dataset['head'] = String(head);
      item.dataset['value'] = String(m);
      item.textContent = strings.slopeItem(head, log2Text(m), m.toPrecision(6));
      return item;
    }),
  );
}

/** log2 of a slope, written as ALiBi's exponents are (−1/4, −3/8 …) when it is one. */
function log2Text(m: number): string {
  const exponent = Math.log2(m);
  for (const denominator of [1, 2, 4, 8, 16, 32, 64, 128]) {
    const numerator = Math.round(exponent * denominator);
    if (Math.abs(numerator / denominator - exponent) < 1e-6) return denominator === 1 ? `${numerator}` : `(${numerator}/${denominator})`;
  }
  return exponent.toFixed(4);
}

/** The penalty m·(i − j) of the drawn head over the first positions; masked keys (j > i) have none (NaN, their own colour). */
function drawBias(target: HTMLElement, size: ChartSize, result: AlibiDemoResult, state: AlibiState, strings: AlibiStrings): void {
  const T = state.length;
  const shown = Math.min(T, BIAS_POSITIONS);
  // m·(i − j) depends on the head's slope (so on the head count) and the positions shown, not on T.
  if (alreadyShows(target, [state.heads, state.head, shown, size])) return;
  const data = new Float32Array(shown * shown).fill(Number.NaN);
  let max = 0;
  for (let i = 0; i < shown; i++) {
    for (let j = 0; j <= i; j++) {
      const penalty = -result.bias[(state.head * T + i) * T + j]!;
      data[i * shown + j] = penalty;
      max = Math.max(max, penalty);
    }
  }
  const labels = Array.from({ length: shown }, (_, i) => String(i));
  showHeatmap(
    target,
    { data, rows: shown, cols: shown },
    {
      rowLabels: labels,
      colLabels: labels,
      rowTitle: strings.queryAxis,
      colTitle: strings.keyAxis,
      color: {
        kind: 'ramp',
        low: 'var(--sl-color-gray-6)',
        high: ALIBI_COLOR,
        max,
        label: strings.biasLegend,
        masked: { color: HEATMAP_COLORS.masked, label: strings.maskedLegend },
      },
      // About 43 em: 520 px at 12 px text, cells big enough for their labels.
      width: Math.min(size.width, Math.round(43 * size.fontSize)),
      fontSize: size.fontSize,
      cellTitle: (c) => strings.biasCell(c.row, c.col, c.value),
    },
  );
}

/** Score against distance for ALiBi (this head) and RoPE, with the distances past training shaded. */
function drawLogits(target: HTMLElement, size: ChartSize, result: AlibiDemoResult, state: AlibiState, strings: AlibiStrings): void {
  const T = state.length;
  const last = T - 1;
  const alibi = Array.from({ length: T }, (_, d) => state.qk + result.bias[(state.head * T + last) * T + (last - d)]!);
  const legend = swatchLegend([
    { color: ALIBI_COLOR, label: strings.alibiName(state.head) },
    { color: ROPE_COLOR, label: strings.ropeName },
  ]);
  target.replaceChildren(
    legend,
    distanceChart(size, {
      series: [
        { name: 'alibi', values: alibi, color: ALIBI_COLOR },
        { name: 'rope', values: result.ropeScore.subarray(0, T), color: ROPE_COLOR },
      ],
      trainLength: state.trainLength,
      pastLabel: strings.pastTraining,
      xLabel: strings.distanceX,
      yLabel: strings.logitY,
      heightEm: 20,
    }),
  );
}

/** The last query's ALiBi attention by distance, for the drawn head. */
function drawAttention(target: HTMLElement, size: ChartSize, result: AlibiDemoResult, state: AlibiState, strings: AlibiStrings): void {
  const T = state.length;
  const p = Array.from({ length: T }, (_, d) => result.lastRow[state.head * T + (T - 1 - d)]!);
  target.replaceChildren(
    distanceChart(size, {
      series: [{ name: 'attention', values: p, color: ALIBI_COLOR, area: true }],
      yDomain: [0, Math.max(...p)],
      trainLength: state.trainLength,
      pastLabel: strings.pastTraining,
      xLabel: strings.distanceX,
      yLabel: strings.attentionY,
      heightEm: 17,
    }),
  );
}

/** Which RoPE pair meets an angle it never saw in training, at each distance (one row per pair). */
function drawUnseenAngles(target: HTMLElement, size: ChartSize, result: AlibiDemoResult, state: AlibiState, strings: AlibiStrings): void {
  const pairs = result.ropePairs;
  const T = state.length;
  // The angles depend on the positions and the training length only, not on the head or q·k.
  if (alreadyShows(target, [T, state.trainLength, size])) return;
  // The labels take 8 em beside the cells; cells of at most 0.8 em, so short lengths do not make a tall map.
  const { fontSize } = size;
  const cell = Math.min(0.8 * fontSize, (size.width - 8 * fontSize) / T);
  showHeatmap(
    target,
    { data: result.unseenAngles, rows: pairs, cols: T },
    {
      rowLabels: Array.from({ length: pairs }, (_, k) => `k=${k}`),
      colLabels: Array.from({ length: T }, (_, d) => String(d)),
      rowTitle: strings.pairAxis,
      colTitle: strings.distanceX,
      color: { kind: 'binary', on: ROPE_COLOR, off: 'var(--sl-color-gray-6)', onLabel: strings.angleUnseen, offLabel: strings.angleSeen },
      width: Math.floor(8 * fontSize + cell * T),
      fontSize,
      cellTitle: (c) => strings.angleCell(c.row, c.col, c.value > 0),
    },
  );
}
