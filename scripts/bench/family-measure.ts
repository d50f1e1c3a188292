// What the family benchmark measures for one tiny replica, on whatever runtime it is given (ORT WASM
// in Node, or in Chromium's page): building the decoder graph, creating its session, prefill latency
// at a few lengths, and decode speed with the KV cache. No Node APIs, so the bench page can run it too.
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { GraphBuilder } from '../../kernels/onnx/graph-builder.ts';
import { decoderGraph } from '../../kernels/families/forward/graph.ts';
import { ModelRunner } from '../../kernels/families/forward/runner.ts';
import type { ModelSpec } from '../../kernels/families/spec.ts';
import { tinyReplica, type ReplicaName } from '../../kernels/families/tiny/replica.ts';
import type { Runtime } from '../../kernels/runtime/runtime.ts';
import { median } from './types.ts';

export const PREFILL_LENGTHS = [16, 64, 256] as const;
/** Decode: this many tokens one at a time, after a prompt of DECODE_PROMPT tokens. */
export const DECODE_PROMPT = 16;
export const DECODE_TOKENS = 16;
const SAMPLES = 5;

export type FamilyFigures = {
  readonly replica: ReplicaName;
  /** decoderGraph(...).build(): weights decoded and the ONNX protobuf written */
  readonly graphBuildMs: number;
  /** InferenceSession.create for that graph */
  readonly sessionMs: number;
  /** median wall time of runner.prefill, by prompt length */
  readonly prefillMs: Readonly<Record<number, number>>;
  readonly decodeTokensPerSecond: number;
};

/**
 * `length` ids the model accepts: for ChatGLM-6B a prompt ending in [gMASK] <sop> (its tokenizer's
 * layout), with the rest generated after <sop>; for the others any ids.
 */
export function benchIds(spec: ModelSpec, length: number): number[] {
  const ids = Array.from({ length }, (_, i) => (i * 37 + 11) % Math.min(spec.vocabSize, 240));
  if (spec.mask.kind === 'glm-prefix') {
    const prompt = Math.min(8, length - 2);
    ids[prompt] = spec.mask.gmaskTokenId;
    ids[prompt + 1] = spec.mask.bosTokenId;
  }
  return ids;
}

/** Creates (and then releases) an ORT session for model bytes on the WASM backend. */
export type SessionFactory = (model: Uint8Array) => Promise<{ release(): Promise<void> }>;

async function wallMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * The first session of a process also loads and compiles ORT's .wasm (about a second); this pays that
 * with a one-node graph, so that no replica's "session creation" includes it.
 */
export async function warmUp(createSession: SessionFactory): Promise<void> {
  const g = new GraphBuilder('bench-warm-up');
  g.output(g.op('Identity', [g.input('x', 'float32', [1])]), 'y', 'float32', [1]);
  await (await createSession(g.toModelBytes())).release();
}

export async function measureFamily(
  runtime: Runtime,
  createSession: SessionFactory,
  replica: ReplicaName,
): Promise<FamilyFigures> {
  const checkpoint = await loadCheckpoint(memorySource(tinyReplica(replica).files));
  const runner = await ModelRunner.open(runtime, checkpoint, { id: `bench-${replica}` });
  const { spec } = runner;

  // building the graph, then creating a session from it, each timed alone
  let started = performance.now();
  const model = decoderGraph(spec, checkpoint.tensors, { id: `bench-${replica}` }).build();
  const graphBuildMs = performance.now() - started;
  started = performance.now();
  const session = await createSession(model);
  const sessionMs = performance.now() - started;
  await session.release();

  const prefillMs: Record<number, number> = {};
  for (const length of PREFILL_LENGTHS) {
    const ids = benchIds(spec, length);
    await runner.prefill(ids); // warm-up at this length
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) times.push(await wallMs(() => runner.prefill(ids)));
    prefillMs[length] = median(times);
  }

  const ids = benchIds(spec, DECODE_PROMPT + DECODE_TOKENS);
  const decodeRun = async () => {
    await runner.prefill(ids.slice(0, DECODE_PROMPT));
    return wallMs(async () => {
      for (const id of ids.slice(DECODE_PROMPT)) await runner.decode(id);
    });
  };
  await decodeRun(); // warm-up
  const decodeMs = median([await decodeRun(), await decodeRun(), await decodeRun()]);
  return { replica, graphBuildMs, sessionMs, prefillMs, decodeTokensPerSecond: DECODE_TOKENS / (decodeMs / 1000) };
}
