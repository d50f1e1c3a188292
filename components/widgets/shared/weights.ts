// Trained or untrained: which weights a widget that shows a model's tensors runs. The trained tiny
// models (kernels/families/trained.ts) are the default; the switch swaps in random weights for the
// same config and tokenizer (kernels/families/untrained.ts), so a reader sees what training
// changed. Variants without a trained model (Baichuan-7B, Qwen2, …) run their replica, and the
// switch says so.
//
// Light on purpose (no runtime, no models): the controllers import it before anything loads.
import { trainedOfReplica } from '../../../kernels/families/trained.ts';
import type { Lang } from './lang.ts';
import type { Source } from './models.ts';

export const WEIGHTS = ['trained', 'random'] as const;
export type Weights = (typeof WEIGHTS)[number];

/** A weights parameter in a link that is neither 'trained' nor 'random'. */
export type UnknownWeightsNote = { readonly kind: 'unknown-weights'; readonly param: string; readonly value: string };

export function hasTrained(replica: string): boolean {
  return trainedOfReplica(replica) !== undefined;
}

/** The weights that actually run: random when the reader asked for them or the variant has no trained model. */
export function weightsUsed(replica: string, asked: Weights): Weights {
  return asked === 'trained' && hasTrained(replica) ? 'trained' : 'random';
}

/**
 * Where the model of replica `replica` comes from under `asked`: the trained model, or for random
 * weights its untrained twin (the trained model's config and tokenizer), so the switch changes the
 * weights and nothing else. A variant without a trained model runs its replica.
 */
export function sourceOf(replica: string, asked: Weights): Extract<Source, { kind: 'trained' | 'untrained' | 'replica' }> {
  const trained = trainedOfReplica(replica);
  if (trained === undefined) return { kind: 'replica', name: replica };
  return asked === 'trained' ? { kind: 'trained', id: trained.id } : { kind: 'untrained', id: trained.id };
}

/** The weights a URL parameter asks for; an unknown value keeps `fallback` and adds a note. */
export function weightsParam(
  params: URLSearchParams,
  name: string,
  fallback: Weights,
  notes: { push(note: UnknownWeightsNote): unknown },
): Weights {
  const value = params.get(name);
  if (value === null) return fallback;
  if ((WEIGHTS as readonly string[]).includes(value)) return value as Weights;
  notes.push({ kind: 'unknown-weights', param: name, value });
  return fallback;
}

export type WeightsStrings = {
  /** The switch's label. */
  readonly untrained: string;
  /** What the switch does, under it. */
  readonly hint: string;
  /** Under the switch when the variant has no trained model. */
  readonly onlyRandom: string;
  readonly unknown: (note: UnknownWeightsNote) => string;
};

export const WEIGHTS_STRINGS: Record<Lang, WeightsStrings> = {
  en: {
    untrained: 'Untrained (random weights)',
    hint: 'By default the model was trained on two CPU cores on classical Chinese poems and English prose. Tick to run the same architecture and tokenizer with random weights and compare.',
    onlyRandom: 'This variant has no trained model here: it runs with random weights.',
    unknown: (note) => `“${note.value}” is not a choice of weights (${note.param}: trained or random); using the trained model.`,
  },
  zh: {
    untrained: '未训练（随机权重）',
    hint: '默认运行的模型在两个 CPU 核上用古诗和英文短文训练过。勾选后换成同一架构、同一分词器、随机权重的模型，可以对比训练带来了什么。',
    onlyRandom: '这个变体在这里没有训练好的模型，只能以随机权重运行。',
    unknown: (note) => `“${note.value}”不是可选的权重（${note.param}：trained 或 random），已改用训练好的模型。`,
  },
};
