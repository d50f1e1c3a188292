// The FlashAttention widget's state: sequence length N, block size Bc (= Br), head dimension d, the
// causal mask, the seed of Q, K, V and the query row whose m and ℓ are traced; how it travels in the
// URL (namespace `flash-`) and how it is kept inside the demo's limits.
//
// Pure functions, unit-tested without a browser. Every number is a whole number in its range (Bc in
// 1..N, the row in 0..N − 1, so they follow N); anything else is moved to the nearest allowed value
// and a note says so. Text that is no number keeps the last value, with a note. The reader's typed
// text is never rewritten here: the controller leaves the field as typed and shows the note.
import { FLASH_DEMO } from '../../../kernels/demos/flash-attention-demo.ts';
import { clampAsked, integerParam, type NotANumberNote } from '../shared/numbers.ts';
import { parseDecimal } from '../shared/decimal.ts';

export type FlashState = {
  readonly N: number;
  readonly Bc: number;
  readonly d: number;
  readonly causal: boolean;
  readonly seed: number;
  readonly row: number;
};

export const FLASH_PARAMS = {
  N: 'flash-n',
  Bc: 'flash-bc',
  d: 'flash-d',
  causal: 'flash-causal',
  seed: 'flash-seed',
  row: 'flash-row',
} as const satisfies Record<keyof FlashState, string>;

export const FLASH_NAMESPACE = 'flash';

export const FLASH_LIMITS = {
  N: [FLASH_DEMO.minN, FLASH_DEMO.maxN],
  d: [FLASH_DEMO.minD, FLASH_DEMO.maxD],
  seed: [FLASH_DEMO.minSeed, FLASH_DEMO.maxSeed],
} as const;

/** 16 positions in blocks of 4 under a causal mask, traced at the last row (it reads every block). */
export const FLASH_DEFAULTS: FlashState = { N: 16, Bc: 4, d: 8, causal: true, seed: 1, row: 15 };

export type FlashNote =
  | NotANumberNote
  | { readonly kind: 'clamped'; readonly param: string; readonly asked: number; readonly used: number; readonly low: number; readonly high: number }
  | { readonly kind: 'not-a-switch'; readonly param: string; readonly value: string };

type Notes = { push(note: FlashNote): unknown };

/** The number a field holds as typed: `fallback`, with a note, when it is no number. */
export function readField(text: string, param: string, fallback: number, notes: Notes): number {
  const value = parseDecimal(text);
  if (value !== undefined) return value;
  notes.push({ kind: 'not-a-number', param, value: text });
  return fallback;
}

function readSwitch(params: URLSearchParams, fallback: boolean, notes: Notes): boolean {
  const value = params.get(FLASH_PARAMS.causal);
  if (value === null) return fallback;
  if (value === '1' || value === '0') return value === '1';
  notes.push({ kind: 'not-a-switch', param: FLASH_PARAMS.causal, value });
  return fallback;
}

/** The state a link asks for on top of `defaults`, before `resolveFlashState` bounds it. */
export function parseFlashState(search: string, defaults: FlashState): { state: FlashState; notes: FlashNote[] } {
  const params = new URLSearchParams(search);
  const notes: FlashNote[] = [];
  const whole = (key: Exclude<keyof FlashState, 'causal'>) => integerParam(params, FLASH_PARAMS[key], defaults[key], notes);
  return {
    state: { N: whole('N'), Bc: whole('Bc'), d: whole('d'), causal: readSwitch(params, defaults.causal, notes), seed: whole('seed'), row: whole('row') },
    notes,
  };
}

export function serializeFlashState(state: FlashState): Record<string, string> {
  return {
    [FLASH_PARAMS.N]: String(state.N),
    [FLASH_PARAMS.Bc]: String(state.Bc),
    [FLASH_PARAMS.d]: String(state.d),
    [FLASH_PARAMS.causal]: state.causal ? '1' : '0',
    [FLASH_PARAMS.seed]: String(state.seed),
    [FLASH_PARAMS.row]: String(state.row),
  };
}

/** Every number a whole number inside its range; Bc and the row are bounded by the N used. */
export function resolveFlashState(state: FlashState): { state: FlashState; notes: FlashNote[] } {
  const notes: FlashNote[] = [];
  const bounded = (key: Exclude<keyof FlashState, 'causal'>, low: number, high: number): number => {
    const asked = state[key];
    const used = clampAsked(asked, low, high);
    if (used !== asked) notes.push({ kind: 'clamped', param: FLASH_PARAMS[key], asked, used, low, high });
    return used;
  };
  const N = bounded('N', ...FLASH_LIMITS.N);
  return {
    state: {
      N,
      Bc: bounded('Bc', 1, N),
      d: bounded('d', ...FLASH_LIMITS.d),
      causal: state.causal,
      seed: bounded('seed', ...FLASH_LIMITS.seed),
      row: bounded('row', 0, N - 1),
    },
    notes,
  };
}
