// Draws one computed update of the mask widget: the mask and probability heatmaps, the output
// change per position (consequence 1) and the loss-target row (consequence 2), with captions and
// text alternatives. It only arranges numbers the computation returned.
import type { MaskDemoResult } from '../../../kernels/demos/mask-demo.ts';
import type { MaskMode } from '../../../kernels/ops/mask/reference.ts';
import { patchChildren, setAttr, setText } from '../shared/dom-patch.ts';
import { span } from '../shared/elements.ts';
import { showHeatmap } from '../../plots/heatmap.ts';
import { positionBars, updatePositionBars, type PositionBarsOptions } from '../../plots/position-bars.ts';
import { positionLabel, positionValues, sliceMatrix, visibleRuns, maxOf, type Matrix } from '../../plots/shape.ts';
import type { ChangeFacts, MaskStrings } from './strings.ts';

/** The elements the charts go into (all inside the widget root). */
export type ChartTargets = {
  readonly maskHeatmap: HTMLElement;
  readonly maskRows: HTMLElement;
  readonly probsHeatmap: HTMLElement;
  readonly outputChange: HTMLElement;
  readonly changeCaption: HTMLElement;
  readonly lossTargets: HTMLElement;
  readonly lossCaption: HTMLElement;
};

export type ChartView = {
  readonly tokens: readonly string[];
  readonly mode: MaskMode;
  readonly prefix: number;
  readonly probe: number;
  readonly head: number;
};

/**
 * Output changes above this are real: a position that cannot see the replaced token computes
 * bit-identical numbers (masked keys get weight exactly 0), so its change is exactly 0.
 */
export const CHANGE_THRESHOLD = 1e-6;

const ACCENT = 'var(--sl-color-accent)';
const FAINT = 'var(--sl-color-gray-6)';
const MUTED = 'var(--sl-color-gray-3)';

/**
 * Nominal drawing widths. Plot's SVG scales down to its container (max-width: 100%), so charts
 * never read the page layout: measuring a container after changing the DOM forced a layout of the
 * whole article on every update, which cost more than everything else in it together.
 */
const HEATMAP_WIDTH = 480;
const BARS_WIDTH = 640;

/** Moves the bars already in `target` when the chart's layout is the same, else draws a new chart. */
function showBars(target: HTMLElement, values: ArrayLike<number>, options: PositionBarsOptions): void {
  if (!updatePositionBars(target.firstElementChild, values, options)) target.replaceChildren(positionBars(values, options));
}

function drawMask(targets: ChartTargets, result: MaskDemoResult, view: ChartView, labels: string[], strings: MaskStrings): void {
  const tokenCount = view.tokens.length;
  const mask: Matrix = { data: result.mask.data, rows: tokenCount, cols: tokenCount };
  showHeatmap(targets.maskHeatmap, mask, {
    rowLabels: labels,
    colLabels: labels,
    rowTitle: strings.queryAxis,
    colTitle: strings.keyAxis,
    color: { kind: 'binary', on: ACCENT, off: FAINT },
    width: HEATMAP_WIDTH,
    cellTitle: (cell) => strings.maskCellTitle(cell.row, cell.col, cell.value > 0),
  });
  setAttr(targets.maskHeatmap, 'aria-label', strings.maskSummary(tokenCount, view.mode, view.prefix));
  const rows = view.tokens.map((token, row) => strings.maskRow(row, token, visibleRuns(mask, row)));
  patchChildren(
    targets.maskRows,
    rows,
    (text) => text,
    (text) => {
      const item = document.createElement('li');
      item.textContent = text;
      return item;
    },
  );
}

function drawProbs(targets: ChartTargets, result: MaskDemoResult, view: ChartView, labels: string[], strings: MaskStrings): void {
  const tokenCount = view.tokens.length;
  const probs = sliceMatrix(result.probs.data, view.head, tokenCount, tokenCount);
  showHeatmap(targets.probsHeatmap, probs, {
    rowLabels: labels,
    colLabels: labels,
    rowTitle: strings.queryAxis,
    colTitle: strings.keyAxis,
    color: { kind: 'ramp', low: FAINT, high: ACCENT, max: maxOf(probs.data) },
    width: HEATMAP_WIDTH,
    cellTitle: (cell) => strings.probsCellTitle(cell.row, cell.col, cell.value),
  });
  setAttr(targets.probsHeatmap, 'aria-label', strings.probsSummary(tokenCount, view.head));
}

function drawOutputChange(
  targets: ChartTargets,
  result: MaskDemoResult,
  view: ChartView,
  labels: string[],
  strings: MaskStrings,
): void {
  const points = positionValues(result.outputChange, CHANGE_THRESHOLD);
  const facts: ChangeFacts = {
    mode: view.mode,
    tokens: view.tokens.length,
    prefix: view.prefix,
    probe: view.probe,
    changed: points.filter((p) => p.changed).length,
    changedBefore: points.filter((p) => p.changed && p.index < view.probe).length,
  };
  showBars(targets.outputChange, result.outputChange, {
    labels,
    marked: view.probe,
    markedLabel: `k = ${view.probe}`,
    threshold: CHANGE_THRESHOLD,
    changedColor: ACCENT,
    unchangedColor: MUTED,
    yTitle: strings.changeAxis,
    width: BARS_WIDTH,
    barTitle: (p) => strings.changeBarTitle(p.index, p.value),
  });
  setAttr(targets.outputChange, 'aria-label', strings.changeSummary(facts));
  setText(targets.changeCaption, strings.changeCaption(facts));
}

function drawLossTargets(targets: ChartTargets, result: MaskDemoResult, view: ChartView, strings: MaskStrings): void {
  const count = result.lossTargets.filter(Boolean).length;
  setAttr(targets.lossTargets, 'data-count', String(count));
  patchChildren(
    targets.lossTargets,
    result.lossTargets,
    (isTarget, index) => JSON.stringify([view.tokens[index], isTarget]),
    (isTarget, index) => {
      const role = isTarget ? strings.lossTarget : strings.lossContext;
      const item = document.createElement('li');
      item.className = 'chip';
      item.dataset['index'] = String(index);
      item.dataset['target'] = String(isTarget);
      item.title = `${index} ${view.tokens[index]}: ${role}`;
      const text = document.createElement('span');
      text.textContent = role;
      item.append(span('chip-index', String(index)), text);
      return item;
    },
  );
  setText(
    targets.lossCaption,
    strings.lossCaption({ mode: view.mode, tokens: view.tokens.length, prefix: view.prefix, targets: count }),
  );
}

export function drawMaskCharts(targets: ChartTargets, result: MaskDemoResult, view: ChartView, strings: MaskStrings): void {
  const labels = view.tokens.map((token, i) => positionLabel(token, i));
  drawMask(targets, result, view, labels, strings);
  drawProbs(targets, result, view, labels, strings);
  drawOutputChange(targets, result, view, labels, strings);
  drawLossTargets(targets, result, view, strings);
}
