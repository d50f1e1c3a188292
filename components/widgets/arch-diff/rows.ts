// The compare table's rows for two models in one language: pure, so the page renders the first
// table at build time and the client redraws it with the same function.
import { archDiff } from '../../../kernels/families/arch-diff.ts';
import { modelById } from '../../../kernels/families/catalog.ts';
import type { Lang } from '../shared/lang.ts';
import type { ArchDiffState } from './state.ts';
import { ARCH_DIFF_STRINGS, aspectValue } from './strings.ts';

export type DiffRow = { readonly aspect: string; readonly label: string; readonly a: string; readonly b: string; readonly href: string };

export type DiffView = { readonly rows: readonly DiffRow[]; readonly summary: string; readonly same: string };

export function diffView(state: ArchDiffState, lang: Lang): DiffView {
  const s = ARCH_DIFF_STRINGS[lang];
  const { differences, same } = archDiff(modelById(state.a), modelById(state.b));
  const rows = differences.map(({ aspect, a, b, article }) => ({
    aspect,
    label: s.aspects[aspect],
    a: aspectValue(aspect, a, lang),
    b: aspectValue(aspect, b, lang),
    href: `/${lang}/${article}/`,
  }));
  const summary = differences.length === 0 ? s.identical : s.summary(differences.length, same.length);
  const sameText = same.length === 0 ? '' : s.sameList(same.map((aspect) => s.aspects[aspect]).join(lang === 'zh' ? '、' : ', '));
  return { rows, summary, same: sameText };
}
