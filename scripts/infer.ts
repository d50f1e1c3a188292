// Run a checkpoint on some tokens and print the logits (ORT's WASM backend, the graph the site runs).
//
//   npm run --silent infer -- --model DIR --ids 1,2,3 --json
//     → one JSON object: {"family": "...", "ids": [...], "logits": [[...V floats], ...one row per position]}
//   npm run --silent infer -- --hub URL --repo ORG/NAME [--revision REV] --ids 1,2,3 --json
//     the same from a hub (https://huggingface.co, https://hf-mirror.com, https://www.modelscope.cn or
//     any base URL with Hugging Face's /<repo>/resolve/<revision>/<file> scheme). A gated repository
//     needs an access token in the HF_TOKEN environment variable (sent as an Authorization header).
//   --plan      with --hub: reads headers only and prints the plan (family, dtype, parameters, bytes
//               to download, memory plan) and the bytes it fetched, instead of running
//   --memory M  the memory budget of the plan, e.g. 8GiB or 512MB (default: this machine's memory)
//   --attn      adds "attn": [layer][head][query][key], the attention probabilities
//   --text "…"  tokenizes the text with DIR's tokenizer.json instead of --ids, with the special tokens
//               its post-processor adds (HF's `encode(text)`); a ChatGLM-6B tokenizer.json without one
//               still gets the [gMASK] <sop> its model needs (families/prompt.ts)
//   without --json: a readable summary (top next tokens at each position)
//
// Errors go to stderr with exit code 1: a missing folder, a checkpoint that does not load or fit its
// family, ids that are not token ids of the model, and every hub failure (not found, gated, no
// answer, a broken or missing shard, a model too large for the budget).
import { existsSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { loadCheckpoint, type Checkpoint } from '../kernels/checkpoint/load.ts';
import { folderSource } from '../kernels/checkpoint/node-folder.ts';
import type { CheckpointSource } from '../kernels/checkpoint/source.ts';
import type { StepResult } from '../kernels/families/forward/runner.ts';
import { HubClient } from '../kernels/hub/http.ts';
import { hubAt, repoIdProblem } from '../kernels/hub/hubs.ts';
import { downloadFromHub, hubSource, planFromHub, planReport, type PlanReport } from '../kernels/hub/load.ts';
import { WHOLE_MODEL_RUNNER, type PromptRunner } from '../kernels/hub/runner.ts';
import { preparePrompt, promptTemplate } from '../kernels/families/prompt.ts';
import type { ModelSpec } from '../kernels/families/spec.ts';
import { loadTokenizer } from '../kernels/tokenizers/load.ts';
import { onLoadProgress, type LoadProgress } from '../kernels/runtime/progress.ts';
import { messageOf } from '../kernels/runtime/runtime.ts';
import { formatBytes } from '../kernels/format-bytes.ts';
import type { Tensor32 } from '../kernels/tensor.ts';

const USAGE =
  'usage: npm run --silent infer -- (--model DIR | --hub URL --repo ORG/NAME [--revision REV] [--plan] [--memory 8GiB])\n' +
  '                                 (--ids 1,2,3 | --text "...") [--json] [--attn]';
const TOP = 5;

class UsageError extends Error {}

function options() {
  try {
    return parseArgs({
      options: {
        model: { type: 'string' },
        hub: { type: 'string' },
        repo: { type: 'string' },
        revision: { type: 'string' },
        plan: { type: 'boolean', default: false },
        memory: { type: 'string' },
        ids: { type: 'string' },
        text: { type: 'string' },
        json: { type: 'boolean', default: false },
        attn: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
}

/** "1, 2,3" → [1, 2, 3]; anything that is not a whole number is refused by name. */
function parseIds(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  return parts.map((part) => {
    if (!/^-?\d+$/.test(part)) throw new Error(`--ids: '${part}' is not a token id (expected whole numbers separated by commas)`);
    return Number(part);
  });
}

/** "8GiB", "512MB", "1e9" → bytes. */
function parseBytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$/i.exec(text.trim());
  const units: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };
  const bytes = match === null ? NaN : Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? NaN);
  if (!Number.isFinite(bytes) || bytes <= 0) throw new UsageError(`--memory: '${text}' is not an amount of memory (e.g. 8GiB, 512MB)`);
  return bytes;
}

/** The text's ids from the checkpoint's tokenizer.json, inside the family's template (nothing is cut). */
async function tokenize(source: CheckpointSource, spec: ModelSpec, text: string): Promise<number[]> {
  const tokenizer = await loadTokenizer(source);
  const ids = tokenizer.encode(text, { addSpecialTokens: false });
  return preparePrompt(ids, promptTemplate(spec, tokenizer.template), Infinity).ids;
}

/** [n, T, Tk] → nested arrays [head][query][key]. */
function nested(t: Tensor32): number[][][] {
  const [heads, T, Tk] = t.shape as [number, number, number];
  return Array.from({ length: heads }, (_, h) =>
    Array.from({ length: T }, (_, i) => Array.from(t.data.subarray((h * T + i) * Tk, (h * T + i + 1) * Tk))),
  );
}

function rows(t: Tensor32): number[][] {
  const [T, V] = t.shape as [number, number];
  return Array.from({ length: T }, (_, i) => Array.from(t.data.subarray(i * V, (i + 1) * V)));
}

function summary(runner: PromptRunner, ids: readonly number[], result: StepResult): string {
  const { spec } = runner;
  const lines = [
    `${spec.label}: family ${spec.family}, ${spec.numLayers} layers, vocab ${spec.vocabSize}`,
    `${ids.length} tokens on ${result.backend.toUpperCase()}: session ${result.buildMs.toFixed(0)} ms, run ${result.runMs.toFixed(1)} ms`,
    '',
    `position  id      top ${TOP} next ids (logit)`,
  ];
  rows(result.logits).forEach((row, t) => {
    const best = row
      .map((logit, id) => ({ id, logit }))
      .sort((a, b) => b.logit - a.logit)
      .slice(0, TOP)
      .map(({ id, logit }) => `${id} (${logit.toFixed(3)})`);
    lines.push(`${String(t).padEnd(10)}${String(ids[t]).padEnd(8)}${best.join('  ')}`);
  });
  return lines.join('\n');
}

/** What to run: a folder on disk, or a repository on a hub (planned from its headers first). */
type Opened = { readonly checkpoint: Checkpoint; readonly source: CheckpointSource };

async function openFolder(folder: string): Promise<Opened> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`no such folder: ${folder}`);
  const source = folderSource(folder);
  return { checkpoint: await loadCheckpoint(source), source };
}

