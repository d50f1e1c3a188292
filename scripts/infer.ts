// Run a checkpoint folder on some tokens and print the logits (ORT's WASM backend, the graph the site runs).
//
//   npm run --silent infer -- --model DIR --ids 1,2,3 --json
//     → one JSON object: {"family": "...", "ids": [...], "logits": [[...V floats], ...one row per position]}
//   --attn      adds "attn": [layer][head][query][key], the attention probabilities
//   --text "…"  tokenizes the text with DIR's tokenizer.json instead of --ids, with the special tokens
//               its post-processor adds (HF's `encode(text)`); a ChatGLM-6B tokenizer.json without one
//               still gets the [gMASK] <sop> its model needs (families/prompt.ts)
//   without --json: a readable summary (top next tokens at each position)
//   --generate N  instead of the logits, generates up to N tokens with the KV cache and prints
//                 {"family", "ids", "generated": [...], "text", "stop": "eos" | "max-tokens" | "context"};
//                 greedy unless --temperature T (> 0) is given, with --top-k K (0 = all), --top-p P
//                 (1 = all) and --seed S (the draw's RNG, kernels/random.ts); stops at config.json's EOS
//
// Errors go to stderr with exit code 1: a missing folder, a checkpoint that does not load or fit its
// family, ids that are not token ids of the model.
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generate } from '../kernels/families/forward/generate.ts';
import { seededRandom } from '../kernels/random.ts';
import { eosIds, type SamplingSettings } from '../kernels/sampling.ts';
import { loadCheckpoint } from '../kernels/checkpoint/load.ts';
import { folderSource } from '../kernels/checkpoint/node-folder.ts';
import { ModelRunner, type StepResult } from '../kernels/families/forward/runner.ts';
import { preparePrompt, promptTemplate } from '../kernels/families/prompt.ts';
import type { ModelSpec } from '../kernels/families/spec.ts';
import { loadTokenizer } from '../kernels/tokenizers/load.ts';
import { nodeRuntime } from '../kernels/runtime/node.ts';
import { messageOf } from '../kernels/runtime/runtime.ts';
import type { Tensor32 } from '../kernels/tensor.ts';

const USAGE =
  'usage: npm run --silent infer -- --model DIR (--ids 1,2,3 | --text "...") [--json] [--attn]\n' +
  '       [--generate N [--temperature T] [--top-k K] [--top-p P] [--seed S]]';
const TOP = 5;

class UsageError extends Error {}

function options() {
  try {
    return parseArgs({
      options: {
        model: { type: 'string' },
        ids: { type: 'string' },
        text: { type: 'string' },
        json: { type: 'boolean', default: false },
        attn: { type: 'boolean', default: false },
        generate: { type: 'string' },
        temperature: { type: 'string', default: '0' },
        'top-k': { type: 'string', default: '0' },
        'top-p': { type: 'string', default: '1' },
        seed: { type: 'string', default: '0' },
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

/** Generates after the prompt and prints what came out, token ids and (with a tokenizer) text. */
async function printGeneration(folder: string, runner: ModelRunner, config: unknown, ids: number[], json: boolean, run: Generation): Promise<void> {
  const { maxNewTokens, settings } = run;
  const random = seededRandom(run.seed);
  const generated: number[] = [];
  let stop: string | undefined;
  for await (const token of generate(runner, ids, settings, { eosIds: eosIds(config), maxNewTokens }, random)) {
    generated.push(token.id);
    if (!json) process.stdout.write(`${token.id} `);
    stop = token.stop;
  }
  const tokenizer = await loadTokenizer(folderSource(folder)).catch(() => undefined);
  const text = tokenizer?.decode(generated) ?? null;
  if (json) {
    process.stdout.write(`${JSON.stringify({ family: runner.spec.family, ids, generated, text, stop, ...settings })}\n`);
  } else {
    process.stdout.write(`\nstop: ${stop}${text === null ? '' : `\ntext: ${text}`}\n`);
  }
}

/** The text's ids from the folder's tokenizer.json, inside the family's template (nothing is cut). */
async function tokenize(folder: string, spec: ModelSpec, text: string): Promise<number[]> {
  const tokenizer = await loadTokenizer(folderSource(folder));
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

function summary(runner: ModelRunner, ids: readonly number[], result: StepResult): string {
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

async function main(): Promise<void> {
  const args = options();
  if (args.model === undefined) throw new UsageError('--model DIR is required');
  if ((args.ids === undefined) === (args.text === undefined)) throw new UsageError('give exactly one of --ids and --text');
  const folder = args.model;
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`no such folder: ${folder}`);

  const generation = args.generate !== undefined ? generationOf(args) : undefined;
  const checkpoint = await loadCheckpoint(folderSource(folder));
  const runner = await ModelRunner.open(nodeRuntime(), checkpoint);
  const ids = args.ids !== undefined ? parseIds(args.ids) : await tokenize(folder, runner.spec, args.text ?? '');
  if (generation !== undefined) return printGeneration(folder, runner, checkpoint.config, ids, args.json, generation);
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
