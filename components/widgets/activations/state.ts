// The activations widget's state: which curve is in focus, the marked point z₀ (the gate
// projection's output in one channel), the up projection's value there, and the FFN-width
// calculator's model, multiple_of and ffn_dim_multiplier. How it travels in the URL (act-…) and
// how it is clamped. Pure functions only.
//
// z₀ stays within the plotted −6..6 and up within −4..4 (the curves' axes); the multiplier within
// 0.5..3 or empty (none); multiple_of is one of the powers of two offered. Anything else is moved
// to the nearest allowed value or the default, and a note says so.
import { ACTIVATIONS, ACTIVATIONS_DEMO, type Activation } from '../../../kernels/demos/ffn-demo.ts';
import { models, type ModelId } from '../../../kernels/families/catalog.ts';
import { ruleOf } from '../../../kernels/families/ffn-width.ts';
import { parseDecimal, readDecimal, type DecimalNote } from '../shared/decimal.ts';
import type { NotANumberNote } from '../shared/numbers.ts';

export type ActivationsState = {
  readonly focus: Activation;
  readonly z: number;
  readonly up: number;
  readonly model: ModelId;
  readonly multipleOf: number;
  /** ffn_dim_multiplier; undefined when the rule has none. */
  readonly multiplier: number | undefined;
};

export const ACT_PARAMS = {
  focus: 'act-focus',
  z: 'act-z',
  up: 'act-up',
  model: 'act-model',
  multipleOf: 'act-multiple',
  multiplier: 'act-multiplier',
} as const satisfies Record<keyof ActivationsState, string>;

export const ACT_NAMESPACE = 'act';

export const ACT_RANGES = {
  z: { low: ACTIVATIONS_DEMO.zMin, high: ACTIVATIONS_DEMO.zMax },
  up: { low: ACTIVATIONS_DEMO.upMin, high: ACTIVATIONS_DEMO.upMax },
  multiplier: { low: 0.5, high: 3 },
} as const;

export const MULTIPLES = [1, 8, 64, 128, 256, 512, 1024, 2048, 4096] as const;

export const MODEL_IDS: readonly ModelId[] = models.map((m) => m.id);

/** The article's numbers: z = 1, up = 2 (silu(1)·2 ≈ 1.462), on LLaMA-7B with its own rule. */
export const ACT_DEFAULTS: ActivationsState = { focus: 'gated', z: 1, up: 2, model: 'llama-7b', multipleOf: 256, multiplier: undefined };

export type StateNote =
  | DecimalNote
  | { readonly kind: 'unknown-focus'; readonly value: string }
  | { readonly kind: 'unknown-model'; readonly value: string }
  | { readonly kind: 'multiple-not-offered'; readonly asked: string; readonly used: number };

export function isActivation(value: string): value is Activation {
  return (ACTIVATIONS as readonly string[]).includes(value);
}

export function isModelId(value: string): value is ModelId {
  return (MODEL_IDS as readonly string[]).includes(value);
}

/** The model's own sizing rule (or LLaMA's default), as the calculator's controls hold it. */
export function ruleControls(model: ModelId): Pick<ActivationsState, 'multipleOf' | 'multiplier'> {
  const { rule } = ruleOf(models.find((m) => m.id === model)!);
  return { multipleOf: rule.multipleOf, multiplier: rule.multiplier };
}

/** The multiplier field: empty means none; otherwise a number in 0.5..3 (kept as before when not a number). */
export function readMultiplier(text: string, fallback: number | undefined, notes: { push(note: StateNote): unknown }): number | undefined {
  if (text.trim() === '') return undefined;
  return readDecimal(text, ACT_PARAMS.multiplier, fallback ?? 1, ACT_RANGES.multiplier, notes);
}

/** A multiple_of value: the offered power of two nearest to it, with a note when it was not one. */
export function readMultiple(text: string, fallback: number, notes: { push(note: StateNote): unknown }): number {
  const value = parseDecimal(text);
  if (value === undefined) {
    notes.push({ kind: 'not-a-number', param: ACT_PARAMS.multipleOf, value: text } satisfies NotANumberNote);
    return fallback;
  }
  if ((MULTIPLES as readonly number[]).includes(value)) return value;
  const used = MULTIPLES.reduce((best, m) => (Math.abs(Math.log2(m) - Math.log2(Math.max(value, 1))) < Math.abs(Math.log2(best) - Math.log2(Math.max(value, 1))) ? m : best));
  notes.push({ kind: 'multiple-not-offered', asked: text, used });
  return used;
}

/** The state a URL asks for on top of `defaults`; a model without rule parameters brings its own rule. */
export function parseActivationsState(search: string, defaults: ActivationsState): { state: ActivationsState; notes: StateNote[] } {
  const params = new URLSearchParams(search);
  const notes: StateNote[] = [];
  const get = (name: string) => params.get(name);

  const focusText = get(ACT_PARAMS.focus);
  if (focusText !== null && !isActivation(focusText)) notes.push({ kind: 'unknown-focus', value: focusText });
  const modelText = get(ACT_PARAMS.model);
  if (modelText !== null && !isModelId(modelText)) notes.push({ kind: 'unknown-model', value: modelText });
  const model = modelText !== null && isModelId(modelText) ? modelText : defaults.model;
  const rule = model === defaults.model ? defaults : ruleControls(model);

  const zText = get(ACT_PARAMS.z);
  const upText = get(ACT_PARAMS.up);
  const multipleText = get(ACT_PARAMS.multipleOf);
  const multiplierText = get(ACT_PARAMS.multiplier);
  return {
    state: {
      focus: focusText !== null && isActivation(focusText) ? focusText : defaults.focus,
      z: zText === null ? defaults.z : readDecimal(zText, ACT_PARAMS.z, defaults.z, ACT_RANGES.z, notes),
      up: upText === null ? defaults.up : readDecimal(upText, ACT_PARAMS.up, defaults.up, ACT_RANGES.up, notes),
      model,
      multipleOf: multipleText === null ? rule.multipleOf : readMultiple(multipleText, rule.multipleOf, notes),
      multiplier: multiplierText === null ? rule.multiplier : readMultiplier(multiplierText, rule.multiplier, notes),
    },
    notes,
  };
}

/** The URL parameters that restore `state` exactly (an empty multiplier means none). */
export function serializeActivationsState(state: ActivationsState): Record<string, string> {
  return {
    [ACT_PARAMS.focus]: state.focus,
    [ACT_PARAMS.z]: String(state.z),
    [ACT_PARAMS.up]: String(state.up),
    [ACT_PARAMS.model]: state.model,
    [ACT_PARAMS.multipleOf]: String(state.multipleOf),
    [ACT_PARAMS.multiplier]: state.multiplier === undefined ? '' : String(state.multiplier),
  };
}
