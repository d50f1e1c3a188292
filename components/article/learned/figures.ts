// The learned figures of one trained model (learned.json), and the rule for "a head that stands out":
// at least twice the attention an even spread over the visible keys would give the same key.
import learned from '../../../kernels/families/trained-figures/learned.json' with { type: 'json' };
import type { LearnedFigures } from '../../../kernels/families/trained-figures/types.ts';

export const STANDS_OUT = 2;

export function learnedOf(id: string): LearnedFigures {
  const figures = (learned as LearnedFigures[]).find((f) => f.id === id);
  if (figures === undefined) throw new Error(`learned.json has no entry for '${id}': run node scripts/train/learned.ts`);
  return figures;
}

export function separatorStandsOut(figures: LearnedFigures): boolean {
  return figures.separator.attention >= STANDS_OUT * figures.separator.uniform;
}
