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
  /** What it is there to show, in both languages. */
  readonly teaches: { readonly zh: string; readonly en: string };
};

export const TRAINED_VARIANTS: readonly TrainedVariant[] = [
  {
    id: 'llama',
    replica: 'llama',
    family: 'LLaMA',
    teaches: { zh: 'RoPE、因果掩码、多头注意力', en: 'RoPE, causal mask, multi-head attention' },
  },
  {
    id: 'llama2-gqa',
    replica: 'llama2-gqa',
    family: 'Llama 2',
    teaches: { zh: '分组查询注意力（8 个查询头共享 4 组 K/V）', en: 'grouped-query attention (8 query heads share 4 K/V heads)' },
  },
  {
    id: 'chatglm-6b',
    replica: 'chatglm-6b',
    family: 'ChatGLM-6B',
    teaches: {
      zh: '二维 RoPE、[gMASK]/<sop> 前缀语言模型、GELU MLP、α·LN(x) 残差',
      en: '2D RoPE, prefix LM with [gMASK]/<sop>, GELU MLP, α·LN(x) residual',
    },
  },
  {
    id: 'chatglm2',
    replica: 'chatglm2-6b',
    family: 'ChatGLM2-6B',
    teaches: { zh: '部分交错 RoPE、2 组 K/V', en: 'partial interleaved RoPE, 2 K/V groups' },
  },
  {
    id: 'baichuan-13b',
    replica: 'baichuan-13b',
    family: 'Baichuan-13B',
    teaches: { zh: 'ALiBi 位置偏置', en: 'ALiBi position bias' },
  },
  {
    id: 'qwen',
    replica: 'qwen',
    family: 'Qwen',
    teaches: {
      zh: 'QKV 偏置、不共享的输出头；推理时的动态 NTK 与 logN',
      en: 'QKV bias, untied head; dynamic NTK and logN at inference',
    },
  },
];

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
