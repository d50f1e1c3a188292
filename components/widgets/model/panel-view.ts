// What the model panel shows of a result: the architecture card and the layer/head selectors (for a
// new model), the token chips, the attention heatmap of the chosen layer and head with its KV-head
// note, the next-token list, the cache length and the notes. The controller (model-panel.ts) decides
// when; this file only draws what `Shown` holds.
import { positionLabel } from '../../plots/shape.ts';
import type { Lang } from '../shared/lang.ts';
import { showMessages } from '../shared/message-area.ts';
import type { Shown } from './generation.ts';
import { fitView, type StateNote } from './state.ts';
import type { ModelStrings } from './strings.ts';
import { chipLabel, chipsOf, fillSelect, pieceLabel, renderChips, renderTopTokens } from './view.ts';

/** The controls the drawing sets (the selectors follow the model; Next and Clear follow the cache). */
export type ViewControls = {
  readonly layer: HTMLSelectElement;
  readonly head: HTMLSelectElement;
  readonly ids: HTMLInputElement;
  readonly next: HTMLButtonElement;
  readonly generate: HTMLButtonElement;
  readonly reset: HTMLButtonElement;
};

/** The panel's outputs (data-role names in ModelPanel.astro). */
export type ViewOutputs = {
  readonly architecture: HTMLElement;
  readonly tokens: HTMLElement;
  readonly kvHead: HTMLElement;
  readonly heatmap: HTMLElement;
  readonly top: HTMLElement;
  readonly topCaption: HTMLElement;
  readonly cacheLength: HTMLElement;
  readonly message: HTMLElement;
  readonly results: HTMLElement;
};

export type PanelView = {
  /** Heatmap and KV-head note for the asked layer and head, fitted to the model; returns `notes` plus any clamping. */
  drawView(shown: Shown | undefined, asked: { readonly layer: number; readonly head: number }, notes: readonly StateNote[]): StateNote[];
  /**
   * Everything of `shown`: the card and selectors only for another model, the ids field unless the
   * reader is editing it, the notes of the request and of the run.
   */
  drawShown(shown: Shown, request: DrawRequest): void;
};

export type DrawRequest = {
  readonly notes: readonly StateNote[];
  readonly view: { readonly layer: number; readonly head: number };
  readonly modelChanged: boolean;
  /** The reader runs the ids field: it is theirs, not rewritten from the tokens. */
  readonly idsMode: boolean;
};

export function panelView(lang: Lang, strings: ModelStrings, controls: ViewControls, outputs: ViewOutputs): PanelView {
  /** The heatmap's axis labels: each position with the text its chip shows. */
  let axisLabels: string[] = [];

  function drawView(shown: Shown | undefined, asked: { readonly layer: number; readonly head: number }, notes: readonly StateNote[]): StateNote[] {
    if (shown === undefined) return [...notes];
    const { module, model, step } = shown;
    const view = fitView(asked, { layers: model.spec.numLayers, heads: model.spec.numHeads });
    controls.layer.value = String(view.layer);
    controls.head.value = String(view.head);
    outputs.kvHead.textContent = strings.kvHeadNote(view.head, module.kvHeadOf(model.spec, view.head), model.spec.numHeads, model.spec.numKvHeads);
    if (step !== undefined) module.drawAttention(outputs.heatmap, step, axisLabels, view, strings);
    return [...notes, ...view.notes];
  }

  function drawShown(shown: Shown, request: DrawRequest): void {
    const { module, model, step, added } = shown;
    const { spec } = model;
    // The card and the selectors describe the model; a new prompt to the same model leaves them be.
    if (request.modelChanged) {
      module.drawArchitecture(outputs.architecture, model, lang);
      fillSelect(controls.layer, spec.numLayers, strings.layerOption, 0);
      fillSelect(controls.head, spec.numHeads, (h) => strings.headOption(h, module.kvHeadOf(spec, h)), 0);
    }

    const sequence = step?.sequence ?? [];
    const promptLength = sequence.length - (step?.generated ?? 0);
    const chips = chipsOf(
      sequence.map((id, i) => ({
        id,
        token: module.tokenText(model, id),
        piece: module.tokenPiece(model, id),
        role: i >= promptLength ? 'generated' : i < added.before || i >= promptLength - added.after ? 'added' : 'prompt',
      })),
    );
    renderChips(outputs.tokens, chips, strings);
    axisLabels = chips.map((chip, i) => positionLabel(chipLabel(chip), i));
    if (!request.idsMode && step !== undefined) controls.ids.value = sequence.slice(0, promptLength).join(' ');

    outputs.results.hidden = step === undefined;
    if (step !== undefined) {
      renderTopTokens(
        outputs.top,
        step.top.map((c) => ({ ...c, text: pieceLabel(module.tokenPiece(model, c.id)) })),
        step.lastLogits,
      );
      outputs.topCaption.textContent = strings.topCaption(sequence.length - 1);
    }
    outputs.cacheLength.textContent = String(model.cacheLength);
    const notes = [...request.notes, ...shown.notes];
    if (step !== undefined && sequence.length >= model.maxSequence) notes.push({ kind: 'sequence-full', limit: model.maxSequence });
    if (!model.generates) notes.push({ kind: 'prompt-only' });
    showMessages(outputs.message, drawView(shown, request.view, notes).map(strings.note));
    // After a refused prompt the charts keep the last result, but the cache is empty: nothing to continue.
    const cached = step !== undefined && model.cacheLength > 0;
    controls.next.disabled = !cached || !model.generates || sequence.length >= model.maxSequence;
    controls.generate.disabled = !model.generates;
    controls.reset.disabled = !cached;
  }

  return { drawView, drawShown };
}
