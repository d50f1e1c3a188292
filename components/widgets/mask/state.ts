// The mask widget's state: what the reader chose (text, mask mode, prefix length, probe position,
// head), how it travels in the URL, and how it is clamped to the tokens the text actually has.
//
// Pure functions only, so the rules are unit-tested without a browser. Clamping never touches the
// reader's text: it only bounds the numbers, and every adjustment comes back as a note that the
// widget shows in its message area.
import type { MaskMode } from '../../../kernels/ops/mask/reference.ts';
import { segmentText } from '../../../kernels/text/segment.ts';
import { clamp, integerParam, type NotANumberNote } from '../shared/numbers.ts';

export const MASK_MODES: readonly MaskMode[] = ['causal', 'prefix', 'bidirectional'];

export type MaskWidgetState = {
  readonly text: string;
  readonly mode: MaskMode;
  /** Prefix length p (prefix mode): keys 0..p−1 are read by every query. */
  readonly prefix: number;
  /** The position k whose token is replaced to show which outputs depend on it. */
  readonly probe: number;
  /** The attention head whose probabilities are drawn. */
  readonly head: number;
};

/** URL parameter names, namespaced so other widgets on the page can keep their own. */
export const MASK_PARAMS = {
  text: 'mask-text',
  mode: 'mask-mode',
  prefix: 'mask-prefix',
  probe: 'mask-probe',
  head: 'mask-head',
} as const satisfies Record<keyof MaskWidgetState, string>;

export const MASK_NAMESPACE = 'mask';

/** Why the widget did not use the state exactly as given. The strings table turns these into sentences. */
export type StateNote =
  | { readonly kind: 'unknown-mode'; readonly value: string }
  | NotANumberNote
  | { readonly kind: 'empty-text' }
  | { readonly kind: 'truncated'; readonly shown: number; readonly total: number }
  | { readonly kind: 'prefix-clamped'; readonly asked: number; readonly used: number; readonly tokens: number }
  | { readonly kind: 'probe-clamped'; readonly asked: number; readonly used: number; readonly tokens: number }
  | { readonly kind: 'head-clamped'; readonly asked: number; readonly used: number; readonly heads: number };

export type Limits = { readonly maxTokens: number; readonly heads: number };

export function isMaskMode(value: string): value is MaskMode {
  return (MASK_MODES as readonly string[]).includes(value);
}

/**
 * The state a URL asks for, on top of `defaults`: parameters that are absent keep the default,
 * ill-formed ones keep it too and add a note. Numbers are not clamped here (the text decides the
 * bounds); see `resolveMaskState`.
 */
export function parseMaskState(search: string, defaults: MaskWidgetState): { state: MaskWidgetState; notes: StateNote[] } {
  const params = new URLSearchParams(search);
  const notes: StateNote[] = [];

  const mode = params.get(MASK_PARAMS.mode);
  let parsedMode = defaults.mode;
  if (mode !== null) {
    if (isMaskMode(mode)) parsedMode = mode;
    else notes.push({ kind: 'unknown-mode', value: mode });
  }

  return {
    state: {
      text: params.get(MASK_PARAMS.text) ?? defaults.text,
      mode: parsedMode,
      prefix: integerParam(params, MASK_PARAMS.prefix, defaults.prefix, notes),
      probe: integerParam(params, MASK_PARAMS.probe, defaults.probe, notes),
      head: integerParam(params, MASK_PARAMS.head, defaults.head, notes),
    },
    notes,
  };
}

/** The URL parameters that restore `state` exactly. */
export function serializeMaskState(state: MaskWidgetState): Record<string, string> {
  return {
    [MASK_PARAMS.text]: state.text,
    [MASK_PARAMS.mode]: state.mode,
    [MASK_PARAMS.prefix]: String(state.prefix),
    [MASK_PARAMS.probe]: String(state.probe),
    [MASK_PARAMS.head]: String(state.head),
  };
}

export type ResolvedMaskState = {
  /** The state with its numbers inside their bounds; the text is the reader's, unchanged. */
  readonly state: MaskWidgetState;
  /** The tokens the widget computes on: at most `maxTokens` of them. */
  readonly tokens: string[];
  /** How many pieces the whole text has (more than tokens.length when truncated). */
  readonly totalPieces: number;
  readonly notes: StateNote[];
};

/**
 * Segments the text, truncates it to `maxTokens` and clamps the numbers to what T tokens allow:
 * prefix in 0..T, probe in 0..T−1, head in 0..heads−1. With no tokens at all there is nothing to
 * compute: the state stays as it was (the numbers apply again once text is back) and the one note
 * says so.
 */
export function resolveMaskState(state: MaskWidgetState, limits: Limits): ResolvedMaskState {
  const { tokens, totalPieces } = segmentText(state.text, limits.maxTokens);
  const tokenCount = tokens.length;
  const notes: StateNote[] = [];
  if (tokenCount === 0) {
    notes.push({ kind: 'empty-text' });
    return { state, tokens, totalPieces, notes };
  }
  if (totalPieces > tokenCount) notes.push({ kind: 'truncated', shown: tokenCount, total: totalPieces });

  const prefix = clamp(state.prefix, 0, tokenCount);
  if (prefix !== state.prefix) notes.push({ kind: 'prefix-clamped', asked: state.prefix, used: prefix, tokens: tokenCount });
  const probe = clamp(state.probe, 0, tokenCount - 1);
  if (probe !== state.probe) notes.push({ kind: 'probe-clamped', asked: state.probe, used: probe, tokens: tokenCount });
  const head = clamp(state.head, 0, limits.heads - 1);
  if (head !== state.head) notes.push({ kind: 'head-clamped', asked: state.head, used: head, heads: limits.heads });

  return { state: { ...state, prefix, probe, head }, tokens, totalPieces, notes };
}
