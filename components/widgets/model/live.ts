// Everything heavy, loaded on the reader's first use and never before: the model (opened through
// shared/models.ts: a tiny replica or the reader's checkpoint, with onnxruntime-web) and
// the heatmap. The model math itself is in kernels/demos/model-panel.ts.
import { kvHeadOf, type PanelModel, type PanelStep } from '../../../kernels/demos/model-panel.ts';
import { PlanRefusal } from '../../../kernels/hub/plan.ts';
import { tokenBytes, type TokenPiece } from '../../../kernels/tokenizers/token-bytes.ts';
import { chartSize } from '../../plots/chart-size.ts';
import { HEATMAP_COLORS, heatmapLabel, showHeatmap } from '../../plots/heatmap.ts';
import { maxOf, type Cell } from '../../plots/shape.ts';
import type { Lang } from '../shared/lang.ts';
import { openModel as openSharedModel, type Source } from '../shared/models.ts';
import { architectureRows } from './architecture.ts';
import { NoteError, NOTHING_ADDED, readerIds, type AddedCounts, type ModelPanelState, type StateNote } from './state.ts';
import type { ModelStrings } from './strings.ts';

export { kvHeadOf };

/** The model of `source` (shared/models.ts); a checkpoint its memory plan refuses becomes a note in the page's language. */
export async function openModel(source: Source): Promise<PanelModel> {
  try {
    return await openSharedModel(source);
  } catch (error) {
    if (error instanceof PlanRefusal) throw new NoteError({ kind: 'cannot-run', memory: error.plan.memory });
    throw error;
  }
}

export type PromptRun = {
  /** Undefined when there was nothing to run (empty prompt, an id that is not a number). */
  readonly step: PanelStep | undefined;
  /** How many template ids the panel added in front of and behind the reader's ids. */
  readonly added: AddedCounts;
  readonly notes: StateNote[];
};

/** The reader's text or ids → the ids the family expects → a prefill with attention. */
export async function runPrompt(model: PanelModel, state: ModelPanelState): Promise<PromptRun> {
  const asked = readerIds(state, model.tokenizer, model.tokenizerProblem);
  if (asked.ids === undefined) return { step: undefined, added: NOTHING_ADDED, notes: asked.notes };
  // Refused here rather than by the runner, so the reader reads why in the page's language.
  const outside = asked.ids.find((id) => id < 0 || id >= model.spec.vocabSize);
  if (outside !== undefined) throw new NoteError({ kind: 'id-outside-vocab', id: outside, vocab: model.spec.vocabSize });
  const prepared = model.preparePrompt(asked.ids);
  const notes: StateNote[] = [...asked.notes];
  if (prepared.dropped > 0)
    notes.push({ kind: 'truncated', shown: asked.ids.length - prepared.dropped, total: asked.ids.length });
  if (prepared.prepended.length + prepared.appended.length > 0) {
    const named = (ids: readonly number[]) => ids.map((id) => ({ id, text: tokenText(model, id) }));
    notes.push({ kind: 'specials-added', before: named(prepared.prepended), after: named(prepared.appended) });
  }
  const step = await model.prefill(prepared.ids);
  return { step, added: { before: prepared.prepended.length, after: prepared.appended.length }, notes };
}

/** A token as its tokenizer spells it ('▁the', 'Ġthe', '<0xE6>'), or its id when there is no tokenizer. */
export function tokenText(model: PanelModel, id: number): string {
  return model.tokenizer?.tokenOf(id) ?? `#${id}`;
}

/** What token `id` stands for: its bytes, or a special token's name (and `#id` without a tokenizer). */
export function tokenPiece(model: PanelModel, id: number): TokenPiece {
  const tokenizer = model.tokenizer;
  const token = tokenizer?.tokenOf(id);
  if (tokenizer === undefined || token === undefined || tokenizer.specialIds.has(id)) return tokenText(model, id);
  return tokenBytes(token, tokenizer.byteScheme);
}

/** The architecture card of the open model, replacing the server-rendered one. */
export function drawArchitecture(list: HTMLElement, model: PanelModel, lang: Lang): void {
  list.replaceChildren(
    ...architectureRows(model.spec, lang).flatMap(({ fact, term, value }) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.dataset['fact'] = fact;
      dd.textContent = value;
      return [dt, dd];
    }),
  );
}

/** The attention heatmap of one layer and query head, over every token in the cache, drawn at the size it has on screen. */
export function drawAttention(
  target: HTMLElement,
  step: PanelStep,
  labels: readonly string[],
  view: { readonly layer: number; readonly head: number },
  strings: ModelStrings,
): void {
  const size = chartSize(target, () => drawAttention(target, step, labels, view, strings));
  const matrix = step.attention.matrix(view.layer, view.head);
  // Another layer or head of the same prompt repaints the cells in place.
  const options = {
    rowLabels: labels,
    colLabels: labels,
    rowTitle: strings.queryAxis,
    colTitle: strings.keyAxis,
    color: {
      kind: 'ramp',
      low: HEATMAP_COLORS.zero,
      high: HEATMAP_COLORS.strong,
      max: maxOf(matrix.data),
      label: strings.legendProbability,
    },
    width: size.width,
    fontSize: size.fontSize,
    cellTitle: (cell: Cell) => strings.cellTitle(cell.row, cell.col, cell.value),
  } as const;
  showHeatmap(target, matrix, options);
  target.setAttribute('aria-label', heatmapLabel(strings.heatmapSummary(view.layer, view.head, matrix.rows), matrix, options));
}
