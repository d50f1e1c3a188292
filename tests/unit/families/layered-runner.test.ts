// The layered runner (a graph per layer, weights fed as inputs) against the whole-model ModelRunner,
// on every tiny replica: resident and streamed, 16-bit and float32 weight feeds, a prompt and then
// decode steps reading the KV cache, attention and internals; and the Qwen2 sliding window, whose
// layers need two different block graphs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { openLazyCheckpoint } from '../../../kernels/checkpoint/lazy.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { TINY_REPLICAS, tinyReplica, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { ModelRunner } from '../../../kernels/families/forward/runner.ts';
import { LayeredRunner, type LayeredOptions } from '../../../kernels/families/forward/layered-runner.ts';
import type { StepResult } from '../../../kernels/families/forward/sequence-runner.ts';
import { sampleIds } from '../../../kernels/families/sample-ids.ts';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';
import { seededRandom } from '../../../kernels/random.ts';
import type { Tensor32 } from '../../../kernels/tensor.ts';

const runtime = nodeRuntime();
const RELATIVE = 1e-4;

/** max |a − b| over max |b|: the tolerance scales with the logits. */
function relativeDiff(a: Tensor32, b: Tensor32): number {
  assert.deepEqual(a.shape, b.shape);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.data.length; i++) {
    diff = Math.max(diff, Math.abs(a.data[i]! - b.data[i]!));
    scale = Math.max(scale, Math.abs(b.data[i]!));
  }
  return diff / Math.max(scale, 1e-30);
}

function files(name: ReplicaName, configPatch: Record<string, unknown> = {}): Map<string, Uint8Array> {
  const out = new Map(tinyReplica(name).files);
  const config = {
    ...(JSON.parse(new TextDecoder().decode(out.get('config.json'))) as object),
    ...configPatch,
  };
  out.set('config.json', new TextEncoder().encode(JSON.stringify(config)));
  return out;
}

async function runners(name: ReplicaName, patch: Record<string, unknown> = {}) {
  const source = memorySource(files(name, patch));
  const whole = await ModelRunner.open(runtime, await loadCheckpoint(source));
  const layered = async (options: LayeredOptions) => LayeredRunner.open(runtime, await openLazyCheckpoint(source), options);
  return { whole, layered };
}

function same(actual: StepResult, expected: StepResult, what: string): void {
  const logits = relativeDiff(actual.logits, expected.logits);
  assert.ok(logits <= RELATIVE, `${what}: logits relative |Δ| ${logits}`);
  expected.attn?.forEach((probs, l) => {
    const diff = relativeDiff(actual.attn![l]!, probs);
    assert.ok(diff <= RELATIVE, `${what}: layer ${l} attention relative |Δ| ${diff}`);
  });
}

// Tiny vocabularies fit one head slice; 12,800 bytes (50 float32 rows of 64) cuts them into several.
const MODES: LayeredOptions[] = [
  { mode: 'resident' },
  { mode: 'streamed' },
  { mode: 'resident', headSliceBytes: 12_800 },
  { mode: 'streamed', headSliceBytes: 12_800, keep16: false },
];

for (const name of TINY_REPLICAS) {
  test(`${name}: layered runs give the whole-model graph's logits, prompt and decode steps`, async () => {
    const { whole, layered } = await runners(name);
    const ids = sampleIds(whole.spec, seededRandom(name.length), 9);
    const prompt = whole.spec.mask.kind === 'glm-prefix' ? ids.indexOf(whole.spec.mask.bosTokenId) + 1 : 5;
    const expected = [await whole.prefill(ids.slice(0, prompt), { attn: true })];
    for (const id of ids.slice(prompt)) expected.push(await whole.decode(id, { attn: true }));

    for (const options of MODES) {
      const runner = await layered(options);
      const what = JSON.stringify(options);
      same(await runner.prefill(ids.slice(0, prompt), { attn: true }), expected[0]!, `${what} prompt`);
      for (const [t, id] of ids.slice(prompt).entries()) {
        same(await runner.decode(id, { attn: true }), expected[t + 1]!, `${what} decode ${prompt + t}`);
      }
      assert.equal(runner.length, ids.length);
    }
  });
}

test('qwen2 with a sliding window on layer 1: two block graphs, same logits and attention', async () => {
  const { whole, layered } = await runners('qwen2', {
    use_sliding_window: true,
    sliding_window: 3,
    max_window_layers: 1,
  });
  const ids = [5, 6, 7, 8, 9, 10, 11];
  const expected = await whole.prefill(ids, { attn: true });
  same(await (await layered({ mode: 'streamed' })).prefill(ids, { attn: true }), expected, 'streamed');
});

test('internals: rotated q and k and each layer output equal the whole-model graph', async () => {
  const { whole, layered } = await runners('llama2-gqa');
  const ids = [3, 1, 4, 1, 5, 9, 2, 6];
  const expected = (await whole.prefill(ids, { internals: true })).internals!;
  const actual = (await (await layered({ mode: 'resident' })).prefill(ids, { internals: true })).internals!;
  assert.equal(actual.length, expected.length);
  expected.forEach((layer, l) => {
    for (const part of ['qRot', 'kRot', 'hidden'] as const) {
      const diff = relativeDiff(actual[l]![part], layer[part]);
      assert.ok(diff <= RELATIVE, `layer ${l} ${part}: relative |Δ| ${diff}`);
    }
  });
});

test('resident weights: F16 and BF16 held as 16-bit halves, F32 as floats', async () => {
  for (const [name, bytesPerValue] of [
    ['llama', 2],
    ['qwen2', 2],
    ['baichuan-7b', 4],
  ] as const) {
    const { layered } = await runners(name);
    const runner = await layered({ mode: 'resident' });
    const wide = await layered({ mode: 'resident', keep16: false });
    assert.ok(runner.residentBytes > 0);
    assert.equal(wide.residentBytes, (runner.residentBytes * 4) / bytesPerValue, name);
    const streamed = await layered({ mode: 'streamed' });
    assert.equal(streamed.residentBytes, 0);
  }
});

test('errors: a bad id is refused by name and leaves the cache as it was', async () => {
  const { layered } = await runners('chatglm2-6b');
  const runner = await layered({ mode: 'streamed' });
  await assert.rejects(runner.decode(3), /prefill/);
  await runner.prefill([1, 2]);
  await assert.rejects(runner.decode(9999), /outside the vocabulary/);
  assert.equal(runner.length, 2);
});
