// Quality figures of the trained tiny models, measured on the shipped files through the site's own
// runtime (the ONNX graphs in Node): held-out cross-entropy against the best unigram model, the
// strongest previous-token head, and whether a greedy continuation of a held-out poem's first line
// keeps its length and punctuation. tests/unit/trained/ asserts on these; `npm run --silent
// trained-quality` prints them as the table in scripts/train/README.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { folderSource } from '../../kernels/checkpoint/node-folder.ts';
import { ModelRunner } from '../../kernels/families/forward/runner.ts';
import { HELDOUT_PATH, TRAINED_WINDOW, trainedPath } from '../../kernels/families/trained.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import type { Runtime } from '../../kernels/runtime/runtime.ts';
import type { Tensor32 } from '../../kernels/tensor.ts';
import { loadTokenizer } from '../../kernels/tokenizers/load.ts';
import type { Tokenizer } from '../../kernels/tokenizers/tokenizer.ts';

const PUBLIC = join(import.meta.dirname, '..', '..', 'public');
/** The byte token <0x0A> (ids 8–263 are the 256 bytes): a poem's line break. */
const NEWLINE = 8 + 0x0a;
const EOS = 2;
const EOP = 7;
const GMASK = 5;
const SOP = 6;
/** A regular poem line: two halves of 5 or 7 characters. */
const POEM_LINE = /^(\p{Script=Han}{5}|\p{Script=Han}{7})，/u;

export type Model = { readonly id: string; readonly runner: ModelRunner; readonly tokenizer: Tokenizer };

/** The shipped model `id`, or the one in `<dir>/<id>/` (a `train.py --out DIR` experiment). */
export async function openTrained(id: string, runtime: Runtime = nodeRuntime(), dir?: string): Promise<Model> {
  const folder = dir === undefined ? join(PUBLIC, trainedPath(id)) : join(dir, id);
  const runner = await ModelRunner.open(runtime, await loadCheckpoint(folderSource(folder)), { id: `trained-${id}` });
  return { id, runner, tokenizer: await loadTokenizer(folderSource(folder)) };
}

export function heldOutDocuments(): string[] {
  return readFileSync(join(PUBLIC, HELDOUT_PATH), 'utf8').trim().split('\n\n');
}

/**
 * One held-out document as the model was trained on it (scripts/train/variants.py `sequences`, first
 * window): ids, and `first`, the position from which each next token is scored. ChatGLM-6B's prefix
 * is the first line (or 12 tokens of prose): training ends it at random points (`--random-cut`),
 * and this fixed one keeps its figures comparable from run to run.
 */
export function sequenceOf(model: Model, text: string): { ids: number[]; first: number } {
  const doc = model.tokenizer.encode(text, { addSpecialTokens: false });
  if (model.id === 'chatglm-6b') {
    const cut = doc.includes(NEWLINE) ? doc.indexOf(NEWLINE) : Math.min(12, doc.length - 1);
    const prefix = [...doc.slice(0, cut), GMASK, SOP];
    const rest = [...doc.slice(cut), EOP].slice(0, TRAINED_WINDOW - prefix.length);
    return { ids: [...prefix, ...rest], first: prefix.length - 1 };
  }
  const head = model.tokenizer.template.prefix;
  return { ids: [...head, ...doc, EOS].slice(0, TRAINED_WINDOW), first: head.length - 1 };
}

/** log p(target) from one row of logits. */
export function logSoftmaxAt(row: Float32Array, target: number): number {
  let max = -Infinity;
  for (const x of row) max = Math.max(max, x);
  let sum = 0;
  for (const x of row) sum += Math.exp(x - max);
  return row[target]! - max - Math.log(sum);
}

/** Row i of a [T, V] tensor. */
export function rowOf(t: Tensor32, i: number): Float32Array {
  const V = t.shape[1]!;
  return t.data.subarray(i * V, (i + 1) * V);
}

