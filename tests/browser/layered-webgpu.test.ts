// The layered runner resident on WebGPU (SwiftShader, --enable-unsafe-webgpu): its weights go up to
// the GPU once, when it opens, and every call feeds them as GPU tensors; each layer's KV cache stays
// on the GPU and is fed back as the next call's past (streamed too, whose weights stay host feeds);
// logits and attention equal WASM's in the browser, and the logits Node's; and when the GPU device is
// destroyed mid-generation, the next step falls back to WASM and still gives WASM's logits. The page
// (./layered-gpu-page) is bundled with Vite like the parity page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchChromium, openWatchedPage } from './harness/browser.ts';
import { ORT_PLACEMENT_NOTE, useVitePage } from './harness/vite-page.ts';
import { DECODER_TOLERANCE } from './parity-page/decoders.ts';
import { LAYERED_GPU_CASE } from './layered-gpu-page/case.ts';
import type { LayeredGpuReport } from './layered-gpu-page/main.ts';
import { openLazyCheckpoint } from '../../kernels/checkpoint/lazy.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { LayeredRunner } from '../../kernels/families/forward/layered-runner.ts';
import { headMatrix } from '../../kernels/families/forward/graph-layers.ts';
import { requiredTensors, type ModelSpec } from '../../kernels/families/spec.ts';
import { tinyReplica } from '../../kernels/families/tiny/replica.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';

const PAGE_DIR = fileURLToPath(new URL('./layered-gpu-page/', import.meta.url));
// SwiftShader compiles every WebGPU shader on the CPU.
const RUN_TIMEOUT_MS = 300_000;

const testPage = useVitePage(PAGE_DIR);

async function runPage(): Promise<{ report: LayeredGpuReport; problems: string[] }> {
  const browser = await launchChromium({ webgpu: true });
  try {
    const { page, problems } = await openWatchedPage(browser, testPage.url());
    await page.waitForFunction(() => window.layered?.done === true, undefined, { timeout: RUN_TIMEOUT_MS, polling: 250 });
    const report = await page.evaluate(() => window.layered);
    return { report, problems: problems.filter((problem) => !ORT_PLACEMENT_NOTE.test(problem)) };
  } finally {
    await browser.close();
  }
}

/** The same calls in Node (WASM, weights held on the host), and the model's spec. */
async function inNode(ids: readonly number[]): Promise<{ logits: Float32Array[]; spec: ModelSpec }> {
  const { replica, promptLength, decodeSteps, headSliceBytes } = LAYERED_GPU_CASE;
  const checkpoint = await openLazyCheckpoint(memorySource(tinyReplica(replica).files));
  const runner = await LayeredRunner.open(nodeRuntime(), checkpoint, { mode: 'resident', headSliceBytes });
  const steps = [await runner.prefill(ids.slice(0, promptLength))];
  for (const id of ids.slice(promptLength, promptLength + decodeSteps + 1)) steps.push(await runner.decode(id));
  return { logits: steps.map((step) => step.logits.data), spec: runner.spec };
}

/** Every weight the model reads once, but the embedding (its rows are gathered on the host), and the head in slices. */
function expectedUploads(spec: ModelSpec): number {
  const head = headMatrix(spec);
  const [V, H] = head.shape as [number, number];
  const slices = Math.ceil(V / Math.floor(LAYERED_GPU_CASE.headSliceBytes / (H * 4)));
  const whole = new Set(requiredTensors(spec.tensors).map((ref) => ref.name));
  whole.delete(spec.tensors.embed.name);
  whole.delete(head.name);
  return whole.size + slices;
}

