// The model panel's script for presenter mode: run the prompt on the trained model, walk the attention
// heatmap through heads and layers, generate a sampled continuation token by token, then run the
// same prompt with random weights to show what training changed. Each step is a link's parameters, so a step shows what that link would show.
import type { PresenterStep } from '../shared/presenter.ts';
import type { Lang } from '../shared/lang.ts';
import type { Weights } from '../shared/weights.ts';
import { SAMPLING_PARAMS } from './sampling-state.ts';
import { MODEL_PARAMS } from './state.ts';
import { MODEL_STRINGS } from './strings.ts';

/** The scripted steps for a model of `layers` layers and `heads` query heads (and a trained model or not), captioned in `lang`. */
export function modelPresenterSteps(
  lang: Lang,
  { layers, heads, trained }: { layers: number; heads: number; trained: boolean },
): PresenterStep[] {
  const text = MODEL_STRINGS[lang].presenter;
  const view = (layer: number, head: number, weights: Weights = 'trained') => ({
    [MODEL_PARAMS.weights]: weights,
    [MODEL_PARAMS.layer]: String(layer),
    [MODEL_PARAMS.head]: String(head),
  });
  const last = Math.max(0, layers - 1);
  const steps: PresenterStep[] = [{ caption: text.prompt, params: view(0, 0) }];
  if (heads > 1) steps.push({ caption: text.head(0, 1), params: view(0, 1) });
  if (last > 0) steps.push({ caption: text.lastLayer(last, 0), params: view(last, 0) });
  if (last > 0 && heads > 1) steps.push({ caption: text.lastLayer(last, heads - 1), params: view(last, heads - 1) });
  /** The step that generates (the panel's presenter runs "Generate" for a step that names a token count). */
  const generate = { [SAMPLING_PARAMS.temperature]: '0.8', [SAMPLING_PARAMS.topP]: '0.9', [SAMPLING_PARAMS.seed]: '1', [SAMPLING_PARAMS.maxNew]: '16' };
  if (trained) steps.push({ caption: text.generate, params: { ...view(last, 0), ...generate } });
  if (trained) steps.push({ caption: text.untrained, params: view(0, 0, 'random') });
  return steps;
}
