// WebGPU and WASM must compute the same numbers. The parity page (./parity-page) is bundled with
// Vite, served on 127.0.0.1 (WebGPU needs a secure context) and opened in Chromium twice:
//  - with --enable-unsafe-webgpu (SwiftShader's software adapter): the site's runtime must really
//    run on WebGPU, without a fallback, and agree with WASM within each case's tolerance;
//  - without it: no adapter exists, so the same runtime must fall back to WASM and say why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchChromium, openWatchedPage } from './harness/browser.ts';
import { ORT_PLACEMENT_NOTE, useVitePage } from './harness/vite-page.ts';
import { PARITY_CASES } from './parity-page/cases.ts';
import type { ParityReport } from './parity-page/main.ts';
import { DECODER_REPLICAS, DECODER_TOLERANCE, type DecoderReport } from './parity-page/decoders.ts';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { ModelRunner } from '../../kernels/families/forward/runner.ts';
import { tinyReplica } from '../../kernels/families/tiny/replica.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';

const PAGE_DIR = fileURLToPath(new URL('./parity-page/', import.meta.url));
// SwiftShader compiles every WebGPU shader on the CPU: allow minutes for the whole case list.
const RUN_TIMEOUT_MS = 480_000;

const testPage = useVitePage(PAGE_DIR);

async function runParityPage(webgpu: boolean): Promise<{ report: ParityReport; problems: string[] }> {
  const browser = await launchChromium({ webgpu });
  try {
    const { page, problems } = await openWatchedPage(browser, testPage.url());
    await page.waitForFunction(() => window.parity?.done === true, undefined, { timeout: RUN_TIMEOUT_MS, polling: 250 });
    const report = await page.evaluate(() => window.parity);
    return { report, problems: problems.filter((problem) => !ORT_PLACEMENT_NOTE.test(problem)) };
  } finally {
    await browser.close();
  }
}

function describe(report: ParityReport): string {
  const kernels = report.cases.map(
    (c) => `  ${c.name}: ${c.backend}, max |Δ| ${c.maxDiff.toExponential(2)} (≤ ${c.tolerance.toExponential(1)})${c.error ? `, ${c.error}` : ''}`,
  );
  const decoders = report.decoders.map(
    (d) => `  decoder ${d.name}: ${d.backend}, max |Δ| ${d.maxDiff.toExponential(2)} (≤ ${DECODER_TOLERANCE})${d.error ? `, ${d.error}` : ''}`,
  );
  return [...kernels, ...decoders].join('\n');
}

test('with --enable-unsafe-webgpu, every kernel runs on WebGPU and matches WASM', async (t) => {
  const { report, problems } = await runParityPage(true);
  const summary = describe(report);
  for (const line of summary.split('\n')) t.diagnostic(line.trim());
  assert.deepEqual(report.status, { backend: 'webgpu', fallbackReason: undefined }, summary);
  assert.deepEqual(
    report.cases.map((c) => c.name),
    PARITY_CASES.map((c) => c.name),
    'every case reported',
  );
  for (const c of report.cases) {
    assert.equal(c.error, undefined, `${c.name} failed:\n${summary}`);
    assert.equal(c.backend, 'webgpu', `${c.name} did not run on WebGPU (${c.fallbackReason}):\n${summary}`);
    assert.ok(c.outputs.length > 0, `${c.name} has no outputs`);
    assert.ok(c.maxDiff <= c.tolerance, `${c.name}: max |Δ| ${c.maxDiff} > ${c.tolerance}:\n${summary}`);
  }
  assertDecoders(report.decoders, 'webgpu');
  await assertDecodersMatchNode(report.decoders);
  assert.deepEqual(problems, []);
});

function assertDecoders(decoders: readonly DecoderReport[], backend: 'webgpu' | 'wasm'): void {
  assert.deepEqual(
    decoders.map((d) => d.name),
    DECODER_REPLICAS,
    'every decoder reported',
  );
  for (const d of decoders) {
    assert.equal(d.error, undefined, `decoder ${d.name}: ${d.error}`);
    assert.equal(d.backend, backend, `decoder ${d.name} ran on ${d.backend}`);
    assert.ok(d.maxDiff <= DECODER_TOLERANCE, `decoder ${d.name}: max |Δ| ${d.maxDiff} between ${backend} and WASM`);
  }
}

/** The browser's logits equal what the same graphs give in Node, on the same ids. */
async function assertDecodersMatchNode(decoders: readonly DecoderReport[]): Promise<void> {
  const runtime = nodeRuntime();
  for (const d of decoders) {
    const runner = await ModelRunner.open(runtime, await loadCheckpoint(memorySource(tinyReplica(d.name).files)));
    const inNode = await runner.prefill(d.ids);
    const diff = maxAbsDiff(inNode.logits.data, d.logits);
    assert.ok(diff <= DECODER_TOLERANCE, `decoder ${d.name}: browser vs Node max |Δ| ${diff}`);
  }
}

test('without the flag, the same runtime falls back to WASM and says why', async () => {
  const { report, problems } = await runParityPage(false);
  assert.equal(report.status?.backend, 'wasm');
  assert.match(report.status?.fallbackReason ?? '', /WebGPU/);
  for (const c of report.cases) {
    assert.equal(c.error, undefined, `${c.name}: ${c.error}`);
    assert.equal(c.backend, 'wasm', c.name);
    assert.ok(c.fallbackReason, `${c.name} reports no fallback reason`);
    // Two runs of one WASM build on the same inputs: bit-identical.
    assert.equal(c.maxDiff, 0, c.name);
  }
  assertDecoders(report.decoders, 'wasm');
  await assertDecodersMatchNode(report.decoders);
  assert.deepEqual(problems, []);
});
