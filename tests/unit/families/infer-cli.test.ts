// The `infer` CLI, spawned as a user would run it, on tiny replicas written to a temporary folder:
// its JSON logits and attention against the float64 reference, its readable output, and its errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { folderSource } from '../../../kernels/checkpoint/node-folder.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { referenceForward } from '../../../kernels/families/forward/reference.ts';
import { tinyReplica, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { maxAbsDiff } from '../../../kernels/tensor.ts';
import { TOKENIZER_FILE } from '../../../kernels/tokenizers/json.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';
import { infer, ROOT } from '../../harness/run-cli.ts';

let folder: string;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'infer-cli-'));
  for (const name of ['llama2-gqa', 'chatglm-6b', 'baichuan2-13b'] as const) {
    await mkdir(join(folder, name));
    for (const [file, bytes] of tinyReplica(name).files) await writeFile(join(folder, name, file), bytes);
  }
  // broken copies of the llama replica: an unknown family, one layer more than the file holds, no tokenizer
  const llama = tinyReplica('llama');
  const config = JSON.parse(new TextDecoder().decode(llama.files.get('config.json'))) as Record<string, unknown>;
  for (const [broken, patch] of [
    ['unknown-family', { model_type: 'gpt2' }],
    ['missing-layer', { num_hidden_layers: 3 }],
    ['no-tokenizer', {}],
  ] as const) {
    await mkdir(join(folder, broken));
    for (const [file, bytes] of llama.files) {
      if (broken !== 'no-tokenizer' || file !== TOKENIZER_FILE) await writeFile(join(folder, broken, file), bytes);
    }
    await writeFile(join(folder, broken, 'config.json'), JSON.stringify({ ...config, ...patch }));
  }
  // a ChatGLM-6B folder whose tokenizer.json has no post-processor: the CLI must still end the prompt with [gMASK] <sop>
  await mkdir(join(folder, 'chatglm-6b-no-template'));
  for (const [file, bytes] of tinyReplica('chatglm-6b').files) {
    const withoutTemplate = () =>
      JSON.stringify({ ...(JSON.parse(new TextDecoder().decode(bytes)) as object), post_processor: null });
    await writeFile(join(folder, 'chatglm-6b-no-template', file), file === TOKENIZER_FILE ? withoutTemplate() : bytes);
  }
});

after(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function reference(name: ReplicaName, ids: number[]) {
  const checkpoint = await loadCheckpoint(folderSource(join(folder, name)));
  const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
  return { spec, ...referenceForward(spec, checkpoint.tensors, ids, { attn: true }) };
}

test('package.json runs this script as `npm run infer`', async () => {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts['infer'], 'node scripts/infer.ts');
});

