// The parity page: runs every case of cases.ts on two runtimes in this browser — the site's own
// runtime (`browserRuntime()`, WebGPU when an adapter exists, else WASM with a reason) and one
// pinned to WASM — and publishes max |Δ| per case on `window.parity` for parity.test.ts.
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { messageOf, Runtime, type Backend, type RunResult } from '../../../kernels/runtime/runtime.ts';
import { maxAbsDiff } from '../../../kernels/tensor.ts';
import { PARITY_CASES, type ParityCase } from './cases.ts';
import { DECODER_REPLICAS, runDecoder, type DecoderReport } from './decoders.ts';

export type CaseReport = {
  readonly name: string;
  readonly tolerance: number;
  /** Largest |auto − wasm| over all outputs; Infinity if an output is NaN or outputs differ in shape. */
  readonly maxDiff: number;
  /** The backend the site's runtime used for this case, and why it was not WebGPU (if so). */
  readonly backend: Backend;
  readonly fallbackReason: string | undefined;
  readonly outputs: string[];
  readonly error?: string;
};

export type ParityReport = {
  readonly done: boolean;
  readonly status: { readonly backend: Backend; readonly fallbackReason: string | undefined } | undefined;
  readonly cases: CaseReport[];
  readonly decoders: DecoderReport[];
};

declare global {
  interface Window {
    parity: ParityReport;
  }
}

function compare(auto: RunResult, wasm: RunResult): { maxDiff: number; outputs: string[] } {
  const outputs = Object.keys(wasm.outputs).sort();
  let worst = 0;
  for (const name of outputs) {
    const a = auto.outputs[name];
    const b = wasm.outputs[name]!;
    if (!a || a.shape.join() !== b.shape.join()) return { maxDiff: Infinity, outputs };
    worst = Math.max(worst, maxAbsDiff(a.data, b.data));
  }
  return { maxDiff: worst, outputs };
}

async function runCase(auto: Runtime, wasm: Runtime, parityCase: ParityCase): Promise<CaseReport> {
  const { name, graph, feeds, tolerance } = parityCase;
  try {
    const reference = await wasm.run(graph, feeds);
    const result = await auto.run(graph, feeds);
    return { name, tolerance, ...compare(result, reference), backend: result.backend, fallbackReason: result.fallbackReason };
  } catch (error) {
    const status = await auto.status();
    return { name, tolerance, maxDiff: Infinity, outputs: [], ...status, error: messageOf(error) };
  }
}

async function main(): Promise<void> {
  window.parity = { done: false, status: undefined, cases: [], decoders: [] };
  const auto = await browserRuntime();
  // The same ORT module the site's runtime loaded, pinned to the WASM backend.
  const ort = await import('onnxruntime-web/webgpu');
  const wasm = new Runtime(ort, { backend: 'wasm', probeWebGpu: async () => 'pinned to WASM' });
  const cases: CaseReport[] = [];
  const decoders: DecoderReport[] = [];
  window.parity = { done: false, status: await auto.status(), cases, decoders };
  const log = document.getElementById('log')!;
  for (const parityCase of PARITY_CASES) {
    const report = await runCase(auto, wasm, parityCase);
    cases.push(report);
    log.textContent += `${report.name}: ${report.backend} max|Δ| ${report.maxDiff} ${report.error ?? ''}\n`;
  }
  for (const name of DECODER_REPLICAS) {
    const report = await runDecoder(name, auto, wasm);
    decoders.push(report);
    log.textContent += `decoder ${name}: ${report.backend} max|Δ| ${report.maxDiff} ${report.error ?? ''}\n`;
  }
  window.parity = { done: true, status: window.parity.status, cases, decoders };
}

void main();
