// The RoPE widget's state: what the reader chose (mode, pairing, head size, base, positions, the
// context-extension method and lengths), how it travels in the URL, and how it is clamped.
//
// Pure functions only, so the rules are unit-tested without a browser. Every adjustment comes back
// as a note that the widget shows in its message area.
import {
  ROPE_DEMO,
  ROPE_EXTENSIONS,
  ROPE_MODES,
  ROPE_STYLES,
  type RopeDemoRequest,
  type RopeVectors,
} from '../../../kernels/demos/rope-demo.ts';
import { clamp, integerParam, type NotANumberNote } from '../shared/numbers.ts';

/**
 * What the reader chose: the demo's request (mode, pairing, head size, base, positions m, n and Δ,
 * block positions, extension, S and L), with the distance axis named by the range it spans.
 */
export type RopeWidgetState = Omit<RopeDemoRequest, 'maxDistance'> & {
  /** The position and distance axes run 0 … range. */
  readonly range: number;
};

/** URL parameter names, namespaced so other widgets on the page keep their own. */
export const ROPE_PARAMS = {
  mode: 'rope-mode',
  style: 'rope-style',
  headDim: 'rope-d',
  base: 'rope-base',
  vectors: 'rope-vectors',
  query: 'rope-m',
  key: 'rope-n',
  shift: 'rope-shift',
  queryBlock: 'rope-qblock',
  keyBlock: 'rope-kblock',
  extension: 'rope-ext',
  trained: 'rope-s',
  target: 'rope-l',
  range: 'rope-range',
} as const satisfies Record<keyof RopeWidgetState, string>;

export const ROPE_NAMESPACE = 'rope';

export const ROPE_VECTORS: readonly RopeVectors[] = ['same', 'random'];
export const ROPE_RANGES: readonly number[] = [64, 256, 1024, 4096, 16384, 65536];

export const ROPE_DEFAULTS: RopeWidgetState = {
  mode: 'full',
  style: 'half',
  headDim: 16,
  base: 10000,
  vectors: 'same',
  query: 3,
  key: 0,
  shift: 10,
  queryBlock: 1,
  keyBlock: 0,
  extension: 'ntk',
  trained: 2048,
  target: 8192,
  range: 256,
};

/** Bounds of the typed numbers. */
export const ROPE_BOUNDS = {
  base: [2, 1e9],
  trained: [16, ROPE_DEMO.maxPosition],
  target: [16, 16 * ROPE_DEMO.maxPosition],
} as const;

type ChoiceParam = 'mode' | 'style' | 'vectors' | 'extension';
type NumberParam = 'headDim' | 'base' | 'query' | 'key' | 'shift' | 'queryBlock' | 'keyBlock' | 'trained' | 'target' | 'range';

/** Why the widget did not use the state exactly as given; strings.ts turns these into sentences. */
export type StateNote =
  | { readonly kind: 'unknown-choice'; readonly param: ChoiceParam; readonly value: string }
  | NotANumberNote
  | { readonly kind: 'clamped'; readonly param: NumberParam; readonly asked: number; readonly used: number };

function choiceParam<T extends string>(
  params: URLSearchParams,
  name: ChoiceParam,
  allowed: readonly T[],
  fallback: T,
  notes: StateNote[],
): T {
  const value = params.get(ROPE_PARAMS[name]);
  if (value === null) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  notes.push({ kind: 'unknown-choice', param: name, value });
  return fallback;
}

/** A decimal number (the base may be 10000, 1e6 or 500000.5); malformed text keeps the fallback. */
function numberParam(params: URLSearchParams, name: string, fallback: number, notes: StateNote[]): number {
  const value = params.get(name);
  if (value === null) return fallback;
  const parsed = Number(value.trim());
  if (value.trim() !== '' && Number.isFinite(parsed)) return parsed;
  notes.push({ kind: 'not-a-number', param: name, value });
  return fallback;
}

/** The state a URL asks for, on top of `defaults`; numbers are clamped by `resolveRopeState`. */
export function parseRopeState(search: string, defaults: RopeWidgetState): { state: RopeWidgetState; notes: StateNote[] } {
  const params = new URLSearchParams(search);
  const notes: StateNote[] = [];
  const int = (key: NumberParam) => integerParam(params, ROPE_PARAMS[key], defaults[key], notes);
  return {
    state: {
      mode: choiceParam(params, 'mode', ROPE_MODES, defaults.mode, notes),
      style: choiceParam(params, 'style', ROPE_STYLES, defaults.style, notes),
      headDim: int('headDim'),
      base: numberParam(params, ROPE_PARAMS.base, defaults.base, notes),
      vectors: choiceParam(params, 'vectors', ROPE_VECTORS, defaults.vectors, notes),
      query: int('query'),
      key: int('key'),
      shift: int('shift'),
      queryBlock: int('queryBlock'),
      keyBlock: int('keyBlock'),
      extension: choiceParam(params, 'extension', ROPE_EXTENSIONS, defaults.extension, notes),
      trained: int('trained'),
      target: int('target'),
      range: int('range'),
    },
    notes,
  };
}

/** The URL parameters that restore `state` exactly. */
export function serializeRopeState(state: RopeWidgetState): Record<string, string> {
  const entries = Object.entries(ROPE_PARAMS).map(([key, param]) => [param, String(state[key as keyof RopeWidgetState])]);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The allowed value closest to `value` (the first of two equally close). */
function nearest(value: number, allowed: readonly number[]): number {
  return allowed.reduce((best, option) => (Math.abs(option - value) < Math.abs(best - value) ? option : best));
}

/**
 * Every number inside its bounds: head dim and range snapped to their lists, the base and the
 * lengths to ROPE_BOUNDS, positions and the shift to 0 … range, block positions to 0 … maxBlock.
 * Resolving a resolved state changes nothing.
 */
export function resolveRopeState(state: RopeWidgetState): { state: RopeWidgetState; notes: StateNote[] } {
  const notes: StateNote[] = [];
  const fix = (param: NumberParam, used: number): number => {
    if (used !== state[param]) notes.push({ kind: 'clamped', param, asked: state[param], used });
    return used;
  };
  const range = fix('range', nearest(state.range, ROPE_RANGES));
  const resolved: RopeWidgetState = {
    ...state,
    headDim: fix('headDim', nearest(state.headDim, ROPE_DEMO.headDims)),
    base: fix('base', clamp(state.base, ...ROPE_BOUNDS.base)),
    query: fix('query', clamp(state.query, 0, range)),
    key: fix('key', clamp(state.key, 0, range)),
    shift: fix('shift', clamp(state.shift, 0, range)),
    queryBlock: fix('queryBlock', clamp(state.queryBlock, 0, ROPE_DEMO.maxBlock)),
    keyBlock: fix('keyBlock', clamp(state.keyBlock, 0, ROPE_DEMO.maxBlock)),
    trained: fix('trained', clamp(state.trained, ...ROPE_BOUNDS.trained)),
    target: fix('target', clamp(state.target, ...ROPE_BOUNDS.target)),
    range,
  };
  return { state: resolved, notes };
}
