// The layered runner in Node (WASM), weights resident against streamed, on a tiny replica and on the
// synthetic Qwen2.5-0.5B (scripts/make-synthetic.ts, made first when missing: 988 MB in .cache/).
//
//   time to first token   `infer --generate N --stats`: the prompt's prefill, session creation included
//   open                  detect + headers; resident also reads and converts every weight
//   decode                tokens per second after the first, greedy, one at a time with the KV cache
//   peak RSS              the process's maximum resident set (process.resourceUsage().maxRSS)
//   logits                streamed against resident, relative max |Δ| of the row the last token was
//                         chosen from (they run the same graphs)
//   decode limit          this machine's read bandwidth (measured in the same run) ÷ the weight
//                         bytes a decode step reads (./decode-limit.ts), beside resident decode
//
// Each mode runs in its own process (`npm run infer`), so each peak RSS is that mode's alone. The
// whole-model runner is no yardstick at 0.5B: it cannot build its 2 GB graph (std::bad_alloc).
//
// A case of `npm run bench` (./cases.ts), or on its own: `node scripts/bench/layered.ts [tiny|0.5b]`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLazyCheckpoint } from '../../kernels/checkpoint/lazy.ts';
import { folderSource } from '../../kernels/checkpoint/node-folder.ts';
import { detectModel } from '../../kernels/families/detect.ts';
import { tinyReplica } from '../../kernels/families/tiny/replica.ts';
import { decodeLimit, measureReadBandwidth, storedTensors, weightBytesPerToken } from './decode-limit.ts';
import { markdownTable } from './table.ts';
import type { BenchCase, BenchRow } from './types.ts';

const SYNTHETIC = join('.cache', 'synthetic', 'qwen2.5-0.5b');
const MODES = ['resident', 'stream'] as const;
type Mode = (typeof MODES)[number];

type Model = { readonly label: string; readonly folder: () => Promise<string>; readonly decode: number };

type InferStats = {
  readonly openMs: number;
  readonly ttftMs: number;
  readonly tokensPerSecond: number;
  readonly peakRssMiB: number;
  readonly residentWeightMiB: number;
};
type InferOutput = { readonly lastLogits: number[]; readonly stats: InferStats };

/** A prompt of 8 ids every model's vocabulary holds. */
const PROMPT = '9,2,7,4,1,8,3,6';

/** `decode` greedy tokens after the first (which the prompt's prefill gives). */
function infer(folder: string, mode: Mode, decode: number): InferOutput {
  const args = ['scripts/infer.ts', '--model', folder, '--ids', PROMPT, `--${mode}`, '--generate', String(decode + 1), '--stats', '--json'];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`infer --${mode} on ${folder} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as InferOutput;
}

/** max |a − b| / max |b| over the logits row the last token was chosen from. */
function relativeDiff(a: InferOutput, b: InferOutput): number {
  let diff = 0;
  let scale = 0;
  b.lastLogits.forEach((value, i) => {
    diff = Math.max(diff, Math.abs(a.lastLogits[i]! - value));
    scale = Math.max(scale, Math.abs(value));
  });
  return diff / scale;
}

async function tinyFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'layered-bench-'));
  for (const [file, bytes] of tinyReplica('qwen2').files) await writeFile(join(folder, file), bytes);
  return folder;
}

function syntheticFolder(): Promise<string> {
  if (!existsSync(join(SYNTHETIC, 'model.safetensors'))) {
    const made = spawnSync(process.execPath, ['scripts/make-synthetic.ts', '--out', SYNTHETIC], { stdio: ['ignore', 2, 2] });
    if (made.status !== 0) throw new Error('make-synthetic failed');
  }
  return Promise.resolve(SYNTHETIC);
}

const MODELS: readonly Model[] = [
  { label: 'tiny qwen2', folder: tinyFolder, decode: 16 },
  { label: 'synthetic Qwen2.5-0.5B', folder: syntheticFolder, decode: 4 },
];

/** Weight bytes one decode step of the checkpoint in `folder` reads, from its headers alone. */
async function bytesPerToken(folder: string): Promise<number> {
  const { config, tensors } = await openLazyCheckpoint(folderSource(folder));
  const spec = detectModel(config, tensors.names());
  return weightBytesPerToken(storedTensors(spec, tensors), spec.tensors.embed.name, spec.head.kind === 'tied');
}

async function measure(model: Model, bandwidth: number): Promise<BenchRow[]> {
  const folder = await model.folder();
  try {
    const bytes = await bytesPerToken(folder);
    const [resident, streamed] = MODES.map((mode) => infer(folder, mode, model.decode)) as [InferOutput, InferOutput];
    const row = (measure: string, unit: string, pick: (s: InferStats) => number): BenchRow => ({
      case: `Layered runner, ${model.label}`,
      measure: `streamed ${measure}`,
      value: pick(streamed.stats),
      unit,
      reference: { label: 'resident', value: pick(resident.stats) },
    });
    return [
      row('time to first token', 'ms', (s) => s.ttftMs),
      row('open', 'ms', (s) => s.openMs),
      row(`decode (${model.decode} tokens)`, 'tokens/s', (s) => s.tokensPerSecond),
      row('peak RSS', 'MiB', (s) => s.peakRssMiB),
      {
        case: `Layered runner, ${model.label}`,
        measure: 'resident weights held (F16/BF16 as 16-bit)',
        value: resident.stats.residentWeightMiB,
        unit: 'MiB',
      },
      {
        case: `Layered runner, ${model.label}`,
        measure: 'logits, streamed vs resident: max abs difference / max abs logit',
        value: relativeDiff(streamed, resident),
        unit: '',
        budget: 1e-4,
      },
      {
        case: `Layered runner, ${model.label}`,
        measure: `resident decode against the decode limit (${(bytes / 1e6).toFixed(1)} MB of weights per token ÷ ${(bandwidth / 1e9).toFixed(2)} GB/s)`,
        value: resident.stats.tokensPerSecond,
        unit: 'tokens/s',
        reference: { label: 'decode limit', value: decodeLimit(bytes, bandwidth) },
      },
    ];
  } finally {
    if (folder !== SYNTHETIC) await rm(folder, { recursive: true, force: true });
  }
}

async function runLayeredBench(words: readonly string[] = []): Promise<BenchRow[]> {
  const bandwidth = measureReadBandwidth();
  const rows: BenchRow[] = [
    { case: 'Memory bandwidth (Node, one core)', measure: 'median read of a 512 MiB Float64Array', value: bandwidth / 1e9, unit: 'GB/s' },
  ];
  for (const model of MODELS) {
    if (words.length === 0 || words.some((word) => model.label.toLowerCase().includes(word)))
      rows.push(...(await measure(model, bandwidth)));
  }
  return rows;
}

export const layeredBench: BenchCase = {
  name: 'Layered runner (resident vs streamed weights, decode limit), tiny and synthetic 0.5B, WASM in Node',
  run: () => runLayeredBench(),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await runLayeredBench(process.argv.slice(2).map((word) => word.toLowerCase()));
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  const machine = `${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, load ${load}, Node ${process.version}`;
  console.log(`Layered runner benchmark of ${new Date().toISOString().slice(0, 10)} on ${machine}\n`);
  console.log(markdownTable(rows));
}