test('on WebGPU: resident weights uploaded once, the cache fed back on the GPU (streamed too), logits equal WASM and Node, a lost device replayed on WASM', async (t) => {
  const { report, problems } = await runPage();
  assert.equal(report.error, undefined, `the page failed: ${report.error}`);
  const { decodeSteps } = LAYERED_GPU_CASE;
  t.diagnostic(`shader-f16: ${report.shaderF16}; ${report.uploadsAfterOpen} tensors, ${report.gpuBytes} bytes on the GPU`);
  t.diagnostic(`WebGPU vs WASM max |Δ| per call: ${report.steps?.map((step) => step.maxDiffVsWasm.toExponential(1)).join(', ')}`);
  t.diagnostic(`after the device was destroyed: ${report.afterLoss?.backend} (${report.afterLoss?.fallbackReason?.slice(0, 120)})`);
  assert.deepEqual(report.status, { backend: 'webgpu', fallbackReason: undefined });

  // (a) every call ran on WebGPU and gave WASM's logits, in the browser and in Node
  const steps = report.steps!;
  assert.equal(steps.length, 1 + decodeSteps);
  const node = await inNode(report.ids!);
  steps.forEach((step, i) => {
    assert.equal(step.backend, 'webgpu', `call ${i}: ${step.fallbackReason}`);
    assert.ok(step.maxDiffVsWasm <= DECODER_TOLERANCE, `call ${i}: WebGPU vs WASM max |Δ| ${step.maxDiffVsWasm}`);
    const diff = maxAbsDiff(Float32Array.from(step.logits), node.logits[i]!);
    assert.ok(diff <= DECODER_TOLERANCE, `call ${i}: browser vs Node max |Δ| ${diff}`);
  });

  // (b) uploaded once, when the runner opened: nothing more for the prompt, the decode steps and the streamed runner
  assert.equal(report.uploadsAfterOpen, expectedUploads(node.spec));
  assert.equal(report.uploadsAfterSteps, report.uploadsAfterOpen, 'tensors uploaded after the runner opened');
  assert.ok(report.gpuBytes! > 0);

  // (c) each decode step fed every layer its cache and its weights as GPU tensors
  const feeds = report.decodeBlockFeeds!;
  assert.equal(feeds.length, decodeSteps * node.spec.numLayers, 'block runs recorded');
  for (const feed of feeds) {
    assert.deepEqual(feed.past, ['gpu-buffer', 'gpu-buffer'], 'past_key and past_value');
    assert.ok(feed.weights.length > 0 && feed.weights.every((kind) => kind === 'gpu-buffer'), `weights fed as ${feed.weights.join(', ')}`);
  }

  // streamed on the same runtime: weights fed from the host, nothing uploaded, the cache on the GPU
  const streamed = report.streamed!;
  assert.equal(streamed.length, 2);
  streamed.forEach((step, i) => {
    assert.equal(step.backend, 'webgpu', `streamed call ${i}: ${step.fallbackReason}`);
    assert.ok(step.maxDiffVsWasm <= DECODER_TOLERANCE, `streamed call ${i}: WebGPU vs WASM max |Δ| ${step.maxDiffVsWasm}`);
    const diff = maxAbsDiff(Float32Array.from(step.logits), node.logits[i]!);
    assert.ok(diff <= DECODER_TOLERANCE, `streamed call ${i}: browser vs Node max |Δ| ${diff}`);
  });
  assert.equal(report.streamedDecodeFeeds!.length, node.spec.numLayers);
  for (const feed of report.streamedDecodeFeeds!) {
    assert.deepEqual(feed.past, ['gpu-buffer', 'gpu-buffer'], 'streamed past_key and past_value');
    assert.ok(feed.weights.every((kind) => kind === 'float32' || kind === 'float16'), `streamed weights fed as ${feed.weights.join(', ')}`);
  }

  // the device destroyed: the step falls back to WASM, replays the sequence on the host, same logits
  const afterLoss = report.afterLoss!;
  assert.equal(afterLoss.backend, 'wasm');
  assert.ok(afterLoss.maxDiffVsWasm <= DECODER_TOLERANCE, `after the loss: max |Δ| ${afterLoss.maxDiffVsWasm}`);
  const diff = maxAbsDiff(Float32Array.from(afterLoss.logits), node.logits[1 + decodeSteps]!);
  assert.ok(diff <= DECODER_TOLERANCE, `after the loss: browser vs Node max |Δ| ${diff}`);
  assert.deepEqual(problems, []);
});

