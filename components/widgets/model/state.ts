// The model panel's state: which replica, trained or random weights, the reader's text (or the ids
// they typed instead), and which layer and head the attention heatmap shows; how it travels in the URL, and how it is fitted
// to the model that is open.
//
// Pure functions only, so the rules are unit-tested without a browser. Nothing here changes what
// the reader typed: adjustments come back as notes, which the panel shows in its message area.
import { clamp, INTEGER, integerParam, type NotANumberNote } from '../shared/numbers.ts';
import { weightsParam, type UnknownWeightsNote, type Weights } from '../shared/weights.ts';
import type { PlanFigures } from '../shared/hub-strings.ts';
import { parseSampling, serializeSampling, type PanelSampling, type SamplingNote } from './sampling-state.ts';

export type ModelPanelState = {
  readonly replica: string;
  /** Trained weights (the default, where the variant has them) or the random replica's. */
  readonly weights: Weights;
  readonly text: string;
  /** The ids field as typed, when the reader runs ids instead of the text; null = run the text. */
  readonly ids: string | null;
  readonly layer: number;
  readonly head: number;
  /** Temperature, top-k, top-p, seed and tokens per "Generate" (sampling-state.ts has their own parameters). */
  readonly sampling: PanelSampling;
};

/** URL parameter names, namespaced so other widgets on the page keep their own. */
export const MODEL_PARAMS = {
  replica: 'model-replica',
  weights: 'model-weights',
  text: 'model-text',
  ids: 'model-ids',
  layer: 'model-layer',
  head: 'model-head',
} as const satisfies Record<Exclude<keyof ModelPanelState, 'sampling'>, string>;

export const MODEL_NAMESPACE = 'model';

/** A token named by its id and its text, for notes that list tokens. */
export type TokenRef = { readonly id: number; readonly text: string };

/** How many template ids (families/prompt.ts) the panel put in front of and behind the reader's ids. */
export type AddedCounts = { readonly before: number; readonly after: number };

export const NOTHING_ADDED: AddedCounts = { before: 0, after: 0 };

/** Why the panel did not use the state exactly as given. strings.ts turns these into sentences. */
export type StateNote =
  | { readonly kind: 'unknown-replica'; readonly value: string }
  | NotANumberNote
  | SamplingNote
  | UnknownWeightsNote
  | { readonly kind: 'bad-id'; readonly value: string }
  | { readonly kind: 'empty-prompt' }
  | { readonly kind: 'no-tokenizer'; readonly reason: string }
  | { readonly kind: 'truncated'; readonly shown: number; readonly total: number }
  | { readonly kind: 'specials-added'; readonly before: readonly TokenRef[]; readonly after: readonly TokenRef[] }
  | { readonly kind: 'layer-clamped'; readonly asked: number; readonly used: number; readonly layers: number }
  | { readonly kind: 'head-clamped'; readonly asked: number; readonly used: number; readonly heads: number }
  | { readonly kind: 'sequence-full'; readonly limit: number }
  | { readonly kind: 'prompt-only' }
  | { readonly kind: 'generation-ended'; readonly reason: 'eos' | 'stopped'; readonly generated: number }
  | { readonly kind: 'id-outside-vocab'; readonly id: number; readonly vocab: number }
  /** A checkpoint the memory plan refuses, even one layer at a time: the plan's figures. */
  | { readonly kind: 'cannot-run'; readonly memory: PlanFigures['memory'] };

/**
 * The state a URL asks for, on top of `defaults`: absent parameters keep the default; an unknown
 * replica or a malformed number keeps it too and adds a note. Layer and head are bounded later,
 * once the model says how many it has (`fitView`).
 */
