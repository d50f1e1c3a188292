// PanelModel.generate: each streamed token is the sampler's choice from the step before's logits
// (against the float64 reference), a seed repeats the continuation, and it stops at EOS and the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { PanelModel, type GeneratedStep } from '../../kernels/demos/model-panel.ts';
import { tinyReplica } from '../../kernels/families/tiny/replica.ts';
import { seededRandom } from '../../kernels/random.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { sampleToken } from '../../kernels/sampling.ts';

const runtime = nodeRuntime();
const SETTINGS = { temperature: 1.5, topK: 20, topP: 0.9 };

async function generated(files: ReadonlyMap<string, Uint8Array>, seed: number, count: number): Promise<GeneratedStep[]> {
  const model = await PanelModel.open(runtime, memorySource(files));
  await model.prefill(model.preparePrompt([5, 6, 7]).ids);
  const steps: GeneratedStep[] = [];
  for await (const step of model.generate(SETTINGS, count, seededRandom(seed))) steps.push(step);
  return steps;
}

test('each token is the seeded draw from the previous logits; the same seed repeats, another differs', async () => {
  const { files } = tinyReplica('llama2-gqa');
  const model = await PanelModel.open(runtime, memorySource(files));
  let last = await model.prefill(model.preparePrompt([5, 6, 7]).ids);
  const random = seededRandom(9);
  const check = seededRandom(9);
  let count = 0;
  for await (const { step, stop } of model.generate(SETTINGS, 6, random)) {
    count++;
    assert.equal(step.sequence.at(-1), sampleToken(last.lastLogits, SETTINGS, check), `token ${count}`);
    assert.equal(step.generated, count);
    assert.equal(stop, count === 6 ? 'max-tokens' : undefined);
    last = step;
  }
  assert.equal(count, 6);
  const ids = (steps: GeneratedStep[]) => steps.map((s) => s.step.sequence.at(-1));
  assert.deepEqual(ids(await generated(files, 9, 6)), ids(await generated(files, 9, 6)));
  assert.notDeepEqual(ids(await generated(files, 9, 6)), ids(await generated(files, 10, 6)));
});

test("generation stops after config.json's EOS id", async () => {
  const { files, config } = tinyReplica('llama2-gqa');
  const first = (await generated(files, 3, 1))[0]!.step.sequence.at(-1)!;
  const patched = new Map(files);
  patched.set('config.json', new TextEncoder().encode(JSON.stringify({ ...config, eos_token_id: first })));
  const steps = await generated(patched, 3, 10);
  assert.equal(steps.length, 1);
  assert.equal(steps[0]!.stop, 'eos');
});

test("generation stops at the panel's sequence limit", async () => {
  const { files } = tinyReplica('llama2-gqa');
  const model = await PanelModel.open(runtime, memorySource(files));
  await model.prefill(model.preparePrompt([5, 6, 7]).ids);
  const steps: GeneratedStep[] = [];
  for await (const step of model.generate({ ...SETTINGS, temperature: 0 }, 1000, seededRandom(1))) steps.push(step);
  assert.equal(steps.at(-1)!.step.sequence.length, model.maxSequence);
  assert.equal(steps.at(-1)!.stop, 'full');
});