type HubArgs = { hub: string; repo: string; revision?: string; memory?: string; plan: boolean; text?: string; ids?: string };

function hubClient(args: HubArgs): HubClient {
  const problem = repoIdProblem(args.repo);
  if (problem !== null) throw new UsageError(`--repo: ${problem}`);
  const hub = hubAt(args.hub);
  const token = process.env['HF_TOKEN'];
  return new HubClient({ hub, repo: args.repo, revision: args.revision ?? hub.defaultRevision, ...(token !== undefined && { token }) });
}

/** Plans from the headers; prints the plan (--plan) or downloads the weights to run them. */
async function openHub(args: HubArgs, json: boolean): Promise<Opened | null> {
  const client = hubClient(args);
  // Tokens of the prompt, for the plan: --ids counts them; text has at most one per UTF-8 byte, plus specials.
  const promptTokens = args.ids !== undefined ? parseIds(args.ids).length : new TextEncoder().encode(args.text ?? '').length + 8;
  const planned = await planFromHub(client, {
    budgetBytes: args.memory !== undefined ? parseBytes(args.memory) : totalmem(),
    runner: WHOLE_MODEL_RUNNER.limits,
    promptTokens,
    contextTokens: promptTokens,
    tokenizer: args.text !== undefined,
  });
  if (args.plan) {
    const out = planReport(client, planned, WHOLE_MODEL_RUNNER.name);
    process.stdout.write(json ? `${JSON.stringify(out)}\n` : `${planSummary(out)}\n`);
    return null;
  }
  const stop = process.stderr.isTTY ? onLoadProgress(showDownload(performance.now())) : () => undefined;
  try {
    const checkpoint = await downloadFromHub(client, planned);
    return { checkpoint, source: hubSource(client, planned.headers) };
  } finally {
    stop();
  }
}

/** A one-line progress report on a terminal: bytes so far, speed, time left. */
function showDownload(start: number): (progress: LoadProgress) => void {
  return ({ stage, loaded = 0, total = 0 }) => {
    if (stage !== 'weights' || total === 0) return;
    const seconds = (performance.now() - start) / 1000;
    const rate = loaded / Math.max(seconds, 1e-3);
    const left = rate > 0 ? Math.ceil((total - loaded) / rate) : Infinity;
    const line = `downloading ${formatBytes(loaded)} of ${formatBytes(total)}, ${formatBytes(rate)}/s, ${left} s left`;
    process.stderr.write(`\r${line.padEnd(72)}${loaded === total ? '\n' : ''}`);
  };
}

function planSummary(out: PlanReport): string {
  return [
    `${out.repo}: ${out.label}`,
    `weights: ${out.dtypes.join(' + ')}, ${out.parameters.toLocaleString('en-US')} parameters, ${out.downloadBytes.toLocaleString('en-US')} bytes to download`,
    `plan: ${out.memory.mode} (${out.memory.reason})`,
    `read ${out.fetched.bytes.toLocaleString('en-US')} bytes (config and headers, no weights) in ${out.fetched.requests} requests`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = options();
  const { hub, repo } = args;
  if ((args.model === undefined) === (hub === undefined)) throw new UsageError('give exactly one of --model DIR and --hub URL');
  if (hub !== undefined && repo === undefined) throw new UsageError('--hub needs --repo ORG/NAME');
  if (hub === undefined && (args.plan || repo !== undefined)) throw new UsageError('--repo and --plan go with --hub URL');
  if (!args.plan && (args.ids === undefined) === (args.text === undefined)) throw new UsageError('give exactly one of --ids and --text');

  const opened =
    hub !== undefined && repo !== undefined
      ? await openHub({ ...args, hub, repo }, args.json)
      : await openFolder(args.model ?? '');
  if (opened === null) return;

  // onnxruntime loads only for a run: plans and refusals do without it.
  const { nodeRuntime } = await import('../kernels/runtime/node.ts');
  const runner = await WHOLE_MODEL_RUNNER.open(nodeRuntime(), opened.checkpoint);
  const ids = args.ids !== undefined ? parseIds(args.ids) : await tokenize(opened.source, runner.spec, args.text ?? '');
  const result = await runner.prefill(ids, { attn: args.attn });

  if (args.json) {
    const out = {
      family: runner.spec.family,
      ids,
      logits: rows(result.logits),
      ...(result.attn !== undefined && { attn: result.attn.map(nested) }),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    process.stdout.write(`${summary(runner, ids, result)}\n`);
  }
}

try {
  await main();
} catch (error) {
  console.error(`infer: ${messageOf(error)}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exitCode = 1;
}
