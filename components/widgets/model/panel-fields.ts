// The model panel's fields that are plain values: the sampling settings (temperature, top-k, top-p,
// seed, tokens to generate) read, fitted to their bounds and shown back, and a link's state put into
// the fields. The controller (model-panel.ts) keeps what is not a field (the weights switch's choice,
// whether the ids field is the reader's).
import { parseModelState, type ModelPanelState, type StateNote } from './state.ts';
import { fitSampling, SAMPLING_PARAMS, type PanelSampling } from './sampling-state.ts';

export type SamplingInputs = Readonly<Record<keyof PanelSampling, HTMLInputElement>>;

/** The sampling inputs inside the panel, by their URL parameter names. */
export function findSamplingInputs(find: <E extends Element>(selector: string) => E): SamplingInputs {
  return Object.fromEntries(Object.entries(SAMPLING_PARAMS).map(([key, name]) => [key, find<HTMLInputElement>(`input[name="${name}"]`)])) as SamplingInputs;
}

/** What the fields say (an empty field is NaN, which fitting replaces). */
export function askedSampling(inputs: SamplingInputs): PanelSampling {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, input]) => [key, input.value.trim() === '' ? Number.NaN : Number(input.value)]),
  ) as PanelSampling;
}

/** Writes `sampling` into the fields that do not already say it. */
export function showSampling(inputs: SamplingInputs, sampling: PanelSampling): void {
  for (const [key, input] of Object.entries(inputs)) {
    const value = String(sampling[key as keyof PanelSampling]);
    if (Number(input.value) !== Number(value) || input.value.trim() === '') input.value = value;
  }
}

/** The sampling fields fitted to their bounds; a field that had to move shows the value used, and a note says so. */
export function readSampling(inputs: SamplingInputs): { sampling: PanelSampling; notes: StateNote[] } {
  const fitted = fitSampling(askedSampling(inputs));
  showSampling(inputs, fitted.sampling);
  return fitted;
}

/** The fields a link fills: the model menu, the text, the ids. */
export type LinkFields = { readonly replica: HTMLSelectElement; readonly text: HTMLTextAreaElement; readonly ids: HTMLInputElement };

/**
 * Puts the state the URL parameters `search` describe into the fields (`current` fills what the
 * link leaves out; `replicas` are the models it may name) and returns it with its notes.
 */
export function restoreFields(
  fields: LinkFields,
  inputs: SamplingInputs,
  search: string,
  current: ModelPanelState,
  replicas: readonly string[],
): { state: ModelPanelState; notes: StateNote[] } {
  const link = parseModelState(search, current, replicas);
  fields.replica.value = link.state.replica;
  fields.text.value = link.state.text;
  if (link.state.ids !== null) fields.ids.value = link.state.ids;
  showSampling(inputs, link.state.sampling);
  return link;
}
