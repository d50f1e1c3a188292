// The family benchmark's page: runs `measureFamily` for every tiny replica in this browser, on the
// same onnxruntime-web bundle the site loads, pinned to WASM, and publishes the figures on
// `window.familyBench` for scripts/bench/family.ts.
import { messageOf, Runtime } from '../../../kernels/runtime/runtime.ts';
import { TINY_REPLICAS } from '../../../kernels/families/tiny/replica.ts';
import { measureFamily, warmUp, type FamilyFigures } from '../family-measure.ts';

export type FamilyBenchReport = { readonly done: boolean; readonly figures: FamilyFigures[]; readonly error?: string };

declare global {
  interface Window {
    familyBench: FamilyBenchReport;
  }
}

async function main(): Promise<void> {
  const figures: FamilyFigures[] = [];
  window.familyBench = { done: false, figures };
  const ort = await import('onnxruntime-web/webgpu');
  ort.env.wasm.numThreads = 1; // as the site runs without cross-origin isolation, and as in Node
  const runtime = new Runtime(ort, { backend: 'wasm', probeWebGpu: async () => 'pinned to WASM' });
  const createSession = (model: Uint8Array) => ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  const log = document.getElementById('log')!;
  await warmUp(createSession);
  for (const replica of TINY_REPLICAS) {
    figures.push(await measureFamily(runtime, createSession, replica));
    log.textContent += `${replica} done\n`;
  }
  window.familyBench = { done: true, figures };
}

main().catch((error: unknown) => {
  window.familyBench = { ...window.familyBench, done: true, error: messageOf(error) };
});
