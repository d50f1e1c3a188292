// What the family articles say about a trained model's learned figures (looked up in
// kernels/families/trained-figures/lookup.ts): the rule for "a head that stands out" (at least twice
// the attention an even spread over the visible keys would give the same key), the previous-token
// head's threshold, and links that open the model panel on a head.
import { learnedOf } from '../../../kernels/families/trained-figures/lookup.ts';
import type { HeadScore, LearnedFigures } from '../../../kernels/families/trained-figures/types.ts';
import { MODEL_PARAMS } from '../../widgets/model/state.ts';

export const STANDS_OUT = 2;

/** A previous-token head, in the sense the interpretability literature uses: at least half of its
 *  attention on token i−1 on average. The strongest head of a model may fall short of it. */
export const PREVIOUS_TOKEN_HEAD = 0.5;

export function hasPreviousTokenHead(figures: LearnedFigures): boolean {
  return figures.previousToken.attention >= PREVIOUS_TOKEN_HEAD;
}

/** The head a prefix LM reads furthest ahead with (learned.json), for a panel to open on. */
export function prefixReaderOf(id: string): HeadScore & { readonly onMarkers: number } {
  const reader = learnedOf(id).prefixReader;
  if (reader === undefined) throw new Error(`learned.json has no prefix reader for '${id}' (a prefix LM only)`);
  return reader;
}

/** A link that opens the page's model panel on a trained model (by its replica's name) at one layer and head. */
export const panelLink = (replica: string, layer: number, head: number) =>
  `?${new URLSearchParams({ [MODEL_PARAMS.replica]: replica, [MODEL_PARAMS.weights]: 'trained', [MODEL_PARAMS.layer]: String(layer), [MODEL_PARAMS.head]: String(head) })}#model-panel`;

export function separatorStandsOut(figures: LearnedFigures): boolean {
  return figures.separator.attention >= STANDS_OUT * figures.separator.uniform;
}
