// The layered runner with its weights resident on WebGPU, beside the same runner on WASM: a prompt
// and a few decode steps of a tiny 16-bit replica; a streamed runner's prompt and one step; then one
// more resident step after the page destroys ORT's GPU device (the runtime must fall back to WASM
// and the runner rebuild its state on the host).
// Publishes on `window.layered` what layered-webgpu.test.ts checks: the logits of every call, how
// many tensors were uploaded and when, and what the decode steps fed their block graphs.
import { openLazyCheckpoint } from '../../../kernels/checkpoint/lazy.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { LayeredRunner } from '../../../kernels/families/forward/layered-runner.ts';
import type { StepResult } from '../../../kernels/families/forward/sequence-runner.ts';
import { HIDDEN_IN, layerInputName, PAST_KEY, PAST_VALUE } from '../../../kernels/families/forward/graph-layers.ts';
import { sampleIds } from '../../../kernels/families/sample-ids.ts';
import { layerTensorRefs } from '../../../kernels/families/spec.ts';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import { seededRandom } from '../../../kernels/random.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { messageOf, Runtime, type Backend, type Feed } from '../../../kernels/runtime/runtime.ts';
import { maxAbsDiff } from '../../../kernels/tensor.ts';
import { LAYERED_GPU_CASE } from './case.ts';

/** How a feed reached ORT: a GPU tensor's location ('gpu-buffer'), or the host array's type. */
type FeedKind = string;

/** What one block-graph run was fed: its cache (past_key, past_value) and its layer's weights. */
export type BlockFeeds = { readonly past: FeedKind[]; readonly weights: FeedKind[] };

export type StepReport = {
  readonly backend: Backend;
  /** Why the site runtime left WebGPU, when it did. */
  readonly fallbackReason: string | undefined;
  /** The site runtime's logits [T, V], row-major (the test compares them with Node's). */
  readonly logits: number[];
  /** Largest |site runtime − WASM| over the logits (and attention, where asked for) of this call. */
  readonly maxDiffVsWasm: number;
};

export type LayeredGpuReport = {
  readonly done: boolean;
  readonly error?: string;
  readonly status?: { readonly backend: Backend; readonly fallbackReason: string | undefined };
  /** Whether ORT's device has 'shader-f16' (if not, the 16-bit weights went up as float32). */
  readonly shaderF16?: boolean;
  readonly ids?: number[];
  /** Tensors uploaded while the runner opened, and after the prompt and decode steps. */
  readonly uploadsAfterOpen?: number;
  readonly uploadsAfterSteps?: number;
  readonly gpuBytes?: number;
  /** The prompt, then each decode step, with every layer's attention. */
  readonly steps?: StepReport[];
  /** Each block-graph run of the decode steps. */
  readonly decodeBlockFeeds?: BlockFeeds[];
  /** A streamed runner on the same runtime: its prompt and one decode step, and that step's block runs. */
  readonly streamed?: StepReport[];
  readonly streamedDecodeFeeds?: BlockFeeds[];
  /** One more decode step after the GPU device was destroyed. */
  readonly afterLoss?: StepReport;
};

declare global {
  interface Window {
    layered: LayeredGpuReport;
  }
}

const kindOf = (feed: Feed | undefined): FeedKind => (feed === undefined ? 'missing' : feed.type === 'gpu' ? feed.tensor.location : feed.type);

