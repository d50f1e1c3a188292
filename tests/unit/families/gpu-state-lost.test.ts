// When WebGPU fails mid-run, a layered runner that kept its cache on the GPU gets GpuStateLost and
// replays every call since the reset on the host (sequence-runner.ts). Here a Node runtime throws
// GpuStateLost once, in the middle of a decode step, and the replayed runner must give exactly the
// logits of a runner that was never interrupted, on a causal family and on ChatGLM-6B, whose prompt
// is a bidirectional prefix (replaying the calls one by one keeps that mask; one call would not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-web';
import { openLazyCheckpoint } from '../../../kernels/checkpoint/lazy.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { tinyReplica, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { LayeredRunner } from '../../../kernels/families/forward/layered-runner.ts';
import { sampleIds } from '../../../kernels/families/sample-ids.ts';
import { seededRandom } from '../../../kernels/random.ts';
import { GpuStateLost, Runtime, type Feed, type GraphSource, type RunOptions, type RunResult } from '../../../kernels/runtime/runtime.ts';

/** WASM, one thread; its run number `failAt` throws GpuStateLost, as a run fed lost GPU tensors does. */
class LosingRuntime extends Runtime {
  runs = 0;
  private readonly failAt: number;

  constructor(failAt: number) {
    ort.env.wasm.numThreads = 1;
    super(ort, { backend: 'wasm', probeWebGpu: async () => 'Node has no WebGPU' });
    this.failAt = failAt;
  }

  override run(graph: GraphSource, feeds: Record<string, Feed>, options?: RunOptions): Promise<RunResult> {
    if (++this.runs === this.failAt) return Promise.reject(new GpuStateLost('the test lost the device'));
    return super.run(graph, feeds, options);
  }
}

async function logitsOfEveryStep(name: ReplicaName, runtime: Runtime): Promise<Float32Array[]> {
  const runner = await LayeredRunner.open(runtime, await openLazyCheckpoint(memorySource(tinyReplica(name).files)), { mode: 'resident' });
  const ids = sampleIds(runner.spec, seededRandom(7), 8);
  const prompt = runner.spec.mask.kind === 'glm-prefix' ? ids.indexOf(runner.spec.mask.bosTokenId) + 1 : 5;
  const steps = [await runner.prefill(ids.slice(0, prompt))];
  for (const id of ids.slice(prompt)) steps.push(await runner.decode(id));
  return steps.map((step) => step.logits.data);
}

for (const name of ['llama2-gqa', 'chatglm-6b'] as const) {
  test(`${name}: a run losing its GPU state mid-decode is replayed on the host with the same logits`, async () => {
    const calm = new LosingRuntime(Infinity);
    const expected = await logitsOfEveryStep(name, calm);
    const runsPerCall = calm.runs / expected.length; // embedding, layers, head slices: the same every call
    // The second graph of the last decode step: its layer 0 block, after the embedding.
    const losing = new LosingRuntime(runsPerCall * (expected.length - 1) + 2);
    const actual = await logitsOfEveryStep(name, losing);
    assert.equal(actual.length, expected.length);
    actual.forEach((logits, step) => assert.deepEqual(logits, expected[step], `step ${step}`));
    // the lost run, then every call since the reset replayed, then the lost call again
    assert.equal(losing.runs, calm.runs + 2 + runsPerCall * (expected.length - 1));
  });
}
