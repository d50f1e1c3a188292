// The model panel's sampling controls as state: temperature, top-k, top-p, seed and how many tokens
// "Generate" adds; their URL parameters, and the bounds each is held to (a note for every number
// that had to move). Pure functions, unit-tested without a browser; the draw itself is kernels/sampling.ts.
import { clampAsked, decimalParam, integerParam, type NotANumberNote } from '../shared/numbers.ts';

export type PanelSampling = {
  /** 0 = greedy (the most probable token). */
  readonly temperature: number;
  /** 0 = every token. */
  readonly topK: number;
  /** 1 = every token. */
  readonly topP: number;
  readonly seed: number;
  /** Tokens one "Generate" adds after the prompt. */
  readonly maxNew: number;
};

/** Greedy by default, so "Next token" appends the first of the top-5 list until the reader warms it. */
export const DEFAULT_SAMPLING: PanelSampling = { temperature: 0, topK: 0, topP: 1, seed: 1, maxNew: 16 };

export const SAMPLING_PARAMS = {
  temperature: 'model-temperature',
  topK: 'model-top-k',
  topP: 'model-top-p',
  seed: 'model-seed',
  maxNew: 'model-new',
} as const satisfies Record<keyof PanelSampling, string>;

/** Each number's bounds and whether it is whole (the inputs' min, max and step come from here too). */
export const SAMPLING_BOUNDS = {
  temperature: { low: 0, high: 2, step: 0.1, whole: false },
  topK: { low: 0, high: 200, step: 1, whole: true },
  topP: { low: 0.05, high: 1, step: 0.05, whole: false },
  seed: { low: 0, high: 999_999, step: 1, whole: true },
  maxNew: { low: 1, high: 64, step: 1, whole: true },
} as const satisfies Record<keyof PanelSampling, { low: number; high: number; step: number; whole: boolean }>;

export type SamplingNote =
  | NotANumberNote
  | { readonly kind: 'sampling-clamped'; readonly param: string; readonly asked: number; readonly used: number; readonly low: number; readonly high: number };

const KEYS = Object.keys(SAMPLING_PARAMS) as (keyof PanelSampling)[];

/** Every number moved into its bounds (whole ones rounded; an empty field becomes the low end), with a note per change. */
export function fitSampling(asked: PanelSampling): { sampling: PanelSampling; notes: SamplingNote[] } {
  const notes: SamplingNote[] = [];
  const fitted = { ...asked };
  for (const key of KEYS) {
    const { low, high, whole } = SAMPLING_BOUNDS[key];
    const used = clampAsked(asked[key], low, high, whole ? Math.round : (x) => x);
    if (used !== asked[key]) notes.push({ kind: 'sampling-clamped', param: SAMPLING_PARAMS[key], asked: asked[key], used, low, high });
    fitted[key] = used;
  }
  return { sampling: fitted, notes };
}

/** The sampling a link asks for on top of `defaults`, fitted to the bounds. */
export function parseSampling(params: URLSearchParams, defaults: PanelSampling, notes: { push(...notes: SamplingNote[]): unknown }): PanelSampling {
  const asked = { ...defaults };
  for (const key of KEYS) {
    const read = SAMPLING_BOUNDS[key].whole ? integerParam : decimalParam;
    asked[key] = read(params, SAMPLING_PARAMS[key], defaults[key], notes);
  }
  const fitted = fitSampling(asked);
  notes.push(...fitted.notes);
  return fitted.sampling;
}

export function serializeSampling(sampling: PanelSampling): Record<string, string> {
  return Object.fromEntries(KEYS.map((key) => [SAMPLING_PARAMS[key], String(sampling[key])]));
}