export type Figures = {
  /** Mean cross-entropy per scored held-out token, nats. */
  readonly crossEntropy: number;
  /** The cross-entropy of the best unigram model for the same tokens (their own frequencies), nats. */
  readonly unigram: number;
  readonly tokens: number;
  /** [layer][head]: mean attention from position i to i−1 over the held-out text. */
  readonly previousToken: number[][];
};

/** Held-out cross-entropy and previous-token attention, over every held-out document. */
export async function measure(model: Model): Promise<Figures> {
  const counts = new Map<number, number>();
  let nll = 0;
  let tokens = 0;
  let prevSum: number[][] | undefined;
  let prevCount = 0;
  for (const text of heldOutDocuments()) {
    const { ids, first } = sequenceOf(model, text);
    const result = await model.runner.prefill(ids, { attn: true });
    for (let t = first; t < ids.length - 1; t++) {
      const target = ids[t + 1]!;
      nll -= logSoftmaxAt(rowOf(result.logits, t), target);
      counts.set(target, (counts.get(target) ?? 0) + 1);
      tokens++;
    }
    const attn = result.attn!;
    prevSum ??= attn.map((a) => new Array<number>(a.shape[0]!).fill(0));
    const T = ids.length;
    attn.forEach((a, layer) => {
      for (let h = 0; h < a.shape[0]!; h++) {
        for (let i = 1; i < T; i++) prevSum![layer]![h]! += a.data[(h * T + i) * T + i - 1]!;
      }
    });
    prevCount += T - 1;
  }
  let unigram = 0;
  for (const c of counts.values()) unigram -= c * Math.log(c / tokens);
  return {
    crossEntropy: nll / tokens,
    unigram: unigram / tokens,
    tokens,
    previousToken: prevSum!.map((heads) => heads.map((s) => s / prevCount)),
  };
}

export type Continuation = {
  readonly prompt: string;
  readonly expected: string;
  readonly generated: string;
  /** Characters in each half of the poem's lines: 5 or 7. */
  readonly halfLength: number;
  readonly keepsShape: boolean;
};

/** Continuations kept and in all, for the five- and the seven-character poems apart: most held-out
 *  poems have seven, so a model that always writes seven-character lines keeps most lines overall. */
export function keptByHalfLength(poems: readonly Continuation[]): { half: number; kept: number; total: number }[] {
  return [5, 7].map((half) => {
    const group = poems.filter((p) => p.halfLength === half);
    return { half, kept: group.filter((p) => p.keepsShape).length, total: group.length };
  });
}

/** Where the punctuation stands in a line: "五五五五五，五五五五五。" → "·····，·····。". */
function shapeOf(line: string): string {
  return [...line].map((ch) => (/\p{Script=Han}/u.test(ch) ? '·' : ch)).join('');
}

/** Greedy continuation of each held-out poem's first line, one line long. */
export async function continuePoems(model: Model): Promise<Continuation[]> {
  const out: Continuation[] = [];
  for (const poem of heldOutDocuments().filter((d) => POEM_LINE.test(d))) {
    const [first, second] = poem.split('\n') as [string, string];
    const line = model.tokenizer.encode(first, { addSpecialTokens: false });
    const prompt =
      model.id === 'chatglm-6b' ? [...line, GMASK, SOP, NEWLINE] : [...model.tokenizer.template.prefix, ...line, NEWLINE];
    const generated: number[] = [];
    let result = await model.runner.prefill(prompt);
    while (generated.length <= [...first].length + 1) {
      const row = rowOf(result.logits, result.logits.shape[0]! - 1);
      const next = row.indexOf(Math.max(...row));
      if (next === NEWLINE || next === EOS || next === EOP) break;
      generated.push(next);
      result = await model.runner.decode(next);
    }
    const text = model.tokenizer.decode(generated, { skipSpecialTokens: true });
    out.push({
      prompt: first,
      expected: second,
      generated: text,
      halfLength: first.indexOf('，'),
      keepsShape: shapeOf(text) === shapeOf(first),
    });
  }
  return out;
}
