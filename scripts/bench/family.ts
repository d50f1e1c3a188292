// The family benchmark: every tiny replica's whole decoder graph on ORT's WASM backend, in Node and in
// Chromium (a Vite-built page, ./family-page), beside the float64 reference doing the same work in Node.
//
//   graph build         decoderGraph(...).build(): weights decoded, ONNX protobuf written
//   session creation    InferenceSession.create on those bytes
//   prefill N tokens    median wall time of runner.prefill for N = 16, 64, 256
//   decode              tokens per second, one at a time with the KV cache, after a 16-token prompt
// The reference has no cache: its decode recomputes the whole sequence for every new token, which is
// the work it would take to generate; it also decodes the weights from the checkpoint on every call.
//
// A case of `npm run bench` (./cases.ts), or on its own: `node scripts/bench/family.ts [--no-browser]`.
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import type { Browser } from 'playwright-core';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { detectModel } from '../../kernels/families/detect.ts';
import { referenceForward } from '../../kernels/families/forward/reference.ts';
import { TINY_REPLICAS, tinyReplica, type ReplicaName } from '../../kernels/families/tiny/replica.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { launchChromium } from '../../tests/browser/harness/browser.ts';
import { serveVitePage } from '../../tests/browser/harness/vite-page.ts';
import {
  benchIds,
  DECODE_PROMPT,
  DECODE_TOKENS,
  measureFamily,
  PREFILL_LENGTHS,
  warmUp,
  type FamilyFigures,
} from './family-measure.ts';
import type { FamilyBenchReport } from './family-page/main.ts';
import { markdownTable } from './table.ts';
import type { BenchCase, BenchRow } from './types.ts';

const PAGE_DIR = fileURLToPath(new URL('./family-page/', import.meta.url));
const PAGE_TIMEOUT_MS = 600_000;

type ReferenceFigures = { readonly prefillMs: Readonly<Record<number, number>>; readonly decodeTokensPerSecond: number };

async function measureInNode(): Promise<FamilyFigures[]> {
  const runtime = nodeRuntime();
  const createSession = (model: Uint8Array) => ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  const figures: FamilyFigures[] = [];
  await warmUp(createSession);
  for (const replica of TINY_REPLICAS) figures.push(await measureFamily(runtime, createSession, replica));
  return figures;
}

/** The same work in float64: one prefill per length (after a warm-up), and decode as repeated prefills. */
async function measureReference(replica: ReplicaName): Promise<ReferenceFigures> {
  const checkpoint = await loadCheckpoint(memorySource(tinyReplica(replica).files));
  const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
  const timed = (ids: number[]): number => {
    const started = performance.now();
    referenceForward(spec, checkpoint.tensors, ids);
    return performance.now() - started;
  };
  timed(benchIds(spec, DECODE_PROMPT)); // warm-up
  const prefillMs = Object.fromEntries(PREFILL_LENGTHS.map((length) => [length, timed(benchIds(spec, length))]));
  const ids = benchIds(spec, DECODE_PROMPT + DECODE_TOKENS);
  let decodeMs = 0;
  for (let length = DECODE_PROMPT + 1; length <= ids.length; length++) decodeMs += timed(ids.slice(0, length));
  return { prefillMs, decodeTokensPerSecond: DECODE_TOKENS / (decodeMs / 1000) };
}

async function measureInChromium(browser: Browser): Promise<FamilyFigures[]> {
  const served = await serveVitePage(PAGE_DIR);
  const page = await browser.newPage();
  try {
    await page.goto(served.url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.familyBench?.done === true, undefined, { timeout: PAGE_TIMEOUT_MS, polling: 500 });
    const report: FamilyBenchReport = await page.evaluate(() => window.familyBench);
    if (report.error !== undefined) throw new Error(`family bench page: ${report.error}`);
    return report.figures;
  } finally {
    await page.close();
    await served.close();
  }
}

function rowsOf(
  where: string,
  figures: readonly FamilyFigures[],
  references: ReadonlyMap<ReplicaName, ReferenceFigures>,
): BenchRow[] {
  return figures.flatMap((f) => {
    const reference = references.get(f.replica)!;
    const yardstick = (value: number) => ({ label: 'float64 reference (Node)', value });
    const row = (measure: string, value: number, unit: string) => ({
      case: `${f.replica} (${where}, WASM)`,
      measure,
      value,
      unit,
    });
    return [
      row('graph build', f.graphBuildMs, 'ms'),
      row('session creation', f.sessionMs, 'ms'),
      ...PREFILL_LENGTHS.map((length) => ({
        ...row(`prefill ${length} tokens`, f.prefillMs[length]!, 'ms'),
        reference: yardstick(reference.prefillMs[length]!),
      })),
      {
        ...row(`decode ${DECODE_TOKENS} tokens (KV cache)`, f.decodeTokensPerSecond, 'tok/s'),
        reference: yardstick(reference.decodeTokensPerSecond),
      },
    ];
  });
}

async function runFamilyBench(browser: Browser | undefined): Promise<BenchRow[]> {
  const references = new Map<ReplicaName, ReferenceFigures>();
  for (const replica of TINY_REPLICAS) references.set(replica, await measureReference(replica));
  const rows = rowsOf('Node', await measureInNode(), references);
  if (browser !== undefined) rows.push(...rowsOf('Chromium', await measureInChromium(browser), references));
  return rows;
}

export const familyBench: BenchCase = {
  name: 'Family decoder graphs (tiny replicas), WASM in Node and Chromium',
  run: (context) => runFamilyBench(context.browser),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const withBrowser = !process.argv.includes('--no-browser');
  const browser = withBrowser ? await launchChromium({ webgpu: false }) : undefined;
  try {
    const rows = await runFamilyBench(browser);
    const machine = `${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}${browser ? `, Chromium ${browser.version()}` : ''}`;
    console.log(`Family benchmark of ${new Date().toISOString().slice(0, 10)} on ${machine}\n`);
    console.log(markdownTable(rows));
  } finally {
    await browser?.close();
  }
}
