// Tiny replicas: one small checkpoint per family in the real on-disk format (config.json plus
// safetensors with the released tensor names, and a small tokenizer.json), generated deterministically
// from a seed. They exercise the same loading, detection and forward code a real checkpoint would, in
// milliseconds, in the browser (no files) or on disk (`npm run make-tiny -- --out DIR`).
//
// The replicas also cover the format's paths: F16 (llama, chatglm-6b, chatglm2-6b), BF16 (baichuan2-*,
// qwen, qwen2), F32 (the rest), and one sharded checkpoint with model.safetensors.index.json (llama2-gqa).
import { normals, seededRandom, seedFromText } from '../../random.ts';
import { encodeJson, writeShards } from '../../checkpoint/shard.ts';
import type { WritableDtype, WritableTensor } from '../../checkpoint/safetensors.ts';
import { CONFIG_FILE } from '../../checkpoint/load.ts';
import * as configs from './configs.ts';
import type { ReplicaConfig } from './configs.ts';
import { baichuanTensors, chatglm2Tensors, chatglm6bTensors, llamaTensors, qwenTensors } from './tensors.ts';
import type { Init, TensorPlan } from './tensors.ts';
import { tinyTokenizer } from './tokenizer.ts';
import { TOKENIZER_FILE } from '../../tokenizers/json.ts';

type ReplicaRecipe = {
  readonly description: string;
  readonly config: ReplicaConfig;
  readonly tensors: (config: ReplicaConfig) => TensorPlan[];
  readonly dtype: WritableDtype;
  /** Split into this many safetensors files with an index; 1 = a single model.safetensors. */
  readonly shards: number;
};

const RECIPES = {
  llama: {
    description: 'LLaMA-1 style, MHA, F16',
    config: configs.llamaConfig,
    tensors: (c) => llamaTensors(c, false),
    dtype: 'F16',
    shards: 1,
  },
  'llama2-gqa': {
    description: 'Llama 2 70B style GQA (4 query heads, 2 KV heads), F32, 2 shards',
    config: configs.llama2GqaConfig,
    tensors: (c) => llamaTensors(c, false),
    dtype: 'F32',
    shards: 2,
  },
  'chatglm-6b': {
    description: 'ChatGLM-6B: 2-D RoPE, prefix LM, GELU, tied head, F16',
    config: configs.chatglm6bConfig,
    tensors: chatglm6bTensors,
    dtype: 'F16',
    shards: 1,
  },
  'chatglm2-6b': {
    description: 'ChatGLM2-6B (and ChatGLM3-6B): 2 KV groups, interleaved RoPE on half of each head, F16',
    config: configs.chatglm2Config,
    tensors: chatglm2Tensors,
    dtype: 'F16',
    shards: 1,
  },
  'baichuan-7b': {
    description: 'Baichuan-7B: RoPE, W_pack, F32',
    config: configs.baichuan7bConfig,
    tensors: (c) => baichuanTensors(c, true),
    dtype: 'F32',
    shards: 1,
  },
  'baichuan2-7b': {
    description: 'Baichuan2-7B: RoPE, NormHead, BF16',
    config: configs.baichuan2_7bConfig,
    tensors: (c) => baichuanTensors(c, true),
    dtype: 'BF16',
    shards: 1,
  },
  'baichuan-13b': {
    description: 'Baichuan-13B: ALiBi with 6 heads, F32',
    config: configs.baichuan13bConfig,
    tensors: (c) => baichuanTensors(c, false),
    dtype: 'F32',
    shards: 1,
  },
  'baichuan2-13b': {
    description: 'Baichuan2-13B: ALiBi with 12 heads, NormHead, BF16',
    config: configs.baichuan2_13bConfig,
    tensors: (c) => baichuanTensors(c, false),
    dtype: 'BF16',
    shards: 1,
  },
  qwen: {
    description: 'Qwen (first generation): c_attn bias, w1·silu(w2), BF16',
    config: configs.qwenConfig,
    tensors: qwenTensors,
    dtype: 'BF16',
    shards: 1,
  },
  qwen2: {
    description: 'Qwen2: GQA 4 → 2, q/k/v bias, tied embeddings, BF16',
    config: configs.qwen2Config,
    tensors: (c) => llamaTensors(c, true),
    dtype: 'BF16',
    shards: 1,
  },
} satisfies Record<string, ReplicaRecipe>;

export type ReplicaName = keyof typeof RECIPES;
export const TINY_REPLICAS = Object.keys(RECIPES) as ReplicaName[];

/** Replica `name`'s config.json, without building its weights (an article quotes its shape). */
export function replicaConfig(name: ReplicaName): ReplicaConfig {
  return RECIPES[name].config;
}

export type TinyReplica = {
  readonly name: ReplicaName;
  readonly description: string;
  readonly config: ReplicaConfig;
  /** File name → bytes, ready for memorySource() or for writing to a folder. */
  readonly files: ReadonlyMap<string, Uint8Array>;
};

// Scales: weights small enough that activations stay O(1) over two layers, large enough that the
// logits differ visibly between tokens. Norm weights scatter around 1 (a trained model's are not all 1).
const STD = { embedding: 0.1, linear: 0.08, bias: 0.02, norm: 0.05, 'norm-bias': 0.02 } as const;

function values(replica: string, plan: TensorPlan, done: ReadonlyMap<string, Float32Array>): Float32Array {
  const init: Init = plan.init;
  const count = plan.shape.reduce((a, b) => a * b, 1);
  switch (init.kind) {
    case 'copy': {
      const source = done.get(init.of);
      if (source === undefined) throw new Error(`tiny replica ${replica}: ${plan.name} copies ${init.of}, which comes later`);
      return Float32Array.from(source);
    }
    case 'inv-freq':
      return Float32Array.from({ length: init.dim / 2 }, (_, k) => 1 / init.base ** ((2 * k) / init.dim));
    default: {
      // One seed per tensor name, so a tensor's values do not depend on which tensors come before it.
      const noise = normals(seededRandom(seedFromText(`${replica}/${plan.name}`)), count, STD[init.kind]);
      const offset = init.kind === 'norm' ? 1 : 0;
      return Float32Array.from(noise, (x) => x + offset);
    }
  }
}

/** Build one replica in memory. Same name, same bytes, every time. */
export function tinyReplica(name: ReplicaName): TinyReplica {
  const { config } = RECIPES[name];
  // a small deterministic BPE, see tokenizer.ts
  return { name, description: RECIPES[name].description, config, files: randomWeightsFor(name, config, encodeJson(tinyTokenizer(config))) };
}

/**
 * Replica `name`'s family with another config and tokenizer (a trained model's), its weights random
 * like every replica's: the same architecture and the same tokens as that model, before any training.
 */
export function randomWeightsFor(name: ReplicaName, config: ReplicaConfig, tokenizerJson: Uint8Array): ReadonlyMap<string, Uint8Array> {
  const { tensors, dtype, shards }: ReplicaRecipe = RECIPES[name];
  const done = new Map<string, Float32Array>();
  const written: WritableTensor[] = tensors(config).map((plan) => {
    const data = values(name, plan, done);
    done.set(plan.name, data);
    return { name: plan.name, dtype, shape: plan.shape, data };
  });

  const files = new Map<string, Uint8Array>([
    [CONFIG_FILE, encodeJson(config)],
    [TOKENIZER_FILE, tokenizerJson],
  ]);
  for (const [file, bytes] of writeShards(written, shards)) files.set(file, bytes);
  return files;
}
