// The learned figures of one trained model (learned.json), how long it trained (training.json), and
// the rule for "a head that stands out": at least twice the attention an even spread over the
// visible keys would give the same key.
import learned from '../../../kernels/families/trained-figures/learned.json' with { type: 'json' };
import training from '../../../kernels/families/trained-figures/training.json' with { type: 'json' };
import type { HeadScore, LearnedFigures, TrainingRecord } from '../../../kernels/families/trained-figures/types.ts';
import { MODEL_PARAMS } from '../../widgets/model/state.ts';

export const STANDS_OUT = 2;

/** A previous-token head, in the sense the interpretability literature uses: at least half of its
 *  attention on token i−1 on average. The strongest head of a model may fall short of it. */
export const PREVIOUS_TOKEN_HEAD = 0.5;

export function hasPreviousTokenHead(figures: LearnedFigures): boolean {
  return figures.previousToken.attention >= PREVIOUS_TOKEN_HEAD;
}

export function learnedOf(id: string): LearnedFigures {
  const figures = (learned as LearnedFigures[]).find((f) => f.id === id);
  if (figures === undefined) throw new Error(`learned.json has no entry for '${id}': run node scripts/train/learned.ts`);
  return figures;
}

/** The head a prefix LM reads furthest ahead with (learned.json), for a panel to open on. */
export function prefixReaderOf(id: string): HeadScore & { readonly onMarkers: number } {
  const reader = learnedOf(id).prefixReader;
  if (reader === undefined) throw new Error(`learned.json has no prefix reader for '${id}' (a prefix LM only)`);
  return reader;
}

/** A trained model's own run in the last `npm run train-tiny`: steps and wall seconds. */
export function trainingOf(id: string): TrainingRecord['models'][number] {
  const run = (training as TrainingRecord).models.find((m) => m.id === id);
  if (run === undefined) throw new Error(`training.json has no run for '${id}': run scripts/train/record_training.py`);
  return run;
}

/** A link that opens the page's model panel on a trained model (by its replica's name) at one layer and head. */
export const panelLink = (replica: string, layer: number, head: number) =>
  `?${new URLSearchParams({ [MODEL_PARAMS.replica]: replica, [MODEL_PARAMS.weights]: 'trained', [MODEL_PARAMS.layer]: String(layer), [MODEL_PARAMS.head]: String(head) })}#model-panel`;

export function separatorStandsOut(figures: LearnedFigures): boolean {
  return figures.separator.attention >= STANDS_OUT * figures.separator.uniform;
}
