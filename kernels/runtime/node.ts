// The runtime for Node (CLI, tests, benchmarks): the same onnxruntime-web package on its WASM
// backend, so Node runs exactly the graphs the browser runs.
import * as ort from 'onnxruntime-web';
import { Runtime } from './runtime.ts';

ort.env.wasm.numThreads = 1;

export function nodeRuntime(): Runtime {
  return new Runtime(ort, { backend: 'wasm', probeWebGpu: async () => 'Node has no WebGPU' });
}
