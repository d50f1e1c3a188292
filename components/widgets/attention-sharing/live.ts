// Everything heavy, loaded on the reader's first use and never before: the memory chart (Observable
// Plot) and the live attention of a model (a trained tiny model, the replica with random weights, or
// a released model from a hub), opened through the shared shared/models.ts (which starts
// onnxruntime-web). The KV arithmetic is kernels/demos/kv-cache.ts; the attention is the model's own
// forward pass (kernels/demos/model-panel.ts).
import * as Plot from '@observablehq/plot';
import { contextSamples, kvBytesAt, kvHeadOf, releasedKvRows } from '../../../kernels/demos/kv-cache.ts';
import type { Backend } from '../../../kernels/runtime/runtime.ts';
import { plotInLabelledContainer } from '../../plots/accessible.ts';
import { chartSize } from '../../plots/chart-size.ts';
import { heatmap, heatmapLabel } from '../../plots/heatmap.ts';
import { maxOf, positionLabel, type Cell } from '../../plots/shape.ts';
import { openModel, type Source } from '../shared/models.ts';
import { formatBytes } from './bytes.ts';
import { groupColor } from './mapping.ts';
import type { SharingState } from './state.ts';
import type { SharingStrings } from './strings.ts';

const GIB = 1024 ** 3;

/** One query head's attention over the prompt, [T, T] row-major. */
type HeadAttention = { readonly head: number; readonly kvHead: number; readonly matrix: { data: Float32Array; rows: number; cols: number } };

export type ModelAttention = {
  readonly heads: number;
  readonly kvHeads: number;
  /** The model's layer count: the layer menu offers each. */
  readonly layers: number;
  readonly labels: string[];
  readonly perHead: HeadAttention[];
  readonly backend: Backend;
  readonly fallbackReason: string | undefined;
  readonly runMs: number;
};

/** Runs `text` through the model of `source` and returns every query head's attention in `layer` (or its last). */
export async function modelAttention(source: Source, layer: number, text: string): Promise<ModelAttention> {
  const model = await openModel(source);
  const ids = model.tokenizer?.encode(text, { addSpecialTokens: false }) ?? [3, 4, 5, 6, 7, 8];
  const step = await model.prefill(model.preparePrompt(ids).ids);
  const shape = { heads: model.spec.numHeads, kvHeads: model.spec.numKvHeads };
  const layers = model.spec.numLayers;
  layer = Math.min(layer, layers - 1);
  return {
    ...shape,
    layers,
    labels: step.sequence.map((id, i) => positionLabel(model.tokenizer?.tokenOf(id) ?? `#${id}`, i)),
    perHead: Array.from({ length: shape.heads }, (_, head) => ({ head, kvHead: kvHeadOf(shape, head), matrix: step.attention.matrix(layer, head) })),
    backend: step.backend,
    fallbackReason: step.fallbackReason,
    runMs: step.runMs,
  };
}

/** The heatmaps, one box per K/V head holding the query heads that read it, their text sized as the widget's. */
export function drawModelAttention(target: HTMLElement, attention: ModelAttention, strings: SharingStrings): void {
  const { width, fontSize } = chartSize(target, () => drawModelAttention(target, attention, strings));
  const max = Math.max(...attention.perHead.map(({ matrix }) => maxOf(matrix.data)));
  const perGroup = attention.heads / attention.kvHeads;
  const groups = Array.from({ length: attention.kvHeads }, (_, g) => {
    const box = document.createElement('figure');
    box.className = 'kv-group';
    box.dataset['kvHead'] = String(g);
    box.style.borderColor = groupColor(g);
    const caption = document.createElement('figcaption');
    caption.textContent = strings.groupLabel(g, g * perGroup, (g + 1) * perGroup - 1);
    const row = document.createElement('div');
    row.className = 'kv-group-heads';
    for (const { head, kvHead, matrix } of attention.perHead.filter((h) => h.kvHead === g)) {
      const cell = document.createElement('div');
      cell.className = 'plot head-attention';
      cell.dataset['head'] = String(head);
      cell.setAttribute('role', 'img');
      const options = {
        rowLabels: attention.labels,
        colLabels: attention.labels,
        rowTitle: strings.queryAxis,
        colTitle: strings.keyAxis,
        color: { kind: 'ramp', low: 'var(--sl-color-gray-6)', high: groupColor(g), max, label: strings.attentionLegend },
        // About 22 em (260 px at 12 px text): two heads side by side on a laptop, one on a phone.
        width: Math.min(width, Math.round(22 * fontSize)),
        fontSize,
        cellTitle: (c: Cell) => strings.cellTitle(c.row, c.col, c.value),
      } as const;
      cell.setAttribute('aria-label', heatmapLabel(strings.heatmapSummary(head, kvHead, matrix.rows), matrix, options));
      const title = document.createElement('p');
      title.className = 'head-title';
      title.textContent = strings.headTitle(head);
      cell.append(title, heatmap(matrix, options));
      row.append(cell);
    }
    box.append(caption, row);
    return box;
  });
  target.replaceChildren(...groups);
}

/**
 * Memory against context (log–log): every released model in grey, the reader's shape in the accent.
 * Drawn at the width and text size it has on screen (chartSize measures once; reading the width
 * after the controls changed would lay out the whole article on every step).
 */
export function drawMemoryChart(target: HTMLElement, state: SharingState, strings: SharingStrings): void {
  const { width, fontSize } = chartSize(target, () => drawMemoryChart(target, state, strings), 640);
  const upTo = Math.max(131_072, state.context);
  const samples = contextSamples(upTo);
  const released = releasedKvRows(state.dtype, 1).flatMap((row) =>
    samples.map((tokens) => ({ name: row.name, tokens, gib: (row.perToken * tokens) / GIB })),
  );
  const yours = samples.map((tokens) => ({ name: strings.yourRow, tokens, gib: kvBytesAt(state, state.dtype, tokens) / GIB }));
  const atContext = kvBytesAt(state, state.dtype, state.context);
  const chart = plotInLabelledContainer({
    width,
    height: Math.round(22 * fontSize),
    marginLeft: Math.round(4.7 * fontSize),
    marginBottom: Math.round(3.3 * fontSize),
    style: { fontSize: `${fontSize}px`, background: 'transparent', color: 'currentColor' },
    x: { type: 'log', label: strings.chartX, domain: [samples[0]!, upTo], tickFormat: '~s', ticks: width < 40 * fontSize ? 3 : 6 },
    y: { type: 'log', label: strings.chartY, grid: true, tickFormat: '~g' },
    marks: [
      Plot.line(released, { x: 'tokens', y: 'gib', z: 'name', stroke: 'var(--sl-color-gray-4)', strokeWidth: 1, title: 'name' }),
      Plot.ruleX([state.context], { stroke: 'var(--sl-color-accent-high)', strokeDasharray: '4 3' }),
      Plot.line(yours, { x: 'tokens', y: 'gib', stroke: 'var(--sl-color-accent)', strokeWidth: 3 }),
      Plot.dot([{ tokens: state.context, gib: atContext / GIB }], { x: 'tokens', y: 'gib', r: 5, fill: 'var(--sl-color-accent-high)' }),
    ],
  });
  target.replaceChildren(chart);
  target.setAttribute('aria-label', strings.chartSummary(state.context, formatBytes(atContext)));
}
