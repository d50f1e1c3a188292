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
//   --generate N  instead of the logits, generates up to N tokens with the KV cache and prints
//                 {"family", "ids", "generated": [...], "text", "stop": "eos" | "max-tokens" | "context",
//                 "lastLogits": the row the last token was chosen from}; greedy unless --temperature T
//                 (> 0) is given, with --top-k K (0 = all), --top-p P (1 = all) and --seed S (the draw's
//                 RNG, kernels/random.ts); stops at config.json's EOS
//   --stats     adds "stats": the runner, open time, time to first token (the prompt's prefill), peak
//               RSS, weights held; with --generate, tokens generated and tokens/s after the first
//
// Models too large for one graph with the weights inside (released checkpoints) run layer by layer
// (kernels/families/forward/layered-runner.ts), with the same logits:
//   --resident  every weight read once and kept (F16/BF16 kept 16-bit; --f32 widens them)
//   --stream    one layer's weights read from the file at a time, then dropped
//               (both read a folder on disk; with --hub, the checkpoint is first downloaded to
//               .cache/hub/<host>/<org>/<name>/<revision>/, or under --cache DIR, and a weight file
//               already there whole is not downloaded again)
//
// Errors go to stderr with exit code 1: a missing folder, a checkpoint that does not load or fit its
// family, ids that are not token ids of the model, and every hub failure (not found, gated, no
// answer, a broken or missing shard, a model too large for the budget).
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generate } from '../kernels/families/forward/generate.ts';
import { seededRandom } from '../kernels/random.ts';
import { eosIds, type SamplingSettings } from '../kernels/sampling.ts';
import { loadCheckpoint } from '../kernels/checkpoint/load.ts';
import { openLazyCheckpoint } from '../kernels/checkpoint/lazy.ts';
import { folderSource } from '../kernels/checkpoint/node-folder.ts';
import type { CheckpointSource } from '../kernels/checkpoint/source.ts';
import type { StepResult } from '../kernels/families/forward/runner.ts';
import type { SequenceRunner } from '../kernels/families/forward/sequence-runner.ts';
import { preparePrompt, promptTemplate } from '../kernels/families/prompt.ts';
import type { ModelSpec } from '../kernels/families/spec.ts';
import { loadTokenizer } from '../kernels/tokenizers/load.ts';
import { messageOf } from '../kernels/runtime/runtime.ts';
import type { Tensor32 } from '../kernels/tensor.ts';
import { openHub, UsageError, type Lazy, type Opened } from './infer-hub.ts';

const USAGE =
  'usage: npm run --silent infer -- (--model DIR | --hub URL --repo ORG/NAME [--revision REV] [--plan] [--memory 8GiB])\n' +
  '                                 (--ids 1,2,3 | --text "...") [--json] [--attn]\n' +
  '                                 [--resident | --stream [--f32] [--cache DIR]] [--stats]\n' +
  '                                 [--generate N [--temperature T] [--top-k K] [--top-p P] [--seed S]]';
const TOP = 5;
/** Where --hub with --resident/--stream downloads checkpoints (git-ignored). */
const HUB_CACHE = '.cache/hub';

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
        resident: { type: 'boolean', default: false },
        stream: { type: 'boolean', default: false },
        f32: { type: 'boolean', default: false },
        stats: { type: 'boolean', default: false },
        generate: { type: 'string' },
        temperature: { type: 'string', default: '0' },
        'top-k': { type: 'string', default: '0' },
        'top-p': { type: 'string', default: '1' },
        seed: { type: 'string', default: '0' },
        cache: { type: 'string' },
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

/** A number option within [min, max] (whole when `integer`), refused by name otherwise. */
function numberOption(name: string, text: string, min: number, max: number, integer = false): number {
  const value = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) throw new UsageError(`--${name}: '${text}' is not ${integer ? 'a whole number' : 'a number'} in ${min}..${max}`);
  return value;
}

type Args = ReturnType<typeof options>;

type Generation = { readonly maxNewTokens: number; readonly settings: SamplingSettings; readonly seed: number };

/** --generate and the sampling options, checked before any model is loaded. */
function generationOf(args: Args): Generation {
  return {
    maxNewTokens: numberOption('generate', args.generate ?? '', 1, 1_000_000, true),
    settings: samplingOf(args),
    seed: numberOption('seed', args.seed, 0, 2 ** 32 - 1, true),
  };
}

function samplingOf(args: Args): SamplingSettings {
  const topP = numberOption('top-p', args['top-p'], 0, 1);
  if (topP === 0) throw new UsageError('--top-p: must be above 0 (1 keeps every token)');
  return {
    temperature: numberOption('temperature', args.temperature, 0, 100),
    topK: numberOption('top-k', args['top-k'], 0, Number.MAX_SAFE_INTEGER, true),
    topP,
  };
}

/** What `--stats` adds: how the run went, besides its own figures (time to first token, tokens/s). */
type StatsOf = (figures: Record<string, number | null>) => Record<string, unknown>;

/**
 * Generates after the prompt and prints what came out, token ids and (with a tokenizer) text; the
 * time to the first token includes the prompt's prefill, tokens/s counts the tokens after it.
 */
