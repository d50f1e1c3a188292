// Export what the device check (check.py) compares against, into .device/ (git-ignored):
//
//   .device/replicas/<name>/   every tiny replica as files: config.json, safetensors (+ tokenizer.json)
//   .device/onnx/<name>.onnx   the decoder graph our runner ran for that replica's prefill
//   .device/expected.json      per replica: the ids, our logits, the exact feeds of that graph run,
//                              and our tokenizer's encodings of a few sample texts
//
//   node scripts/device-check/export.ts [--out .device]
//
// Our numbers come from the code the site runs: ModelRunner.prefill on ORT-web's WASM backend. The
// runtime below records the one graph and the feeds that prefill hands it, so Python's onnxruntime
// can replay exactly that call.
import { mkdirSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-web';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { ModelRunner } from '../../kernels/families/forward/runner.ts';
import { LOGITS } from '../../kernels/families/forward/graph.ts';
import { TINY_REPLICAS, tinyReplica, type ReplicaName, type TinyReplica } from '../../kernels/families/tiny/replica.ts';
import { seededRandom, seedFromText } from '../../kernels/random.ts';
import { Runtime, type Feed, type GraphSource, type RunResult } from '../../kernels/runtime/runtime.ts';
import type { Tensor32 } from '../../kernels/tensor.ts';
import { sampleEncodings, type SampleEncodings } from './samples.ts';

/** A Node runtime (WASM, one thread, as nodeRuntime()) that keeps the last graph and feeds it ran. */
class RecordingRuntime extends Runtime {
  last: { readonly graph: GraphSource; readonly feeds: Record<string, Feed> } | undefined;

  constructor() {
    ort.env.wasm.numThreads = 1;
    super(ort, { backend: 'wasm', probeWebGpu: async () => 'Node has no WebGPU' });
  }

  override async run(graph: GraphSource, feeds: Record<string, Feed>): Promise<RunResult> {
    this.last = { graph, feeds };
    return super.run(graph, feeds);
  }
}

const PROMPT_LENGTH = 10;

/** Plain ids away from both ends of the vocab (ChatGLM-6B keeps its special ids at the top). */
function plainIds(name: string, count: number, vocab: number): number[] {
  const random = seededRandom(seedFromText(`device-check/${name}`));
  return Array.from({ length: count }, () => 3 + Math.floor(random() * (vocab - 16)));
}

/** Greedy next token after the last position, among ids not in `excluded`. */
function argmaxOfLastRow(logits: Tensor32, excluded: ReadonlySet<number>): number {
  const [T, V] = logits.shape as [number, number];
  const row = logits.data.subarray((T - 1) * V, T * V);
  let best = -1;
  for (let v = 0; v < V; v++) if (!excluded.has(v) && (best < 0 || row[v]! > row[best]!)) best = v;
  return best;
}

/**
 * The ids to compare on. ChatGLM-6B needs a prompt as its tokenizer makes it (text, [gMASK], <sop>)
 * and then two tokens our model generates greedily (prefill, then one decode step), so the
 * comparison covers the prefix part and the generated part of its mask and both position rows.
 * The greedy pick skips the mask tokens and <sop>: with random tied weights the model likes to
 * repeat <sop>, and a second <sop> would make a less telling test of the position rows.
 */
async function idsFor(replica: TinyReplica, runner: ModelRunner): Promise<number[]> {
  const { spec } = runner;
  if (spec.mask.kind !== 'glm-prefix') return plainIds(replica.name, PROMPT_LENGTH, spec.vocabSize);
  const { gmaskTokenId, maskTokenId, bosTokenId } = spec.mask;
  const special = new Set([gmaskTokenId, maskTokenId, bosTokenId]);
  const prompt = [...plainIds(replica.name, PROMPT_LENGTH - 4, spec.vocabSize), gmaskTokenId, bosTokenId];
  const first = argmaxOfLastRow((await runner.prefill(prompt)).logits, special);
  const second = argmaxOfLastRow((await runner.decode(first)).logits, special);
  return [...prompt, first, second];
}

type JsonTensor = { readonly type: 'float32' | 'int64'; readonly dims: readonly number[]; readonly data: number[] };

function jsonFeed(feed: Feed): JsonTensor {
  // the whole-model graph takes its weights as constants: only positions and tables are fed
  if (feed.type === 'float16' || feed.type === 'gpu') throw new Error(`device-check: a ${feed.type} feed; the exported graph takes none`);
  // JSON has no int64: ids, positions and lengths are small, so plain numbers are exact
  const data = feed.type === 'float32' ? Array.from(feed.data) : Array.from(feed.data as ArrayLike<number | bigint>, Number);
  return { type: feed.type, dims: [...feed.dims], data };
}

type ReplicaExpectation = {
  readonly description: string;
  readonly family: string;
  readonly label: string;
  readonly folder: string;
  readonly ids: number[];
  /** Our logits [T, V], float32 values, row-major. */
  readonly logits: JsonTensor;
  readonly backend: string;
  readonly onnx: { readonly file: string; readonly output: string; readonly feeds: Record<string, JsonTensor> };
  readonly tokenizer: SampleEncodings | null;
};

async function exportReplica(name: ReplicaName, out: string): Promise<ReplicaExpectation> {
  const replica = tinyReplica(name);
  const folder = join('replicas', name);
  mkdirSync(join(out, folder), { recursive: true });
  for (const [file, bytes] of replica.files) writeFileSync(join(out, folder, file), bytes);

  const runtime = new RecordingRuntime();
  const runner = await ModelRunner.open(runtime, await loadCheckpoint(memorySource(replica.files)), { id: `device-${name}` });
  const ids = await idsFor(replica, runner);
  const result = await runner.prefill(ids);
  const call = runtime.last;
  if (call === undefined) throw new Error(`${name}: prefill ran no graph`);

  const onnxFile = join('onnx', `${name}.onnx`);
  writeFileSync(join(out, onnxFile), call.graph.build());
  const feeds = Object.fromEntries(Object.entries(call.feeds).map(([input, feed]) => [input, jsonFeed(feed)]));

  return {
    description: replica.description,
    family: runner.spec.family,
    label: runner.spec.label,
    folder,
    ids,
    logits: { type: 'float32', dims: [...result.logits.shape], data: Array.from(result.logits.data) },
    backend: result.backend,
    onnx: { file: onnxFile, output: LOGITS, feeds },
    tokenizer: await sampleEncodings(replica.files),
  };
}

/** Bytes under a folder, to keep .device/ small enough to carry. */
function folderBytes(folder: string): number {
  return readdirSync(folder, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(folder, entry.name);
    return sum + (entry.isDirectory() ? folderBytes(path) : statSync(path).size);
  }, 0);
}

const MAX_BYTES = 20 * 1024 * 1024;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: '.device' } } });
  const out = values.out;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'onnx'), { recursive: true });

  const replicas: Record<string, ReplicaExpectation> = {};
  for (const name of TINY_REPLICAS) {
    const expectation = await exportReplica(name, out);
    replicas[name] = expectation;
    const tokenizer =
      expectation.tokenizer === null ? 'no tokenizer.json' : `${expectation.tokenizer.encodings.length} encodings`;
    console.log(`${name}: ${expectation.label}, ids [${expectation.ids.join(', ')}], ${tokenizer}`);
  }

  const expected = { format: 1, createdAt: new Date().toISOString(), replicas };
  writeFileSync(join(out, 'expected.json'), `${JSON.stringify(expected)}\n`);

  const bytes = folderBytes(out);
  console.log(`${out}: ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  if (bytes > MAX_BYTES) throw new Error(`${out} is ${bytes} bytes, over the ${MAX_BYTES}-byte budget for the device run`);
}

await main();