export function parseModelState(
  search: string,
  defaults: ModelPanelState,
  replicas: readonly string[],
): { state: ModelPanelState; notes: StateNote[] } {
  const params = new URLSearchParams(search);
  const notes: StateNote[] = [];

  let replica = defaults.replica;
  const asked = params.get(MODEL_PARAMS.replica);
  if (asked !== null) {
    if (replicas.includes(asked)) replica = asked;
    else notes.push({ kind: 'unknown-replica', value: asked });
  }

  return {
    state: {
      replica,
      weights: weightsParam(params, MODEL_PARAMS.weights, defaults.weights, notes),
      text: params.get(MODEL_PARAMS.text) ?? defaults.text,
      ids: params.get(MODEL_PARAMS.ids) ?? defaults.ids,
      layer: integerParam(params, MODEL_PARAMS.layer, defaults.layer, notes),
      head: integerParam(params, MODEL_PARAMS.head, defaults.head, notes),
      sampling: parseSampling(params, defaults.sampling, notes),
    },
    notes,
  };
}

/** The URL parameters that restore `state`; the ids parameter only while ids are being run. */
export function serializeModelState(state: ModelPanelState): Record<string, string | null> {
  return {
    [MODEL_PARAMS.replica]: state.replica,
    [MODEL_PARAMS.weights]: state.weights,
    [MODEL_PARAMS.text]: state.text,
    [MODEL_PARAMS.ids]: state.ids,
    [MODEL_PARAMS.layer]: String(state.layer),
    [MODEL_PARAMS.head]: String(state.head),
    ...serializeSampling(state.sampling),
  };
}

/** Ids typed as whole numbers separated by spaces or commas ("1, 52 7"); the first non-number is refused. */
export function parseIds(text: string): { ids: number[] } | { bad: string } {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  const bad = parts.find((part) => !INTEGER.test(part));
  return bad === undefined ? { ids: parts.map((part) => Number.parseInt(part, 10)) } : { bad };
}

/**
 * The reader's ids before the family's template: from the ids field when it is in use, else the
 * text through the tokenizer, without its special tokens (the panel adds those and says so). Undefined when there is nothing to run, with the note saying why.
 */
export function readerIds(
  state: Pick<ModelPanelState, 'text' | 'ids'>,
  tokenizer: { readonly encode: (text: string, options: { addSpecialTokens: boolean }) => number[] } | undefined,
  tokenizerProblem: string | undefined,
): { ids: number[] | undefined; notes: StateNote[] } {
  if (state.ids !== null) {
    const parsed = parseIds(state.ids);
    if ('bad' in parsed) return { ids: undefined, notes: [{ kind: 'bad-id', value: parsed.bad }] };
    return parsed.ids.length === 0 ? { ids: undefined, notes: [{ kind: 'empty-prompt' }] } : { ids: parsed.ids, notes: [] };
  }
  if (tokenizer === undefined) return { ids: undefined, notes: [{ kind: 'no-tokenizer', reason: tokenizerProblem ?? '' }] };
  const ids = tokenizer.encode(state.text, { addSpecialTokens: false });
  return ids.length === 0 ? { ids: undefined, notes: [{ kind: 'empty-prompt' }] } : { ids, notes: [] };
}

/** A refusal the reader can act on, thrown so the run stops; the panel words its note in the page's language. */
export class NoteError extends Error {
  readonly note: StateNote;
  constructor(note: StateNote) {
    super(note.kind);
    this.note = note;
  }
}

/** Layer in 0..layers−1 and head in 0..heads−1, with a note for each number that had to move. */
export function fitView(
  view: Pick<ModelPanelState, 'layer' | 'head'>,
  model: { readonly layers: number; readonly heads: number },
): { layer: number; head: number; notes: StateNote[] } {
  const notes: StateNote[] = [];
  const layer = clamp(view.layer, 0, model.layers - 1);
  if (layer !== view.layer) notes.push({ kind: 'layer-clamped', asked: view.layer, used: layer, layers: model.layers });
  const head = clamp(view.head, 0, model.heads - 1);
  if (head !== view.head) notes.push({ kind: 'head-clamped', asked: view.head, used: head, heads: model.heads });
  return { layer, head, notes };
}
