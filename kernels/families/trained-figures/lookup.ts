// One trained model's entry in the measured figures: learned.json (heads, losses) and training.json
// (steps and seconds of its last run). Pages, widgets and tests look them up here by the model's id,
// so a missing entry fails the same way everywhere, with the command that writes it.
import learned from './learned.json' with { type: 'json' };
import training from './training.json' with { type: 'json' };
import type { LearnedFigures, TrainingRecord } from './types.ts';

export function learnedOf(id: string): LearnedFigures {
  const figures = (learned as LearnedFigures[]).find((f) => f.id === id);
  if (figures === undefined) throw new Error(`learned.json has no entry for '${id}': run node scripts/train/learned.ts`);
  return figures;
}

/** A trained model's own run in the last `npm run train-tiny`: steps and wall seconds. */
export function trainingOf(id: string): TrainingRecord['models'][number] {
  const run = (training as TrainingRecord).models.find((m) => m.id === id);
  if (run === undefined) throw new Error(`training.json has no run for '${id}': run scripts/train/record_training.py`);
  return run;
}
