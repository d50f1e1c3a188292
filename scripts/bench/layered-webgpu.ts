// The layered runner on WebGPU (./layered-webgpu-page), in a Chromium of its own started with
// --enable-unsafe-webgpu: greedy decode tokens/s of the tiny Qwen2 replica with its weights resident
// on the GPU (uploaded once) and its KV cache kept there, against WASM in the same page, and the
// tensors uploaded while decoding (budget 0: the weights went up when the runner opened).
//
// Headless Chromium's adapter is SwiftShader, WebGPU emulated on the CPU: its figures say that the
// GPU path works and what it costs on this machine, not what a real GPU gives. Where the browser has
// no adapter, the case prints one row, "not measured: no WebGPU".
//
// A case of `npm run bench` (./cases.ts), or on its own: `node scripts/bench/layered-webgpu.ts`.
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tests/browser/harness/browser.ts';
import { serveVitePage } from '../../tests/browser/harness/vite-page.ts';
import { markdownTable } from './table.ts';
import type { BenchCase, BenchRow } from './types.ts';
import type { LayeredWebGpuReport } from './layered-webgpu-page/main.ts';
import { BENCH_REPLICA, DECODE_TOKENS } from './layered-webgpu-page/settings.ts';

const PAGE_DIR = fileURLToPath(new URL('./layered-webgpu-page/', import.meta.url));
// SwiftShader compiles every shader on the CPU.
const PAGE_TIMEOUT_MS = 300_000;
const CASE = `Layered runner, tiny ${BENCH_REPLICA} (Chromium, WebGPU)`;

async function measureInChromium(): Promise<LayeredWebGpuReport> {
  const served = await serveVitePage(PAGE_DIR);
  const browser = await launchChromium({ webgpu: true });
  try {
    const page = await browser.newPage();
    await page.goto(served.url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.layeredWebGpuBench?.done === true, undefined, { timeout: PAGE_TIMEOUT_MS, polling: 500 });
    const report: LayeredWebGpuReport = await page.evaluate(() => window.layeredWebGpuBench);
    if (report.error !== undefined) throw new Error(`layered WebGPU bench page: ${report.error}`);
    return report;
  } finally {
    await browser.close();
    await served.close();
  }
}

async function runLayeredWebGpuBench(): Promise<BenchRow[]> {
  const report = await measureInChromium();
  const { webgpu, wasm } = report;
  if (webgpu === undefined || wasm === undefined) {
    return [{ case: CASE, measure: `not measured: no WebGPU (${report.noWebGpu})`, value: NaN, unit: '' }];
  }
  return [
    {
      case: CASE,
      measure: `resident decode (${DECODE_TOKENS} tokens), weights and KV cache on the GPU (${(webgpu.gpuBytes / 2 ** 20).toFixed(2)} MiB)`,
      value: webgpu.tokensPerSecond,
      unit: 'tokens/s',
      reference: { label: 'WASM, same page', value: wasm.tokensPerSecond },
    },
    { case: CASE, measure: 'tensors uploaded while decoding', value: webgpu.uploadsWhileDecoding, unit: '', budget: 0 },
  ];
}

export const layeredWebGpuBench: BenchCase = {
  name: 'Layered runner on WebGPU (weights and KV cache on the GPU) against WASM, tiny Qwen2, Chromium',
  run: () => runLayeredWebGpuBench(),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await runLayeredWebGpuBench();
  const machine = `${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  console.log(`Layered WebGPU benchmark of ${new Date().toISOString().slice(0, 10)} on ${machine}\n`);
  console.log(markdownTable(rows));
}
