// Write a checkpoint with a released model's real config and tensor shapes and random BF16 weights,
// to run and measure a real-sized model without downloading one:
//
//   npm run make-synthetic -- [--model qwen2.5-0.5b] [--out DIR] [--seed 1]
//
// DIR (default .cache/synthetic/<model>, git-ignored) gets config.json and one model.safetensors, as
// the release ships them: Qwen2.5-0.5B is 494M parameters, 988 MB of BF16. The numbers come from the
// catalog (kernels/families/catalog.ts, through catalog-config.ts), the tensor names and shapes from the tiny replicas' LLaMA/Qwen2
// layout (kernels/families/tiny/tensors.ts). The file is written a tensor at a time, so making it
// never holds more than the largest tensor. The weights are noise: the logits mean nothing, but every
// byte of the forward pass is there to time and to compare between runners.
//
// The check that a released size runs (too slow for the unit tests on a small machine), by hand:
//   npm run make-synthetic
//   node scripts/bench/layered.ts 0.5b    resident and streamed in their own processes: the logits
//                                         must agree (a budget row), with time to first token,
//                                         decode tokens/s and peak RSS of each
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { modelById, type ModelId, type ReleasedModel } from '../kernels/families/catalog.ts';
import { hfConfig } from '../kernels/families/catalog-config.ts';
import { llamaTensors, type TensorPlan } from '../kernels/families/tiny/tensors.ts';
import { CONFIG_FILE, SINGLE_FILE } from '../kernels/checkpoint/load.ts';
import { safetensorsHeaderBytes } from '../kernels/checkpoint/safetensors.ts';
import { floatToBfloat16 } from '../kernels/checkpoint/float-formats.ts';
import { normal, seededRandom, seedFromText } from '../kernels/random.ts';

/** The catalog models whose checkpoints have the LLaMA/Qwen2 layout, and their Hugging Face model_type. */
const MODELS = { 'qwen2.5-0.5b': 'qwen2', 'tinyllama-1.1b': 'llama' } as const satisfies Partial<Record<ModelId, string>>;
type SyntheticModel = keyof typeof MODELS;

/** config.json with the catalog's numbers (catalog-config.ts), saying it holds BF16 as the release does. */
function syntheticConfig(m: ReleasedModel, modelType: 'qwen2' | 'llama'): Record<string, unknown> {
  const architectures = [modelType === 'qwen2' ? 'Qwen2ForCausalLM' : 'LlamaForCausalLM'];
  return { architectures, ...hfConfig(m, modelType), torch_dtype: 'bfloat16' };
}

// Scales of a freshly initialised transformer (initializer_range 0.02); norm weights near 1.
const STD = { embedding: 0.02, linear: 0.02, bias: 0.02, norm: 0.05, 'norm-bias': 0.02 } as const;

/** One tensor's random values as BF16 bytes, seeded by the tensor's name. */
function bf16Bytes(plan: TensorPlan, seed: number): Uint8Array {
  const { init } = plan;
  if (!(init.kind in STD)) throw new Error(`${plan.name}: no random init for '${init.kind}'`);
  const std = STD[init.kind as keyof typeof STD];
  const offset = init.kind === 'norm' ? 1 : 0;
  const random = seededRandom(seedFromText(`${seed}/${plan.name}`));
  const out = new Uint16Array(plan.shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = floatToBfloat16(offset + std * normal(random));
  return new Uint8Array(out.buffer);
}

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'qwen2.5-0.5b' },
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const name = values.model as SyntheticModel;
if (!(name in MODELS)) {
  console.error(`make-synthetic: --model must be one of ${Object.keys(MODELS).join(', ')}`);
  process.exit(2);
}
const folder = values.out ?? join('.cache', 'synthetic', name);
const config = syntheticConfig(modelById(name), MODELS[name]);
const plans = llamaTensors(config, MODELS[name] === 'qwen2');

mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
const file = openSync(join(folder, SINGLE_FILE), 'w');
try {
  const layout = plans.map((p) => ({ name: p.name, dtype: 'BF16' as const, shape: p.shape }));
  writeSync(file, safetensorsHeaderBytes(layout, { format: 'pt' }).bytes);
  for (const plan of plans) writeSync(file, bf16Bytes(plan, Number(values.seed)));
} finally {
  closeSync(file);
}
const parameters = plans.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0);
console.log(
  `${folder}: ${name}, ${plans.length} tensors, ${(parameters / 1e6).toFixed(1)}M parameters, ${((parameters * 2) / 1e6).toFixed(0)} MB of BF16`,
);
