// The compare widget's state: the two catalog models side by side, as `diff-a` and `diff-b` in the
// URL. Pure functions, unit-tested without a browser; an unknown model id keeps the default and is said.
import { models, type ModelId } from '../../../kernels/families/catalog.ts';

export type ArchDiffState = { readonly a: ModelId; readonly b: ModelId };

export const ARCH_DIFF_PARAMS = { a: 'diff-a', b: 'diff-b' } as const satisfies Record<keyof ArchDiffState, string>;
export const ARCH_DIFF_NAMESPACE = 'diff';
export const ARCH_DIFF_DEFAULT: ArchDiffState = { a: 'llama-7b', b: 'llama-2-7b' };

/** The models a reader can pick: every catalog entry, releases first. */
export const PICKABLE: readonly ModelId[] = [...models].sort((x, y) => Number(x.role !== 'release') - Number(y.role !== 'release')).map((m) => m.id);

export type ArchDiffNote = { readonly kind: 'unknown-model'; readonly param: string; readonly value: string };

export function isModelId(value: string): value is ModelId {
  return (PICKABLE as readonly string[]).includes(value);
}

export function parseArchDiffState(search: string, defaults: ArchDiffState): { state: ArchDiffState; notes: ArchDiffNote[] } {
  const params = new URLSearchParams(search);
  const notes: ArchDiffNote[] = [];
  const pick = (param: string, fallback: ModelId): ModelId => {
    const value = params.get(param);
    if (value === null) return fallback;
    if (isModelId(value)) return value;
    notes.push({ kind: 'unknown-model', param, value });
    return fallback;
  };
  return { state: { a: pick(ARCH_DIFF_PARAMS.a, defaults.a), b: pick(ARCH_DIFF_PARAMS.b, defaults.b) }, notes };
}

export function serializeArchDiffState(state: ArchDiffState): Record<string, string> {
  return { [ARCH_DIFF_PARAMS.a]: state.a, [ARCH_DIFF_PARAMS.b]: state.b };
}
