// `infer --generate`, spawned as a user runs it, on the small trained LLaMA the model panel shows:
// its tokens equal a loop written here from the kernels (prefill, sampleToken, decode), seeded runs
// repeat, it stops at config.json's EOS id, and bad sampling options are refused before any work.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { folderSource } from '../../../kernels/checkpoint/node-folder.ts';
import { ModelRunner } from '../../../kernels/families/forward/runner.ts';
import { seededRandom } from '../../../kernels/random.ts';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';
import { GREEDY, sampleToken, type SamplingSettings } from '../../../kernels/sampling.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';
import { infer, ROOT } from '../../harness/run-cli.ts';

const MODEL = join(ROOT, 'public/models/trained/llama');
const PROMPT = [1, 264, 830, 400, 406, 376, 523]; // <s> 床前明月光

type Out = { ids: number[]; generated: number[]; text: string; stop: string };

async function generateJson(folder: string, ...args: string[]): Promise<Out> {
  const run = await infer(['--model', folder, '--ids', PROMPT.join(','), '--json', ...args]);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Out;
}

/** The same generation spelled out step by step from the kernels. */
async function byHand(settings: SamplingSettings, seed: number, count: number): Promise<number[]> {
  const runner = await ModelRunner.open(nodeRuntime(), await loadCheckpoint(folderSource(MODEL)));
  const random = seededRandom(seed);
  const V = runner.spec.vocabSize;
  let logits = (await runner.prefill(PROMPT)).logits.data.slice((PROMPT.length - 1) * V);
  const ids: number[] = [];
  while (ids.length < count) {
    ids.push(sampleToken(logits, settings, random));
    if (ids.length < count) logits = (await runner.decode(ids.at(-1)!)).logits.data.slice();
  }
  return ids;
}

let folder: string;
before(async () => (folder = await mkdtemp(join(tmpdir(), 'infer-generate-'))));
after(async () => folder && (await rm(folder, { recursive: true, force: true })));

test('a sampled continuation equals the kernels step by step, repeats with its seed, and decodes to text', async () => {
  const settings = { temperature: 0.9, topK: 50, topP: 0.95 };
  const args = ['--generate', '12', '--temperature', '0.9', '--top-k', '50', '--top-p', '0.95', '--seed', '11'];
  const out = await generateJson(MODEL, ...args);
  assert.deepEqual(out.ids, PROMPT);
  assert.deepEqual(out.generated, await byHand(settings, 11, 12));
  assert.equal(out.stop, 'max-tokens');
  assert.deepEqual((await generateJson(MODEL, ...args)).generated, out.generated, 'same seed, same tokens');
  const other = await generateJson(MODEL, ...args.slice(0, -1), '12');
  assert.notDeepEqual(other.generated, out.generated, 'another seed draws other tokens');
  const tokenizer = await loadTokenizer(folderSource(MODEL));
  assert.equal(out.text, tokenizer.decode(out.generated));
});

test('without --temperature it is greedy: the argmax at every step', async () => {
  const out = await generateJson(MODEL, '--generate', '8', '--seed', '5');
  assert.deepEqual(out.generated, await byHand(GREEDY, 0, 8));
});

test("it stops right after config.json's EOS id", async () => {
  const [first] = await byHand(GREEDY, 0, 1);
  const patched = join(folder, 'eos-first');
  await cp(MODEL, patched, { recursive: true });
  const config = JSON.parse(await readFile(join(MODEL, 'config.json'), 'utf8')) as object;
  await writeFile(join(patched, 'config.json'), JSON.stringify({ ...config, eos_token_id: [first] }));
  const out = await generateJson(patched, '--generate', '10');
  assert.deepEqual(out.generated, [first]);
  assert.equal(out.stop, 'eos');
});

test('bad sampling options exit 1 with the option named', async () => {
  for (const [option, value] of [
    ['--top-p', '0'],
    ['--top-p', '1.5'],
    ['--temperature', '-1'],
    ['--top-k', '2.5'],
    ['--generate', '0'],
    ['--seed', 'x'],
  ] as const) {
    const given = `${option}=${value}`; // `=` so that parseArgs takes '-1' as a value
    const args = option === '--generate' ? [given] : ['--generate', '3', given];
    const run = await infer(['--model', MODEL, '--ids', '1,2', ...args]);
    assert.equal(run.code, 1, `${option} ${value}`);
    assert.match(run.stderr, new RegExp(`infer: ${option}`));
    assert.equal(run.stdout, '');
  }
});
