// Draws one computed update of the mask widget: the mask and probability heatmaps, the output
// change per position (consequence 1) and the loss-target row (consequence 2), with captions and
// text alternatives. It only arranges numbers the computation returned.
import type { MaskDemoResult } from '../../../kernels/demos/mask-demo.ts';
import type { MaskMode } from '../../../kernels/ops/mask/reference.ts';
import { patchChildren, setAttr, setText } from '../shared/dom-patch.ts';
import { span } from '../shared/elements.ts';
import { chartSize, type ChartSize } from '../../plots/chart-size.ts';
import { HEATMAP_COLORS, heatmapLabel, showHeatmap } from '../../plots/heatmap.ts';
import { positionBars, updatePositionBars, type PositionBarsOptions } from '../../plots/position-bars.ts';
import { positionLabel, positionValues, sliceMatrix, visibleRuns, maxOf, type Cell, type Matrix } from '../../plots/shape.ts';
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

const CHANGED = HEATMAP_COLORS.strong;
const MUTED = 'var(--sl-color-gray-3)';

/** A heatmap is at most this many em of its text wide, so that it stays compact beside its controls. */
const HEATMAP_MAX_EM = 40;

/** The width a heatmap is drawn at in a target of `size`. */
const heatmapWidth = ({ width, fontSize }: ChartSize) => Math.min(width, HEATMAP_MAX_EM * fontSize);

/** Moves the bars already in `target` when the chart's layout is the same, else draws a new chart. */
function showBars(target: HTMLElement, values: ArrayLike<number>, options: PositionBarsOptions): void {
  if (!updatePositionBars(target.firstElementChild, values, options)) target.replaceChildren(positionBars(values, options));
}

type Sizes = { readonly mask: ChartSize; readonly probs: ChartSize; readonly change: ChartSize };

function drawMask(targets: ChartTargets, result: MaskDemoResult, view: ChartView, labels: string[], strings: MaskStrings, size: ChartSize): void {
  const tokenCount = view.tokens.length;
  const mask: Matrix = { data: result.mask.data, rows: tokenCount, cols: tokenCount };
  showHeatmap(targets.maskHeatmap, mask, {
    rowLabels: labels,
    colLabels: labels,
    rowTitle: strings.queryAxis,
    colTitle: strings.keyAxis,
    color: { kind: 'binary', on: HEATMAP_COLORS.strong, off: HEATMAP_COLORS.masked, onLabel: strings.legendReads, offLabel: strings.legendMasked },
    width: heatmapWidth(size),
    fontSize: size.fontSize,
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

function drawProbs(targets: ChartTargets, result: MaskDemoResult, view: ChartView, labels: string[], strings: MaskStrings, size: ChartSize): void {
  const tokenCount = view.tokens.length;
  const probs = sliceMatrix(result.probs.data, view.head, tokenCount, tokenCount);
  const options = {
    rowLabels: labels,
    colLabels: labels,
    rowTitle: strings.queryAxis,
    colTitle: strings.keyAxis,
    color: { kind: 'ramp', low: HEATMAP_COLORS.zero, high: HEATMAP_COLORS.strong, max: maxOf(probs.data), label: strings.legendProbability },
    width: heatmapWidth(size),
    fontSize: size.fontSize,
    cellTitle: (cell: Cell) => strings.probsCellTitle(cell.row, cell.col, cell.value),
  } as const;
  showHeatmap(targets.probsHeatmap, probs, options);
  setAttr(targets.probsHeatmap, 'aria-label', heatmapLabel(strings.probsSummary(tokenCount, view.head), probs, options));
}

function drawOutputChange(
  targets: ChartTargets,
  result: MaskDemoResult,
  view: ChartView,
  labels: string[],
  strings: MaskStrings,
  size: ChartSize,
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
    changedColor: CHANGED,
    unchangedColor: MUTED,
    yTitle: strings.changeAxis,
    width: size.width,
    fontSize: size.fontSize,
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
  // Drawn at the size each chart has on screen; a new size (window, phone, presenter mode) redraws this result.
  const redraw = () => drawMaskCharts(targets, result, view, strings);
  const sizes: Sizes = {
    mask: chartSize(targets.maskHeatmap, redraw),
    probs: chartSize(targets.probsHeatmap, redraw),
    change: chartSize(targets.outputChange, redraw),
  };
  drawMask(targets, result, view, labels, strings, sizes.mask);
  drawProbs(targets, result, view, labels, strings, sizes.probs);
  drawOutputChange(targets, result, view, labels, strings, sizes.change);
  drawLossTargets(targets, result, view, strings);
}
