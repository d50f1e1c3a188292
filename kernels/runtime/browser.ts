// The browser's runtime, loaded on first use: nothing of onnxruntime-web (≈1 MB of JS and a
// ≈26 MB .wasm) is fetched until a live widget asks for `browserRuntime()`.
import { Runtime, messageOf } from './runtime.ts';
import { readWithProgress, reportLoadProgress } from './progress.ts';
// The binary onnxruntime-web/webgpu instantiates. Fetched here rather than by ORT so that the
// reader sees how far the 27 MB download has come; ORT takes it as env.wasm.wasmBinary.
import wasmUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm?url';

let runtime: Promise<Runtime> | undefined;

/** The shared runtime of this page. `?backend=wasm` in the URL forces WASM (for comparisons). */
export function browserRuntime(): Promise<Runtime> {
  runtime ??= createBrowserRuntime();
  return runtime;
}

async function downloadWasm(): Promise<Uint8Array> {
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`could not download the runtime (${wasmUrl}): HTTP ${response.status}`);
  return readWithProgress(response, (loaded, total) => reportLoadProgress({ stage: 'wasm', loaded, ...(total === undefined ? {} : { total }) }));
}

async function createBrowserRuntime(): Promise<Runtime> {
  reportLoadProgress({ stage: 'runtime' });
  const [ort, wasm] = await Promise.all([import('onnxruntime-web/webgpu'), downloadWasm()]);
  ort.env.wasm.wasmBinary = wasm;
  // Threads need cross-origin isolation, which a static host rarely has; one thread is predictable.
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency) : 1;
  const forced = new URLSearchParams(location.search).get('backend') === 'wasm';
  return new Runtime(ort, { backend: forced ? 'wasm' : 'auto', probeWebGpu });
}

async function probeWebGpu(): Promise<string | undefined> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'this browser has no WebGPU';
  try {
    return (await gpu.requestAdapter()) ? undefined : 'no WebGPU adapter is available';
  } catch (error) {
    return `WebGPU adapter request failed: ${messageOf(error)}`;
  }
}
