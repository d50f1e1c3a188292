// The "untrained" side of the trained/untrained switch: a trained model's own config.json and
// tokenizer.json with random weights in place of the trained ones. Comparing the two then changes
// nothing but the weights: the same heads, the same tokens of the same prompt, the same shapes.
import { CONFIG_FILE } from '../checkpoint/load.ts';
import { memorySource, type CheckpointSource } from '../checkpoint/source.ts';
import { TOKENIZER_FILE } from '../tokenizers/json.ts';
import { randomWeightsFor } from './tiny/replica.ts';
import type { TrainedVariant } from './trained.ts';

/** The files the untrained twin needs from the trained folder (no weights). */
export const UNTRAINED_FILES = [CONFIG_FILE, TOKENIZER_FILE] as const;

/** Trained model `variant` (its folder read through `trained`) with random weights, in memory. */
export async function untrainedTwin(variant: TrainedVariant, trained: CheckpointSource): Promise<CheckpointSource> {
  const config = JSON.parse(await trained.readText(CONFIG_FILE)) as Record<string, unknown>;
  const tokenizer = await trained.readBytes(TOKENIZER_FILE);
  return memorySource(randomWeightsFor(variant.replica, config, tokenizer));
}
