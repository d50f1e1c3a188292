// Everything heavy, loaded on the reader's first use and never before: building a tiny replica,
// reading a checkpoint and its tokenizer, the runtime (onnxruntime-web, through the shared browser
// runtime) and the heatmap (Observable Plot). The model math itself is in kernels/demos/model-panel.ts.
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { kvHeadOf, PanelModel, type PanelStep } from '../../../kernels/demos/model-panel.ts';
import { tinyReplica, TINY_REPLICAS, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { reportLoadProgress } from '../../../kernels/runtime/progress.ts';
import { tokenBytes, type TokenPiece } from '../../../kernels/tokenizers/token-bytes.ts';
import { chartSize } from '../../plots/chart-size.ts';
import { HEATMAP_COLORS, heatmap } from '../../plots/heatmap.ts';
import { maxOf } from '../../plots/shape.ts';
import type { Lang } from '../shared/lang.ts';
import { architectureRows } from './architecture.ts';
import { NoteError, NOTHING_ADDED, readerIds, type AddedCounts, type ModelPanelState, type StateNote } from './state.ts';
import type { ModelStrings } from './strings.ts';

export { kvHeadOf };

/** Where the weights come from: a replica built in memory, or the files the reader picked. */
export type Source =
  { readonly kind: 'replica'; readonly name: string } | { readonly kind: 'upload'; readonly files: readonly File[] };

const replicas = new Map<string, Promise<PanelModel>>();
let upload: { readonly files: readonly File[]; readonly model: Promise<PanelModel> } | undefined;

function isReplica(name: string): name is ReplicaName {
  return (TINY_REPLICAS as readonly string[]).includes(name);
}

async function openUpload(files: readonly File[]): Promise<PanelModel> {
  reportLoadProgress({ stage: 'weights' });
  const bytes = new Map<string, Uint8Array>();
  for (const file of files) bytes.set(file.name, new Uint8Array(await file.arrayBuffer()));
  return PanelModel.open(await browserRuntime(), memorySource(bytes));
}

/** The model of `source`, opened once and kept (a failed open is forgotten, so it can be retried). */
export function openModel(source: Source): Promise<PanelModel> {
  if (source.kind === 'upload') {
    if (upload?.files !== source.files) {
      const model = openUpload(source.files);
      upload = { files: source.files, model };
      model.catch(() => (upload = upload?.model === model ? undefined : upload));
    }
    return upload.model;
  }
  const { name } = source;
  let model = replicas.get(name);
  if (model === undefined) {
    if (!isReplica(name)) return Promise.reject(new Error(`no tiny replica named '${name}'`));
    // The replica's session key is its name: switching back reuses the compiled session.
    model = browserRuntime().then((runtime) => {
      reportLoadProgress({ stage: 'weights' });
      return PanelModel.open(runtime, memorySource(tinyReplica(name).files), { id: `replica-${name}` });
    });
    replicas.set(name, model);
    model.catch(() => replicas.delete(name));
  }
  return model;
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
  target.replaceChildren(
    heatmap(matrix, {
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
      cellTitle: (cell) => strings.cellTitle(cell.row, cell.col, cell.value),
    }),
  );
  target.setAttribute('aria-label', strings.heatmapSummary(view.layer, view.head, matrix.rows));
}
