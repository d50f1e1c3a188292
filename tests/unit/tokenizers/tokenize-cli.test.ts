// The `tokenize` CLI, spawned as a user would run it: on the shipped Qwen3 and LLaMA vocabularies
// written to a temporary folder and on the trained LLaMA model's tokenizer.json, its ids and tokens
// against @huggingface/tokenizers; on ChatGLM folders, against the ids of ChatGLM's rules
// (tests/fixtures/chatglm/); its readable output; its errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer as LibraryTokenizer } from '@huggingface/tokenizers';
import { shippedTokenizerJson } from '../../../site/tokenizer-files.ts';
import { ROOT, runScript, type CliRun } from '../../harness/run-cli.ts';

const TRAINED_LLAMA = join(ROOT, 'public/models/trained/llama');
const FIXTURES = join(ROOT, 'tests/fixtures');
const TEXT = '大语言模型把文本切成词元。Tokenizers split 12345 and 3.14159! 👍🏽 🇨🇳\n\tconst x = f(y);';
let folder: string;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tokenize-cli-'));
  await writeFile(join(folder, 'tokenizer.json'), JSON.stringify(shippedTokenizerJson('qwen3')));
  await writeFile(join(folder, 'llama.json'), JSON.stringify(shippedTokenizerJson('llama')));
  await writeFile(join(folder, 'text.txt'), TEXT);
  await writeFile(join(folder, 'tokenizer.model'), new Uint8Array([0x0a, 0x05]));
  await writeFile(join(folder, 'broken.json'), '{"model": ');
  // ChatGLM-6B's and ChatGLM3's tokenizers, each in a folder of its own beside its tokenizer_config.json.
  await mkdir(join(folder, 'chatglm-6b'));
  await copyFile(join(FIXTURES, 'chatglm/ice-text.model'), join(folder, 'chatglm-6b', 'ice_text.model'));
  await writeFile(join(folder, 'chatglm-6b', 'tokenizer_config.json'), '{"tokenizer_class": "ChatGLMTokenizer", "num_image_tokens": 0}');
  await mkdir(join(folder, 'chatglm3'));
  await copyFile(join(FIXTURES, 'sentencepiece/llama-style.model'), join(folder, 'chatglm3', 'tokenizer.model'));
  await writeFile(join(folder, 'chatglm3', 'tokenizer_config.json'), '{"tokenizer_class": "ChatGLMTokenizer", "name_or_path": "THUDM/chatglm3-6b"}');
});

after(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

const tokenize = (...args: string[]): Promise<CliRun> => runScript('scripts/tokenize.ts', args);

async function library(file: string, text: string, special: boolean): Promise<{ ids: number[]; tokens: string[] }> {
  const { ids, tokens } = new LibraryTokenizer(JSON.parse(await readFile(file, 'utf8')), {}).encode(text, { add_special_tokens: special });
  return { ids, tokens };
}

async function json(...args: string[]): Promise<unknown> {
  const run = await tokenize(...args, '--json');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout);
}

test('package.json runs this script as `npm run tokenize`', async () => {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts['tokenize'], 'node scripts/tokenize.ts');
});

test('a folder holding Qwen3’s tokenizer.json: the library’s ids and tokens, no special tokens unless --special', async () => {
  const expected = await library(join(folder, 'tokenizer.json'), TEXT, false);
  assert.deepEqual(await json('--tokenizer', folder, '--text', TEXT), expected);
  // Qwen3's post-processor adds nothing, so --special changes nothing here (LLaMA's below adds <s>).
  assert.deepEqual(await json('--tokenizer', folder, '--text', TEXT, '--special'), await library(join(folder, 'tokenizer.json'), TEXT, true));
});

test('a tokenizer file by path (LLaMA), text from --file; --special puts <s> in front', async () => {
  const file = join(folder, 'llama.json');
  const plain = (await json('--tokenizer', file, '--file', join(folder, 'text.txt'))) as { ids: number[]; tokens: string[] };
  assert.deepEqual(plain, await library(file, TEXT, false));
  const special = (await json('--tokenizer', file, '--text', TEXT, '--special')) as { ids: number[]; tokens: string[] };
  assert.deepEqual(special, await library(file, TEXT, true));
  assert.deepEqual([special.ids[0], special.tokens[0]], [1, '<s>']);
  assert.deepEqual(special.ids.slice(1), plain.ids);
});

