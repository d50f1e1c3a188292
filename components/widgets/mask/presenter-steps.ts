// The mask widget's script for presenter mode: causal, then a prefix that grows step by step, then
// bidirectional. Each step is a link's parameters, so a step shows what that link would show.
import type { PresenterStep } from '../shared/presenter.ts';
import type { Lang } from '../shared/lang.ts';
import { MASK_PARAMS } from './state.ts';
import { MASK_STRINGS } from './strings.ts';

/** Prefix lengths for a text of `tokens` tokens: about a quarter, a half, three quarters (distinct, ≥ 1). */
export function growingPrefixes(tokens: number): number[] {
  const wanted = [0.25, 0.5, 0.75].map((share) => Math.max(1, Math.round(share * tokens)));
  return [...new Set(wanted)].filter((p) => p <= tokens);
}

/** The scripted steps for a text of `tokens` tokens, captioned in `lang`. */
export function maskPresenterSteps(lang: Lang, tokens: number): PresenterStep[] {
  const text = MASK_STRINGS[lang].presenter;
  const mode = MASK_PARAMS.mode;
  const prefix = MASK_PARAMS.prefix;
  return [
    { caption: text.causal, params: { [mode]: 'causal' } },
    ...growingPrefixes(tokens).map((p) => ({ caption: text.prefix(p), params: { [mode]: 'prefix', [prefix]: String(p) } })),
    { caption: text.bidirectional, params: { [mode]: 'bidirectional' } },
  ];
}