async function main(): Promise<LayeredGpuReport> {
  const { replica, promptLength, decodeSteps, headSliceBytes } = LAYERED_GPU_CASE;
  const auto = await browserRuntime();
  const ort = await import('onnxruntime-web/webgpu');
  const wasm = new Runtime(ort, { backend: 'wasm', probeWebGpu: async () => 'pinned to WASM' });
  const status = await auto.status();
  const source = memorySource(tinyReplica(replica).files);
  const options = { mode: 'resident', headSliceBytes, id: 'layered-gpu' } as const;
  const onGpu = await LayeredRunner.open(auto, await openLazyCheckpoint(source), options);
  const onWasm = await LayeredRunner.open(wasm, await openLazyCheckpoint(source), options);
  const uploadsAfterOpen = auto.uploads.count;
  const device = await ort.env.webgpu.device;
  const ids = sampleIds(onGpu.spec, seededRandom(3), promptLength + decodeSteps + 1);

  // The feeds of every block-graph run the site runtime is asked for while `recording` is set.
  const weightNames = layerTensorRefs(onGpu.spec.tensors.layers[0]!).map((ref) => layerInputName(ref.name, 0));
  let recording: BlockFeeds[] | undefined;
  const run = auto.run.bind(auto);
  auto.run = (graph, feeds, runOptions) => {
    if (graph.key.startsWith('block:') && feeds[HIDDEN_IN] !== undefined) {
      recording?.push({ past: [kindOf(feeds[PAST_KEY]), kindOf(feeds[PAST_VALUE])], weights: weightNames.map((name) => kindOf(feeds[name])) });
    }
    return run(graph, feeds, runOptions);
  };

  // One call on the site runtime's runner and on WASM's, logits and attention compared.
  type Pair = { readonly auto: LayeredRunner; readonly wasm: LayeredRunner };
  const step = async (pair: Pair, call: (runner: LayeredRunner) => Promise<StepResult>): Promise<StepReport> => {
    const a = await call(pair.auto);
    const w = await call(pair.wasm);
    const { fallbackReason } = await auto.status();
    let maxDiffVsWasm = maxAbsDiff(a.logits.data, w.logits.data);
    a.attn?.forEach((layer, l) => (maxDiffVsWasm = Math.max(maxDiffVsWasm, maxAbsDiff(layer.data, w.attn![l]!.data))));
    return { backend: a.backend, fallbackReason, logits: Array.from(a.logits.data), maxDiffVsWasm };
  };
  // As the model panel runs: every layer's attention with the logits.
  const withAttn = { attn: true } as const;
  const resident: Pair = { auto: onGpu, wasm: onWasm };
  const steps = [await step(resident, (runner) => runner.prefill(ids.slice(0, promptLength), withAttn))];
  const decodeBlockFeeds: BlockFeeds[] = (recording = []);
  for (const id of ids.slice(promptLength, promptLength + decodeSteps)) steps.push(await step(resident, (runner) => runner.decode(id, withAttn)));

  // Streamed: the weights read and fed from the host on every call, the cache kept on the GPU all the same.
  const streamedOptions = { mode: 'streamed', headSliceBytes, id: 'layered-gpu-streamed' } as const;
  const streamedPair: Pair = {
    auto: await LayeredRunner.open(auto, await openLazyCheckpoint(source), streamedOptions),
    wasm: await LayeredRunner.open(wasm, await openLazyCheckpoint(source), streamedOptions),
  };
  recording = undefined;
  const streamed = [await step(streamedPair, (runner) => runner.prefill(ids.slice(0, promptLength)))];
  const streamedDecodeFeeds: BlockFeeds[] = (recording = []);
  streamed.push(await step(streamedPair, (runner) => runner.decode(ids[promptLength]!)));
  recording = undefined;
  await streamedPair.auto.close();

  const report = {
    status,
    shaderF16: device.features.has('shader-f16'),
    ids,
    uploadsAfterOpen,
    uploadsAfterSteps: auto.uploads.count,
    gpuBytes: onGpu.gpuBytes,
    steps,
    decodeBlockFeeds,
    streamed,
    streamedDecodeFeeds,
  };
  window.layered = { done: false, ...report };

  device.destroy();
  const last = ids[ids.length - 1]!;
  const afterLoss = await step(resident, (runner) => runner.decode(last));
  await onGpu.close();
  return { done: true, ...report, afterLoss };
}

window.layered = { done: false };
main().then(
  (report) => (window.layered = report),
  (error: unknown) => (window.layered = { ...window.layered, done: true, error: messageOf(error) }),
);