test('the trained LLaMA model’s tokenizer, as a folder and as its file: the same ids as the library', async () => {
  const text = '床前明月光，疑是地上霜。The moon is bright over the sea and the hills.';
  const expected = await library(join(TRAINED_LLAMA, 'tokenizer.json'), text, false);
  assert.ok(expected.ids.length > 0 && expected.ids.length < [...text].length, 'English merges were learned');
  assert.deepEqual(await json('--tokenizer', TRAINED_LLAMA, '--text', text), expected);
  assert.deepEqual(await json('--tokenizer', join(TRAINED_LLAMA, 'tokenizer.json'), '--text', text), expected);
});

test('ChatGLM folders: ChatGLM-6B’s ids with [gMASK] <sop> behind under --special, ChatGLM3’s with [gMASK] sop in front', async () => {
  type Fixture = { texts: string[]; ids: number[][]; ids_special: number[][] };
  const fixture = async (name: string): Promise<Fixture> => JSON.parse(await readFile(join(FIXTURES, 'chatglm', name), 'utf8'));
  const glm6b = await fixture('chatglm-6b.json');
  const i = glm6b.texts.findIndex((t) => t.startsWith('def f(x)'));
  const plain = (await json('--tokenizer', join(folder, 'chatglm-6b'), '--text', glm6b.texts[i]!)) as { ids: number[]; tokens: string[] };
  assert.deepEqual(plain.ids, glm6b.ids[i]);
  assert.ok(plain.tokens.includes('<|tab|>') && plain.tokens.includes('<n>'), plain.tokens.join(' '));
  const special = (await json('--tokenizer', join(folder, 'chatglm-6b', 'ice_text.model'), '--text', glm6b.texts[i]!, '--special')) as { ids: number[]; tokens: string[] };
  assert.deepEqual(special.ids, glm6b.ids_special[i]);
  assert.deepEqual(special.tokens.slice(-2), ['[gMASK]', '<sop>']);

  const glm3 = await fixture('chatglm2-3.json');
  const three = (await json('--tokenizer', join(folder, 'chatglm3'), '--text', glm3.texts[2]!, '--special')) as { ids: number[]; tokens: string[] };
  assert.deepEqual(three.ids, glm3.ids_special[2]);
  assert.deepEqual(three.tokens.slice(0, 2), ['[gMASK]', 'sop']);
  assert.deepEqual(((await json('--tokenizer', join(folder, 'chatglm3', 'tokenizer.model'), '--text', glm3.texts[2]!)) as { ids: number[] }).ids, glm3.ids[2]);
});

test('without --json: a count, then one line per token with its id and the token quoted', async () => {
  const run = await tokenize('--tokenizer', folder, '--text', 'Hello 你好');
  assert.equal(run.code, 0, run.stderr);
  const { ids, tokens } = await library(join(folder, 'tokenizer.json'), 'Hello 你好', false);
  assert.equal(run.stdout, [`${ids.length} tokens`, ...ids.map((id, i) => `${String(id).padEnd(8)}${JSON.stringify(tokens[i])}`)].join('\n') + '\n');
});

test('errors: exit code 1 and a message that names the problem', async () => {
  const cases: [string[], RegExp][] = [
    [['--tokenizer', join(folder, 'missing'), '--text', 'a'], /no such file or folder: .*missing/],
    [['--tokenizer', join(folder, 'tokenizer.model'), '--text', 'a'], /tokenizer\.model: not a readable SentencePiece model \(a field of 5 bytes runs past the end/],
    [['--tokenizer', join(folder, 'broken.json'), '--text', 'a'], /broken\.json: not valid JSON/],
    [['--tokenizer', join(folder, 'text.txt'), '--text', 'a'], /text\.txt: not a tokenizer file this reader knows/],
    [['--tokenizer', ROOT, '--text', 'a'], /no tokenizer file in the folder/],
    [['--tokenizer', folder, '--text', 'a', '--file', join(folder, 'text.txt')], /give exactly one of --text and --file[\s\S]*usage:/],
    [['--tokenizer', folder, '--file', join(folder, 'nothing.txt')], /no such file: .*nothing\.txt/],
    [['--text', 'a'], /--tokenizer PATH is required/],
    [['--tokenizer', folder, '--text', 'a', '--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [args, message] of cases) {
    const run = await tokenize(...args);
    assert.equal(run.code, 1, args.join(' '));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^tokenize: /);
    assert.match(run.stderr, message);
  }
});