async function printGeneration(
  source: CheckpointSource,
  runner: SequenceRunner,
  ids: number[],
  args: Args,
  run: Generation,
  statsOf: StatsOf,
): Promise<void> {
  const config: unknown = JSON.parse(await source.readText('config.json'));
  const { maxNewTokens, settings } = run;
  const random = seededRandom(run.seed);
  const generated: number[] = [];
  let stop: string | undefined;
  let lastLogits: number[] = [];
  const started = performance.now();
  let firstAt = started;
  for await (const token of generate(runner, ids, settings, { eosIds: eosIds(config), maxNewTokens }, random)) {
    if (token.count === 1) firstAt = performance.now();
    generated.push(token.id);
    if (!args.json) process.stdout.write(`${token.id} `);
    stop = token.stop;
    lastLogits = Array.from(token.row);
  }
  const after = generated.length - 1;
  const stats = statsOf({
    ttftMs: Math.round(firstAt - started),
    generatedTokens: generated.length,
    tokensPerSecond: after > 0 ? after / ((performance.now() - firstAt) / 1000) : null,
  });
  const tokenizer = await loadTokenizer(source).catch(() => undefined);
  const text = tokenizer?.decode(generated) ?? null;
  if (args.json) {
    const out = { family: runner.spec.family, ids, generated, text, stop, ...settings, lastLogits, ...(args.stats && { stats }) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    process.stdout.write(`\nstop: ${stop}${text === null ? '' : `\ntext: ${text}`}\n`);
    if (args.stats) process.stdout.write(`${JSON.stringify(stats)}\n`);
  }
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

function summary(runner: SequenceRunner, ids: readonly number[], result: StepResult): string {
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

/** A folder on disk, opened whole (for the whole-model graph) or lazily (for the layered runner). */
async function openFolder(folder: string, lazy: boolean): Promise<Opened | Lazy> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`no such folder: ${folder}`);
  const source = folderSource(folder);
  return lazy ? { lazy: true, source } : { checkpoint: await loadCheckpoint(source), source };
}

/** A runner, what kind it is, and the weight bytes it holds (the layered runner's; null otherwise). */
type Opening = { readonly runner: SequenceRunner; readonly kind: string; readonly residentBytes: () => number | null };

/** The whole-model runner by default; the layered one, holding or streaming the weights, when asked.
 *  The runners load on use: plans and refusals do without onnxruntime and the graph code. */
async function openRunner(opened: Opened | Lazy, args: Args): Promise<Opening> {
  const { nodeRuntime } = await import('../kernels/runtime/node.ts');
  if ('lazy' in opened) {
    const { LayeredRunner } = await import('../kernels/families/forward/layered-runner.ts');
    const checkpoint = await openLazyCheckpoint(opened.source);
    const runner = await LayeredRunner.open(nodeRuntime(), checkpoint, { mode: args.stream ? 'streamed' : 'resident', keep16: !args.f32 });
    return { runner, kind: `layered-${runner.mode}`, residentBytes: () => runner.residentBytes };
  }
  const { ModelRunner } = await import('../kernels/families/forward/runner.ts');
  return { runner: await ModelRunner.open(nodeRuntime(), opened.checkpoint), kind: 'whole-model', residentBytes: () => null };
}

async function main(): Promise<void> {
  const args = options();
  const { hub, repo } = args;
  if ((args.model === undefined) === (hub === undefined)) throw new UsageError('give exactly one of --model DIR and --hub URL');
  if (hub !== undefined && repo === undefined) throw new UsageError('--hub needs --repo ORG/NAME');
  if (hub === undefined && (args.plan || repo !== undefined)) throw new UsageError('--repo and --plan go with --hub URL');
  if (!args.plan && (args.ids === undefined) === (args.text === undefined)) throw new UsageError('give exactly one of --ids and --text');
  if (args.resident && args.stream) throw new UsageError('give at most one of --resident and --stream');
  if (args.f32 && !args.resident && !args.stream) throw new UsageError('--f32 goes with --resident or --stream');
  if (args.cache !== undefined && (hub === undefined || !(args.resident || args.stream))) {
    throw new UsageError('--cache goes with --hub URL and --resident or --stream');
  }

  const generation = args.generate !== undefined ? generationOf(args) : undefined;
  const opening = performance.now();
  const opened =
    hub !== undefined && repo !== undefined
      ? await openHub({
          hub,
          repo,
          revision: args.revision,
          memory: args.memory,
          plan: args.plan,
          json: args.json,
          // --ids counts its tokens; a text has at most one per UTF-8 byte, plus the specials
          promptTokens: args.ids !== undefined ? parseIds(args.ids).length : new TextEncoder().encode(args.text ?? '').length + 8,
          tokenizer: args.text !== undefined,
          cacheFolder: args.resident || args.stream ? (args.cache ?? HUB_CACHE) : undefined,
        })
      : await openFolder(args.model ?? '', args.resident || args.stream);
  if (opened === null) return;
  const { runner, kind, residentBytes } = await openRunner(opened, args);
  const openMs = performance.now() - opening;
  const ids = args.ids !== undefined ? parseIds(args.ids) : await tokenize(opened.source, runner.spec, args.text ?? '');
  const statsOf: StatsOf = (figures) => ({
    runner: kind,
    openMs: Math.round(openMs),
    ...figures,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    residentWeightMiB: residentBytes() === null ? null : Number((residentBytes()! / 2 ** 20).toFixed(2)),
  });
  if (generation !== undefined) return printGeneration(opened.source, runner, ids, args, generation, statsOf);

  const prefilling = performance.now();
  const result = await runner.prefill(ids, { attn: args.attn });
  const stats = statsOf({ ttftMs: Math.round(performance.now() - prefilling) });
  if (args.json) {
    const out = {
      family: runner.spec.family,
      ids,
      logits: rows(result.logits),
      ...(result.attn !== undefined && { attn: result.attn.map(nested) }),
      ...(args.stats && { stats }),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    process.stdout.write(`${summary(runner, ids, result)}\n`);
    if (args.stats) process.stdout.write(`\n${JSON.stringify(stats)}\n`);
  }
}

try {
  await main();
} catch (error) {
  console.error(`infer: ${messageOf(error)}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exitCode = 1;
}
