// The browser's runtime, loaded on first use: nothing of onnxruntime-web (JS and a 14–27 MB .wasm)
// is fetched until a live widget asks for `browserRuntime()`.
//
// onnxruntime-web ships two builds, and the page picks one after asking the browser for a WebGPU
// adapter, before downloading anything heavy:
//   WebGPU available    onnxruntime-web/webgpu and its 27 MB binary (WebGPU, with WASM as the fallback)
//   no WebGPU, or       onnxruntime-web/wasm and its 14 MB binary: half the download, and no
//   ?backend=wasm       Asyncify layer (which only WebGPU's asynchronous calls need) in every call,
//                       so the same graphs run faster on the CPU, most of all in the first seconds,
//                       while the browser is still optimising the freshly compiled binary
import { Runtime, messageOf } from './runtime.ts';
import { readWithProgress, reportLoadProgress } from './progress.ts';
// The binaries. Fetched here rather than by ORT so that the reader sees how far the download has
// come; ORT takes the bytes as env.wasm.wasmBinary.
import webGpuBuildWasmUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm?url';
import wasmBuildWasmUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm?url';

let runtime: Promise<Runtime> | undefined;

/** The shared runtime of this page. `?backend=wasm` in the URL forces WASM (for comparisons). */
export function browserRuntime(): Promise<Runtime> {
  runtime ??= createBrowserRuntime();
  return runtime;
}

async function downloadWasm(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not download the runtime (${url}): HTTP ${response.status}`);
  return readWithProgress(response, (loaded, total) => reportLoadProgress({ stage: 'wasm', loaded, ...(total === undefined ? {} : { total }) }));
}

async function createBrowserRuntime(): Promise<Runtime> {
  reportLoadProgress({ stage: 'runtime' });
  const forced = new URLSearchParams(location.search).get('backend') === 'wasm';
  // Why WebGPU will not run here; undefined when an adapter exists and WASM is not forced.
  const noWebGpu = forced ? undefined : await probeWebGpu();
  const useWebGpu = !forced && noWebGpu === undefined;
  const [ort, wasm] = useWebGpu
    ? await Promise.all([import('onnxruntime-web/webgpu'), downloadWasm(webGpuBuildWasmUrl)])
    : await Promise.all([import('onnxruntime-web/wasm'), downloadWasm(wasmBuildWasmUrl)]);
  ort.env.wasm.wasmBinary = wasm;
  // Threads need cross-origin isolation, which a static host rarely has; one thread is predictable.
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency) : 1;
  // The Runtime reports the probe's answer as the reason WASM ran (forced WASM needs no reason).
  return new Runtime(ort, { backend: forced ? 'wasm' : 'auto', probeWebGpu: async () => noWebGpu });
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