test('--json prints one object whose logits equal the float64 reference', async () => {
  for (const [name, ids] of [
    ['llama2-gqa', [1, 20, 30, 40, 7]],
    ['chatglm-6b', [10, 11, 251, 254, 12]],
  ] as const) {
    const run = await infer(['--model', join(folder, name), '--ids', ids.join(','), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { family: string; ids: number[]; logits: number[][]; attn?: unknown };
    const expected = await reference(name, [...ids]);
    assert.equal(out.family, expected.spec.family);
    assert.deepEqual(out.ids, ids);
    assert.equal(out.logits.length, ids.length);
    assert.ok(out.logits.every((row) => row.length === expected.spec.vocabSize));
    const diff = maxAbsDiff(out.logits.flat(), expected.logits.data);
    assert.ok(diff <= 1e-4, `${name}: logits max |Δ| ${diff}`);
    assert.equal(out.attn, undefined, 'no attention unless --attn');
  }
});

test('--attn adds [layer][head][query][key] probabilities equal to the reference', async () => {
  const ids = [3, 9, 27, 81, 243];
  const run = await infer(['--model', join(folder, 'baichuan2-13b'), '--ids', ids.join(','), '--json', '--attn']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { attn: number[][][][] };
  const expected = await reference('baichuan2-13b', ids);
  const { numLayers, numHeads } = expected.spec;
  assert.equal(out.attn.length, numLayers);
  out.attn.forEach((layer, l) => {
    assert.equal(layer.length, numHeads);
    assert.ok(layer.every((head) => head.length === ids.length && head.every((row) => row.length === ids.length)));
    assert.ok(maxAbsDiff(layer.flat(2), expected.attn![l]!.data) <= 1e-4, `layer ${l}`);
  });
});

test('--text encodes with the folder tokenizer and its special tokens; ChatGLM-6B gets [gMASK] <sop> even without them', async () => {
  const text = 'The cat 坐在 mat 上.';
  for (const [name, replica] of [
    ['llama2-gqa', 'llama2-gqa'],
    ['chatglm-6b', 'chatglm-6b'],
    ['chatglm-6b-no-template', 'chatglm-6b'],
  ] as const) {
    const run = await infer(['--model', join(folder, name), '--text', text, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { ids: number[]; logits: number[][] };
    const tokenizer = await loadTokenizer(folderSource(join(folder, name)));
    const plain = tokenizer.encode(text, { addSpecialTokens: false });
    const expected = await reference(replica, out.ids);
    const { config } = tinyReplica(replica);
    const around =
      replica === 'chatglm-6b'
        ? { before: [], after: [config['gmask_token_id'], config['bos_token_id']] }
        : { before: [config['bos_token_id']], after: [] };
    assert.deepEqual(out.ids, [...around.before, ...plain, ...around.after], name);
    assert.ok(maxAbsDiff(out.logits.flat(), expected.logits.data) <= 1e-4, name);
  }
});

test('--resident and --stream give the default runner’s logits and greedy tokens; --stats reports the run', async () => {
  const ids = [1, 20, 30, 40, 7];
  const model = join(folder, 'llama2-gqa');
  type Out = { logits: number[][]; stats: Record<string, unknown> };
  type Generated = { generated: number[]; lastLogits: number[]; stats: Record<string, unknown> };
  const modes = [[], ['--resident'], ['--stream'], ['--stream', '--f32']];
  const run = async <T,>(args: string[]): Promise<T> => {
    const done = await infer(['--model', model, '--ids', ids.join(','), '--json', '--stats', ...args]);
    assert.equal(done.code, 0, done.stderr);
    return JSON.parse(done.stdout) as T;
  };
  const runs = await Promise.all(modes.map((flags) => run<Out>(flags)));
  const generations = await Promise.all(modes.map((flags) => run<Generated>(['--generate', '3', ...flags])));
  const [whole, ...layered] = runs as [Out, ...Out[]];
  const [wholeGenerated, ...layeredGenerated] = generations as [Generated, ...Generated[]];
  assert.ok(wholeGenerated.generated.length > 0);
  for (const out of layered) assert.ok(maxAbsDiff(out.logits.flat(), whole.logits.flat()) <= 1e-4);
  for (const out of layeredGenerated) {
    assert.ok(maxAbsDiff(out.lastLogits, wholeGenerated.lastLogits) <= 1e-4);
    assert.deepEqual(out.generated, wholeGenerated.generated);
  }
  for (const { stats, generated } of generations) {
    assert.equal(stats['generatedTokens'], generated.length);
    assert.equal(typeof stats['tokensPerSecond'], generated.length > 1 ? 'number' : 'object');
  }
  assert.deepEqual(
    runs.map((out) => out.stats['runner']),
    ['whole-model', 'layered-resident', 'layered-streamed', 'layered-streamed'],
  );
  for (const { stats } of runs) {
    for (const key of ['openMs', 'ttftMs', 'peakRssMiB']) assert.equal(typeof stats[key], 'number', key);
  }
  assert.ok((runs[1]!.stats['residentWeightMiB'] as number) > 0, 'resident holds the weights');
  assert.equal(runs[2]!.stats['residentWeightMiB'], 0, 'streamed holds none');
});

test('without --json: a readable summary naming the model', async () => {
  const run = await infer(['--model', join(folder, 'llama2-gqa'), '--ids', '1,2,3']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /LLaMA \(GQA/);
  assert.match(run.stdout, /3 tokens on WASM/);
  assert.equal(run.stdout.trim().split('\n').length, 4 + 3, 'a header and one line per position');
});

test('errors go to stderr with exit code 1', async () => {
  const model = join(folder, 'llama2-gqa');
  const cases: [string[], RegExp][] = [
    [['--model', join(folder, 'missing'), '--ids', '1'], /no such folder/],
    [['--model', folder, '--ids', '1'], /no config\.json/],
    [['--model', join(folder, 'unknown-family'), '--ids', '1'], /'gpt2' is not a supported family/],
    [['--model', join(folder, 'missing-layer'), '--ids', '1'], /missing tensor 'model\.layers\.2\./],
    [['--model', model, '--ids', '1,two'], /'two' is not a token id/],
    [['--model', model, '--ids', '1,256'], /token id 256 is outside the vocabulary \(0\.\.255\)/],
    [['--model', join(folder, 'no-tokenizer'), '--text', 'hello'], /no tokenizer file in the folder/],
    [['--model', model], /exactly one of --ids and --text/],
    [['--ids', '1'], /exactly one of --model DIR and --hub URL/],
    [['--model', model, '--ids', '1', '--resident', '--stream'], /at most one of --resident and --stream/],
    [['--model', model, '--ids', '1', '--f32'], /--f32 goes with --resident or --stream/],
    [['--model', model, '--ids', '1', '--generate', 'x'], /--generate: 'x' is not a whole number/],
    [['--model', model, '--ids', '1', '--stream', '--cache', folder], /--cache goes with --hub URL and --resident or --stream/],
    [['--hub', 'http://127.0.0.1:9', '--repo', 'a/b', '--ids', '1', '--cache', folder], /--cache goes with --hub URL and --resident or --stream/],
  ];
  for (const [args, message] of cases) {
    const run = await infer(args);
    assert.equal(run.code, 1, `${args.join(' ')}: exit code`);
    assert.equal(run.stdout, '', `${args.join(' ')}: nothing on stdout`);
    assert.match(run.stderr, message, args.join(' '));
  }
});
