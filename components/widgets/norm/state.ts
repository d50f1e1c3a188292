// The norm widget's state: the reader's vector x, the shift c and scale k of its copy x' = k·x + c,
// and which pre-norm replica stands beside ChatGLM-6B in the residual-stream chart. How it travels
// in the URL (norm-x=1,2,3,4&norm-shift=3&norm-scale=10&norm-model=llama) and how it is clamped.
//
// Pure functions only. Entries stay within ±10 (the bar editor's axis), the shift within ±10, the
// scale within 0.1..10 (a positive k: both norms are blind to it); anything outside is moved to
// the nearer end and a note says so. Text that is no number keeps the last good value, with a note.
import { NORM_DEMO } from '../../../kernels/demos/norm-demo.ts';
import { readDecimal, type DecimalNote, type DecimalRange } from '../shared/decimal.ts';

/** Pre-norm tiny replicas the reader can set beside ChatGLM-6B's α·LN(x) layout. */
export const PRE_NORM_MODELS = ['llama', 'qwen', 'baichuan-7b', 'chatglm2-6b'] as const;
export type PreNormModel = (typeof PRE_NORM_MODELS)[number];
/** The post-norm replica every comparison shows. */
export const POST_NORM_MODEL = 'chatglm-6b';

export type NormWidgetState = {
  readonly vector: readonly number[];
  readonly shift: number;
  readonly scale: number;
  readonly model: PreNormModel;
};

export const NORM_PARAMS = {
  vector: 'norm-x',
  shift: 'norm-shift',
  scale: 'norm-scale',
  model: 'norm-model',
} as const satisfies Record<keyof NormWidgetState, string>;

export const NORM_NAMESPACE = 'norm';

export const NORM_RANGES = {
  entry: { low: -10, high: 10 },
  shift: { low: -10, high: 10 },
  scale: { low: 0.1, high: 10 },
} as const satisfies Record<string, DecimalRange>;

export const ENTRY_COUNTS = { min: NORM_DEMO.minEntries, max: NORM_DEMO.maxEntries } as const;

/** The article's worked example, x = (1, 2, 3, 4), unshifted and unscaled. */
export const NORM_DEFAULTS: NormWidgetState = { vector: [1, 2, 3, 4], shift: 0, scale: 1, model: 'llama' };

export type StateNote =
  | DecimalNote
  | { readonly kind: 'unknown-model'; readonly value: string }
  | { readonly kind: 'entry-count'; readonly asked: number; readonly used: number };

export function isPreNormModel(value: string): value is PreNormModel {
  return (PRE_NORM_MODELS as readonly string[]).includes(value);
}

/** Entry i of the vector as the reader typed it (text inputs, a link's comma list). */
export function readEntry(text: string, fallback: number, notes: { push(note: StateNote): unknown }): number {
  return readDecimal(text, NORM_PARAMS.vector, fallback, NORM_RANGES.entry, notes);
}

/** The vector a link's `norm-x` spells: 2..8 comma-separated numbers (more are cut, fewer keep the default). */
function parseVector(text: string, fallback: readonly number[], notes: StateNote[]): readonly number[] {
  const pieces = text.split(',');
  if (pieces.length < ENTRY_COUNTS.min) {
    notes.push({ kind: 'entry-count', asked: pieces.length, used: fallback.length });
    return fallback;
  }
  if (pieces.length > ENTRY_COUNTS.max) notes.push({ kind: 'entry-count', asked: pieces.length, used: ENTRY_COUNTS.max });
  return pieces.slice(0, ENTRY_COUNTS.max).map((piece, i) => readEntry(piece, fallback[i] ?? 0, notes));
}

/** The state a URL asks for on top of `defaults`, every number inside its range, with notes. */
export function parseNormState(search: string, defaults: NormWidgetState): { state: NormWidgetState; notes: StateNote[] } {
  const params = new URLSearchParams(search);
  const notes: StateNote[] = [];
  const vector = params.get(NORM_PARAMS.vector);
  const shift = params.get(NORM_PARAMS.shift);
  const scale = params.get(NORM_PARAMS.scale);
  const model = params.get(NORM_PARAMS.model);
  if (model !== null && !isPreNormModel(model)) notes.push({ kind: 'unknown-model', value: model });
  return {
    state: {
      vector: vector === null ? defaults.vector : parseVector(vector, defaults.vector, notes),
      shift: shift === null ? defaults.shift : readDecimal(shift, NORM_PARAMS.shift, defaults.shift, NORM_RANGES.shift, notes),
      scale: scale === null ? defaults.scale : readDecimal(scale, NORM_PARAMS.scale, defaults.scale, NORM_RANGES.scale, notes),
      model: model !== null && isPreNormModel(model) ? model : defaults.model,
    },
    notes,
  };
}

/** The URL parameters that restore `state` exactly. */
export function serializeNormState(state: NormWidgetState): Record<string, string> {
  return {
    [NORM_PARAMS.vector]: state.vector.join(','),
    [NORM_PARAMS.shift]: String(state.shift),
    [NORM_PARAMS.scale]: String(state.scale),
    [NORM_PARAMS.model]: state.model,
  };
}

/** The vector with `count` entries: cut from the end, or extended with zeros. */
export function resizeVector(vector: readonly number[], count: number): number[] {
  return Array.from({ length: count }, (_, i) => vector[i] ?? 0);
}
