// Which family a checkpoint belongs to, and its full ModelSpec (spec.ts), from config.json alone
// (plus tensor names, only to tell the two ChatGLM generations apart when the keys cannot).
//
// The rules follow docs/checkpoint-formats.md §2: model_type picks the family (architectures when
// model_type is missing); ChatGLM's keys pick v1 or v2 code; Baichuan's keys and vocab pick RoPE or
// ALiBi, Baichuan 1 or 2. Each family's reader lives in detect/ and refuses inconsistent configs with
// a ConfigError naming the key at fault.
import { assertNever } from '../assert-never.ts';
import { configReader, ConfigError, describe } from './detect/config-reader.ts';
import { llamaLikeSpec } from './detect/llama.ts';
import { qwenSpec } from './detect/qwen.ts';
import { chatglm2Spec, chatglm6bSpec, chatglmGeneration } from './detect/chatglm.ts';
import { baichuanSpec } from './detect/baichuan.ts';
import type { ModelSpec } from './spec.ts';

export { ConfigError };

const MODEL_TYPES = ['llama', 'qwen2', 'qwen', 'chatglm', 'baichuan'] as const;
type ModelType = (typeof MODEL_TYPES)[number];

/** The class names released configs list under "architectures", for configs without model_type. */
const ARCHITECTURES: Readonly<Record<string, ModelType>> = {
  LlamaForCausalLM: 'llama',
  Qwen2ForCausalLM: 'qwen2',
  QWenLMHeadModel: 'qwen',
  ChatGLMModel: 'chatglm',
  ChatGLMForConditionalGeneration: 'chatglm',
  BaiChuanForCausalLM: 'baichuan',
  BaichuanForCausalLM: 'baichuan',
};

function isModelType(x: string): x is ModelType {
  return (MODEL_TYPES as readonly string[]).includes(x);
}

function modelType(r: ReturnType<typeof configReader>): ModelType {
  const supported = `(${MODEL_TYPES.join(', ')})`;
  if (r.has('model_type')) {
    const type = r.string('model_type');
    if (!isModelType(type)) return r.fail('model_type', `'${type}' is not a supported family ${supported}`);
    return type;
  }
  const architectures = r.raw('architectures');
  if (Array.isArray(architectures)) {
    for (const name of architectures) {
      if (typeof name === 'string' && Object.hasOwn(ARCHITECTURES, name)) return ARCHITECTURES[name] as ModelType;
    }
    return r.fail('model_type', `is missing and architectures ${describe(architectures)} names no supported family ${supported}`);
  }
  return r.fail('model_type', `is missing, and there are no architectures to fall back on`);
}

/**
 * Read config.json into a ModelSpec, or throw a ConfigError naming the key at fault.
 * `tensorNames` (the checkpoint's) is only needed for a ChatGLM config with none of the telling keys.
 */
export function detectModel(config: unknown, tensorNames?: readonly string[]): ModelSpec {
  const r = configReader(config);
  const type = modelType(r);
  switch (type) {
    case 'llama':
    case 'qwen2':
      return llamaLikeSpec(r, type);
    case 'qwen':
      return qwenSpec(r);
    case 'baichuan':
      return baichuanSpec(r);
    case 'chatglm': {
      const generation = chatglmGeneration(r, tensorNames);
      if (generation === 'v2') return chatglm2Spec(r);
      if (generation === 'v1') return chatglm6bSpec(r);
      return r.fail(
        'model_type',
        "'chatglm' cannot be told apart: no ChatGLM2/3 keys (kv_channels, ffn_hidden_size, ...), no ChatGLM-6B keys " +
          '(inner_hidden_size, gmask_token_id, ...), and no tensor names under transformer.encoder. or transformer.layers.',
      );
    }
    default:
      return assertNever(type, 'model_type');
  }
}
