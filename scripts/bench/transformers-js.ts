// Our runner beside transformers.js (@huggingface/transformers, onnxruntime-node on the CPU) running
// the same weights: the tiny replica written in transformers.js's ONNX layout by our own graph code
// (./transformers-js-layout.ts; tests/unit/bench/transformers-js-layout.test.ts checks the logits agree).
//
//   ours               `npm run infer -- --model DIR --generate N+1 --stats` (whole-model graph, ORT WASM, one
//                      thread), in its own process: time to first token = session creation + prefill
//   transformers.js    in this process, offline (env.allowRemoteModels = false): time to first token =
//                      from_pretrained (reads the file, creates the session) + the prompt's forward;
//                      decode = N greedy tokens through generate(), timed as generate(N + 1) − generate(1)
//
// The ratio is ours ÷ transformers.js. The synthetic Qwen2.5-0.5B is not run: its 494M weights as
// float32 initializers are 1.98 GB, at protobuf's 2 GB limit for one ONNX file (transformers.js's own
// exports keep such weights in an external data file, which our graph builder does not write).
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tensor } from '@huggingface/transformers';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { tinyReplica, type ReplicaName } from '../../kernels/families/tiny/replica.ts';
import { writeTransformersJsFolder } from './transformers-js-layout.ts';
import type { BenchCase, BenchRow } from './types.ts';

const PROMPT = [9, 2, 7, 4, 1, 8, 3, 6];
const DECODE = 16;
const REPLICAS: readonly ReplicaName[] = ['llama', 'qwen2'];

type Speed = { readonly ttftMs: number; readonly tokensPerSecond: number };

function ours(folder: string): Speed {
  // DECODE tokens after the first, as generate(N + 1) − generate(1) counts theirs
  const args = ['scripts/infer.ts', '--model', folder, '--ids', PROMPT.join(','), '--generate', String(DECODE + 1), '--stats', '--json'];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`infer on ${folder} failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { stats: Speed }).stats;
}

async function theirs(root: string, name: string): Promise<Speed> {
  // loaded here, not with the other cases: it brings onnxruntime-node and sharp with it
  const { AutoModelForCausalLM, env, Tensor } = await import('@huggingface/transformers');
  const int64 = (values: readonly number[]): Tensor => new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
  env.allowRemoteModels = false;
  env.localModelPath = root;
  const inputs = { input_ids: int64(PROMPT), attention_mask: int64(PROMPT.map(() => 1)) };
  const started = performance.now();
  const model = await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32', device: 'cpu' });
  try {
    await model(inputs);
    const ttftMs = performance.now() - started;
    const generateMs = async (tokens: number): Promise<number> => {
      const begun = performance.now();
      await model.generate({ ...inputs, max_new_tokens: tokens, min_new_tokens: tokens, do_sample: false });
      return performance.now() - begun;
    };
    const one = await generateMs(1);
    const all = await generateMs(DECODE + 1);
    return { ttftMs, tokensPerSecond: DECODE / ((all - one) / 1000) };
  } finally {
    await model.dispose();
  }
}

async function measure(name: ReplicaName): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), 'transformers-js-bench-'));
  try {
    const replica = tinyReplica(name);
    const checkpoint = await loadCheckpoint(memorySource(replica.files));
    const bytes = await writeTransformersJsFolder(checkpoint, new TextDecoder().decode(replica.files.get('config.json')), join(root, name));
    const folder = join(root, 'checkpoint');
    await mkdir(folder);
    for (const [file, data] of replica.files) await writeFile(join(folder, file), data);

    const them = await theirs(root, name);
    const us = ours(folder);
    const label = `transformers.js beside our runner, tiny ${name} (Node, CPU; ${(bytes / 1e6).toFixed(2)} MB ONNX)`;
    return [
      { case: label, measure: `our time to first token (${PROMPT.length}-token prompt)`, value: us.ttftMs, unit: 'ms', reference: { label: 'transformers.js', value: them.ttftMs } },
      { case: label, measure: `our decode (${DECODE} tokens, greedy)`, value: us.tokensPerSecond, unit: 'tokens/s', reference: { label: 'transformers.js', value: them.tokensPerSecond } },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export const transformersJsBench: BenchCase = {
  name: 'transformers.js beside our runner (same weights, its ONNX layout), tiny replicas, Node',
  run: async () => {
    const rows: BenchRow[] = [];
    for (const name of REPLICAS) rows.push(...(await measure(name)));
    return rows;
  },
};
