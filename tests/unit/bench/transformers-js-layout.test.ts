// The bench's transformers.js yardstick runs the same model: a tiny replica written in transformers.js's
// layout (scripts/bench/transformers-js-layout.ts) and loaded offline by @huggingface/transformers gives
// the logits of `npm run infer` on the same ids, for the prompt and for a decode step through its cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoModelForCausalLM, env, Tensor } from '@huggingface/transformers';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import { writeTransformersJsFolder } from '../../../scripts/bench/transformers-js-layout.ts';
import { infer } from '../../harness/run-cli.ts';

const PROMPT = [9, 2, 7, 4, 1, 8];

const int64 = (values: readonly number[]): Tensor => new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);

/** max |a − b| / max |b|. */
function relativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

for (const family of ['llama', 'qwen2'] as const) {
  test(`tiny ${family} replica: transformers.js on our ONNX layout gives the logits of npm run infer (≤ 1e-4)`, async () => {
    const root = await mkdtemp(join(tmpdir(), 'transformers-js-'));
    try {
      const replica = tinyReplica(family);
      const checkpoint = await loadCheckpoint(memorySource(replica.files));
      await writeTransformersJsFolder(checkpoint, new TextDecoder().decode(replica.files.get('config.json')), join(root, family));

      env.allowRemoteModels = false;
      env.localModelPath = root;
      const model = await AutoModelForCausalLM.from_pretrained(family, { dtype: 'fp32', device: 'cpu' });
      try {
        const T = PROMPT.length;
        const prompt = await model({ input_ids: int64(PROMPT), attention_mask: int64(Array(T).fill(1)) });
        const logits = prompt['logits'] as Tensor;
        assert.deepEqual(logits.dims.slice(0, 2), [1, T]);

        // one decode step fed the token 3 and the prompt's cache, present.{l}.* as past_key_values.{l}.*
        const cache = Object.fromEntries(
          Object.entries(prompt)
            .filter(([name]) => name.startsWith('present.'))
            .map(([name, value]) => [name.replace('present.', 'past_key_values.'), value]),
        );
        assert.equal(Object.keys(cache).length, 2 * checkpoint.tensors.names().filter((n) => n.endsWith('self_attn.q_proj.weight')).length);
        const step = await model({ input_ids: int64([3]), attention_mask: int64(Array(T + 1).fill(1)), past_key_values: cache });
        const stepLogits = (step['logits'] as Tensor).data as Float32Array;

        // npm run infer on the prompt + 3 (the whole-model graph), one row per position
        const folder = join(root, `${family}-checkpoint`);
        await mkdir(folder);
        for (const [file, bytes] of replica.files) await writeFile(join(folder, file), bytes);
        const run = await infer(['--model', folder, '--ids', [...PROMPT, 3].join(','), '--json']);
        assert.equal(run.code, 0, run.stderr);
        const ours = (JSON.parse(run.stdout) as { logits: number[][] }).logits;

        assert.ok(relativeDiff(logits.data as Float32Array, ours.slice(0, T).flat()) <= 1e-4, 'prompt logits');
        assert.ok(relativeDiff(stepLogits, ours[T]!) <= 1e-4, 'decode-step logits');
      } finally {
        await model.dispose();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
}
