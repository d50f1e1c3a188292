// The tiny models trained on real text (scripts/train/): one per mechanism the articles teach, saved
// like released checkpoints under public/models/trained/<id>/ (config.json, model.safetensors,
// tokenizer.json). Unlike the random replicas (tiny/), their predictions come from text: on held-out
// poems and prose they beat the best unigram model. scripts/train/README.md has the figures, and what
// they have not learned yet at the shipped training length.
//
// This module only names them and says where they are; a page fetches a folder when a reader asks.
import type { ReplicaName } from './tiny/replica.ts';

export type TrainedVariant = {
  /** Folder name under models/trained/. */
  readonly id: string;
  /** The released family it replicates (for labels). */
  readonly family: string;
  /** The random-weight tiny replica with the same architecture (tiny/replica.ts), for comparison. */
  readonly replica: ReplicaName;
};

export const TRAINED_VARIANTS: readonly TrainedVariant[] = [
  { id: 'llama', replica: 'llama', family: 'LLaMA' },
  { id: 'llama2-gqa', replica: 'llama2-gqa', family: 'Llama 2' },
  { id: 'chatglm-6b', replica: 'chatglm-6b', family: 'ChatGLM-6B' },
  { id: 'chatglm2', replica: 'chatglm2-6b', family: 'ChatGLM2-6B' },
  { id: 'baichuan-13b', replica: 'baichuan-13b', family: 'Baichuan-13B' },
  { id: 'qwen', replica: 'qwen', family: 'Qwen' },
];

/** The trained model named `id` (a page naming one that does not exist fails its build). */
export function trainedVariant(id: string): TrainedVariant {
  const variant = TRAINED_VARIANTS.find((v) => v.id === id);
  if (variant === undefined) throw new Error(`no trained model named '${id}'`);
  return variant;
}

/** The trained model replicating tiny replica `replica`, if there is one. */
export function trainedOfReplica(replica: string): TrainedVariant | undefined {
  return TRAINED_VARIANTS.find((v) => v.replica === replica);
}

/** The files of a trained model's folder. */
export const TRAINED_FILES = ['config.json', 'model.safetensors', 'tokenizer.json'] as const;

/** A variant's folder, relative to the site's base URL (or to public/ on disk). */
export function trainedPath(id: string): string {
  return `models/trained/${id}/`;
}

/** The held-out text the quality figures are measured on (never trained on). */
export const HELDOUT_PATH = 'models/trained/heldout.txt';

/** Tokens per training sequence: the quality checks feed held-out text in windows this long. */
export const TRAINED_WINDOW = 64;
