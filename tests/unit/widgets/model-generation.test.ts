// The panel's streaming loop (components/widgets/model/generation.ts) on a real tiny model: each
// token reaches the panel in order, an end ends it with a note, and Stop ends it after the token in
// flight without drawing that token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { PanelModel } from '../../../kernels/demos/model-panel.ts';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import { seededRandom } from '../../../kernels/random.ts';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';
import { Generation, streamGeneration, type Shown } from '../../../components/widgets/model/generation.ts';
import { DEFAULT_SAMPLING } from '../../../components/widgets/model/sampling-state.ts';
import { NOTHING_ADDED } from '../../../components/widgets/model/state.ts';

const runtime = nodeRuntime();

async function prompted(): Promise<Shown> {
  const model = await PanelModel.open(runtime, memorySource(tinyReplica('llama').files));
  const step = await model.prefill(model.preparePrompt([5, 6, 7]).ids);
  // The loop never touches the live module: a placeholder stands in for it.
  return { module: {} as Shown['module'], model, step, added: NOTHING_ADDED, notes: [], random: seededRandom(1) };
}

test('every token reaches the panel in order, and the last state holds them all', async () => {
  const sampling = { ...DEFAULT_SAMPLING, maxNew: 4 };
  const prompt = await prompted();
  const promptLength = prompt.step!.sequence.length;
  const lengths: number[] = [];
  const counts: number[] = [];
  const last = await streamGeneration(prompt, sampling, new Generation(), (shown, generated) => {
    lengths.push(shown.step!.sequence.length);
    counts.push(generated);
  });
  assert.deepEqual(counts, [1, 2, 3, 4]);
  assert.deepEqual(lengths, [1, 2, 3, 4].map((n) => promptLength + n));
  assert.equal(last.step!.generated, 4);
  assert.ok(!last.notes.some((note) => note.kind === 'generation-ended' && note.reason === 'stopped'));
});

test('Stop during a token ends the generation after it: that token is not drawn, and a note counts what was', async () => {
  const sampling = { ...DEFAULT_SAMPLING, maxNew: 10 };
  const generation = new Generation();
  const drawn: number[] = [];
  const last = await streamGeneration(await prompted(), sampling, generation, (_shown, generated) => {
    drawn.push(generated);
    if (generated === 2) generation.stop();
  });
  assert.deepEqual(drawn, [1, 2]);
  assert.deepEqual(last.notes.at(-1), { kind: 'generation-ended', reason: 'stopped', generated: 2 });
});
