// The layered WebGPU benchmark's page: the tiny Qwen2 replica on the layered runner, weights resident,
// once on the site's runtime (WebGPU when this browser has an adapter: weights uploaded once, the KV
// cache kept on the GPU) and once on WASM in the same page; greedy decode timed after a warm-up.
// Publishes the figures on `window.layeredWebGpuBench` for scripts/bench/layered-webgpu.ts.
import { openLazyCheckpoint } from '../../../kernels/checkpoint/lazy.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { LayeredRunner } from '../../../kernels/families/forward/layered-runner.ts';
import { sampleIds } from '../../../kernels/families/sample-ids.ts';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import { seededRandom } from '../../../kernels/random.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { messageOf, Runtime } from '../../../kernels/runtime/runtime.ts';
import { argmax } from '../../../kernels/sampling.ts';
import { BENCH_REPLICA, DECODE_TOKENS, PROMPT_TOKENS, WARM_UP_TOKENS } from './settings.ts';


export type DecodeFigures = { readonly tokensPerSecond: number; readonly uploadsWhileDecoding: number; readonly gpuBytes: number };

export type LayeredWebGpuReport = {
  readonly done: boolean;
  readonly error?: string;
  /** Why the site's runtime is not on WebGPU here, when it is not (nothing is measured then). */
  readonly noWebGpu?: string;
  readonly webgpu?: DecodeFigures;
  readonly wasm?: DecodeFigures;
};

declare global {
  interface Window {
    layeredWebGpuBench: LayeredWebGpuReport;
  }
}

async function timeDecode(runtime: Runtime): Promise<DecodeFigures> {
  const runner = await LayeredRunner.open(runtime, await openLazyCheckpoint(memorySource(tinyReplica(BENCH_REPLICA).files)), {
    mode: 'resident',
    id: 'layered-webgpu-bench',
  });
  const lastRow = (logits: { data: Float32Array; shape: readonly number[] }) => logits.data.subarray(logits.data.length - logits.shape[1]!);
  let step = await runner.prefill(sampleIds(runner.spec, seededRandom(1), PROMPT_TOKENS));
  for (let i = 0; i < WARM_UP_TOKENS; i++) step = await runner.decode(argmax(lastRow(step.logits)));
  const uploads = runtime.uploads.count;
  const started = performance.now();
  for (let i = 0; i < DECODE_TOKENS; i++) step = await runner.decode(argmax(lastRow(step.logits)));
  const seconds = (performance.now() - started) / 1000;
  const figures = { tokensPerSecond: DECODE_TOKENS / seconds, uploadsWhileDecoding: runtime.uploads.count - uploads, gpuBytes: runner.gpuBytes };
  await runner.close();
  return figures;
}

async function main(): Promise<LayeredWebGpuReport> {
  const auto = await browserRuntime();
  const status = await auto.status();
  if (status.backend !== 'webgpu') return { done: true, noWebGpu: status.fallbackReason ?? 'the runtime chose WASM' };
  const ort = await import('onnxruntime-web/webgpu');
  const wasm = new Runtime(ort, { backend: 'wasm', probeWebGpu: async () => 'pinned to WASM' });
  const webgpu = await timeDecode(auto);
  if ((await auto.status()).backend !== 'webgpu') throw new Error(`WebGPU failed during the run: ${(await auto.status()).fallbackReason}`);
  return { done: true, webgpu, wasm: await timeDecode(wasm) };
}

window.layeredWebGpuBench = { done: false };
main().then(
  (report) => (window.layeredWebGpuBench = report),
  (error: unknown) => (window.layeredWebGpuBench = { done: true, error: messageOf(error) }),
);
