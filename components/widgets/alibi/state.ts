// The ALiBi widget's state: how many heads (any count, 40 for Baichuan-13B), which head is drawn,
// the training length, the length shown (past the training length too) and the content score q·k;
// how it travels in the URL (namespace `alibi-`) and how it is clamped.
//
// Pure functions, unit-tested without a browser. Every adjustment comes back as a note.
import { ALIBI_DEMO } from '../../../kernels/demos/alibi-demo.ts';
import { clampAsked, decimalParam, integerParam, type NotANumberNote } from '../shared/numbers.ts';

export type AlibiState = {
  readonly heads: number;
  /** The head whose bias and attention are drawn, 0 … heads − 1. */
  readonly head: number;
  readonly trainLength: number;
  /** Positions shown, 0 … length − 1; the distance chart's query is the last one. */
  readonly length: number;
  /** q·k/√d, the same for every key. */
  readonly qk: number;
};

export const ALIBI_PARAMS = {
  heads: 'alibi-heads',
  head: 'alibi-head',
  trainLength: 'alibi-train',
  length: 'alibi-length',
  qk: 'alibi-qk',
} as const satisfies Record<keyof AlibiState, string>;

export const ALIBI_NAMESPACE = 'alibi';

export const ALIBI_LIMITS = {
  heads: [1, ALIBI_DEMO.maxHeads],
  trainLength: [ALIBI_DEMO.minTrainLength, ALIBI_DEMO.maxTrainLength],
  length: [ALIBI_DEMO.minLength, ALIBI_DEMO.maxLength],
  qk: [-4, 4],
} as const;

export const ALIBI_DEFAULTS: AlibiState = { heads: 8, head: 0, trainLength: 16, length: 48, qk: 1 };

export type AlibiNote =
  | NotANumberNote
  | { readonly kind: 'clamped'; readonly param: string; readonly asked: number; readonly used: number; readonly low: number; readonly high: number };

export function parseAlibiState(search: string, defaults: AlibiState): { state: AlibiState; notes: AlibiNote[] } {
  const params = new URLSearchParams(search);
  const notes: AlibiNote[] = [];
  return {
    state: {
      heads: integerParam(params, ALIBI_PARAMS.heads, defaults.heads, notes),
      head: integerParam(params, ALIBI_PARAMS.head, defaults.head, notes),
      trainLength: integerParam(params, ALIBI_PARAMS.trainLength, defaults.trainLength, notes),
      length: integerParam(params, ALIBI_PARAMS.length, defaults.length, notes),
      qk: decimalParam(params, ALIBI_PARAMS.qk, defaults.qk, notes),
    },
    notes,
  };
}

export function serializeAlibiState(state: AlibiState): Record<string, string> {
  return {
    [ALIBI_PARAMS.heads]: String(state.heads),
    [ALIBI_PARAMS.head]: String(state.head),
    [ALIBI_PARAMS.trainLength]: String(state.trainLength),
    [ALIBI_PARAMS.length]: String(state.length),
    [ALIBI_PARAMS.qk]: String(state.qk),
  };
}

/**
 * Every number inside its bounds: heads, training length and length are whole numbers, the head is
 * one of the heads, q·k is in −4 … 4 (a tenth at most is kept). A value that is not finite (an
 * empty field) counts as the lower bound.
 */
export function resolveAlibiState(state: AlibiState): { state: AlibiState; notes: AlibiNote[] } {
  const notes: AlibiNote[] = [];
  const bounded = (key: keyof AlibiState, low: number, high: number, round: (x: number) => number): number => {
    const asked = state[key];
    const used = clampAsked(asked, low, high, round);
    if (used !== asked) notes.push({ kind: 'clamped', param: ALIBI_PARAMS[key], asked, used, low, high });
    return used;
  };
  const whole = Math.round;
  const heads = bounded('heads', ...ALIBI_LIMITS.heads, whole);
  return {
    state: {
      heads,
      head: bounded('head', 0, heads - 1, whole),
      trainLength: bounded('trainLength', ...ALIBI_LIMITS.trainLength, whole),
      length: bounded('length', ...ALIBI_LIMITS.length, whole),
      qk: bounded('qk', ...ALIBI_LIMITS.qk, (x) => Math.round(x * 10) / 10 + 0),
    },
    notes,
  };
}
