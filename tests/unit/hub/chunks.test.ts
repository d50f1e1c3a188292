// Weight files through a store of chunks (kernels/hub/chunks.ts) against the stand-in hub: reads
// across chunk borders equal the files, a chunk is fetched once and then read from the store, the
// hub's failures (a dropped body, a hub that ignores Range) still give every byte, a plan that cannot
// run fetches no weight, and the panel's layered model opened from the chunks gives the logits of the
// whole-model runner on the same files, resident and one layer at a time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { PanelModel } from '../../../kernels/demos/model-panel.ts';
import { chunkedHubSource, chunksOf, fillChunks, memoryChunks, type ChunkStore } from '../../../kernels/hub/chunks.ts';
import { HubClient } from '../../../kernels/hub/http.ts';
import { hubAt } from '../../../kernels/hub/hubs.ts';
import { planFromHub } from '../../../kernels/hub/load.ts';
import { LAYERED_RUNNER } from '../../../kernels/hub/runner.ts';
import { onLoadProgress, type LoadProgress } from '../../../kernels/runtime/progress.ts';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';
import { maxAbsDiff } from '../../../kernels/tensor.ts';
import { releasedReplica } from '../../harness/hub-replicas.ts';
import { startHub, type StandInHub } from '../../harness/hub-server.ts';

const REPO = 'tiny/llama';
/** Small chunks, so that every weight file is several of them and reads cross their borders. */
const CHUNK = 1000;
const PLAN = { budgetBytes: 2 ** 30, runner: LAYERED_RUNNER.limits, promptTokens: 8, contextTokens: 8 };

let hub: StandInHub;
let files: Map<string, Uint8Array>;
before(async () => {
  hub = await startHub();
  files = await releasedReplica('llama');
  hub.addRepo(REPO, files);
});
after(() => hub?.close());

const client = () => new HubClient({ hub: hubAt(hub.url), repo: REPO, revision: 'main' });
const weightFiles = () => [...files.keys()].filter((file) => file.endsWith('.safetensors'));
/** Requests that brought weight-file bytes (not the hub's redirects to its storage host). */
const weightRequests = () => hub.log.filter((r) => r.path.includes('.safetensors') && r.status < 300);

test('chunksOf: the chunks holding a byte range, the last one short', () => {
  assert.deepEqual(chunksOf(2500, CHUNK), [
    { index: 0, start: 0, end: 1000 },
    { index: 1, start: 1000, end: 2000 },
    { index: 2, start: 2000, end: 2500 },
  ]);
  assert.deepEqual(chunksOf(2500, CHUNK, 999, 1001).map((c) => c.index), [0, 1]);
  assert.deepEqual(chunksOf(2500, CHUNK, 2000, 9999).map((c) => c.index), [2]);
  assert.deepEqual(chunksOf(0, CHUNK), []);
});

test('reads across chunk borders equal the file; a chunk is fetched once, then read from the store', async () => {
  const hubClient = client();
  const planned = await planFromHub(hubClient, PLAN);
  const store = memoryChunks();
  const source = chunkedHubSource(hubClient, planned.headers, store, { chunkBytes: CHUNK });
  const file = weightFiles()[0]!;
  const bytes = files.get(file)!;
  assert.ok(bytes.length > 3 * CHUNK, 'the file spans several chunks');
  hub.clearLog();
  for (const [start, end] of [[990, 2010], [0, 8], [bytes.length - 5, bytes.length + 100]] as const) {
    assert.deepEqual(await source.readRange(file, start, end), bytes.subarray(start, end), `${start}–${end}`);
  }
  const fetched = weightRequests().length;
  assert.equal(fetched, 4, 'chunks 0, 1, 2 and the last one, each once');
  assert.deepEqual(await source.readRange(file, 1500, 2500), bytes.subarray(1500, 2500));
  assert.equal(weightRequests().length, fetched, 'read again from the store');
  assert.equal(await source.size(file), bytes.length);
});

test('a store that declines every chunk (storage full) still gives the bytes', async () => {
  const hubClient = client();
  const planned = await planFromHub(hubClient, PLAN);
  const declining: ChunkStore = { has: async () => false, read: async () => assert.fail('nothing kept'), put: async () => false };
  const source = chunkedHubSource(hubClient, planned.headers, declining, { chunkBytes: CHUNK });
  const file = weightFiles().at(-1)!;
  assert.deepEqual(await source.readBytes(file), files.get(file));
});

for (const failure of ['drop-once', 'no-range'] as const) {
  test(`fillChunks gives every byte when the hub ${failure === 'drop-once' ? 'drops a body halfway' : 'ignores Range'}, with progress to the end`, async () => {
    const hubClient = client();
    const planned = await planFromHub(hubClient, PLAN);
    const store = memoryChunks();
    const seen: LoadProgress[] = [];
    const stop = onLoadProgress((progress) => seen.push(progress));
    hub.inject(failure);
    try {
      await fillChunks(hubClient, planned, store, { chunkBytes: CHUNK });
    } finally {
      hub.inject(null);
      stop();
    }
    const source = chunkedHubSource(hubClient, planned.headers, store, { chunkBytes: CHUNK });
    hub.clearLog();
    for (const file of weightFiles()) assert.deepEqual(await source.readBytes(file), files.get(file), file);
    assert.deepEqual(weightRequests(), [], 'every chunk was in the store');
    const loaded = seen.filter((p) => p.stage === 'weights').map((p) => p.loaded ?? 0);
    assert.deepEqual(loaded, [...loaded].sort((a, b) => a - b), 'progress only rises');
    assert.equal(loaded.at(-1), planned.plan.downloadBytes);
  });
}

test('a plan that cannot run fetches no weight byte', async () => {
  const hubClient = client();
  const planned = await planFromHub(hubClient, { ...PLAN, budgetBytes: 1000 });
  assert.equal(planned.plan.memory.mode, 'cannot-run');
  hub.clearLog();
  await assert.rejects(fillChunks(hubClient, planned, memoryChunks(), { chunkBytes: CHUNK }), /cannot run here/);
  assert.deepEqual(weightRequests(), []);
});

test('the panel’s layered model from the chunks gives the whole-model runner’s logits, resident and layer by layer', async () => {
  const runtime = nodeRuntime();
  const ids = [1, 5, 9, 14, 3, 7];
  const whole = await PanelModel.open(runtime, memorySource(files));
  const expected = (await whole.prefill(ids)).lastLogits;
  const hubClient = client();
  const planned = await planFromHub(hubClient, PLAN);
  const store = memoryChunks();
  await fillChunks(hubClient, planned, store, { chunkBytes: CHUNK });
  for (const mode of ['resident', 'streamed'] as const) {
    const model = await PanelModel.openLayered(runtime, chunkedHubSource(hubClient, planned.headers, store, { chunkBytes: CHUNK }), { mode });
    const step = await model.prefill(ids);
    const diff = maxAbsDiff(step.lastLogits, expected);
    assert.ok(diff < 1e-4, `${mode}: logits differ by ${diff}`);
    assert.equal(model.generates, mode === 'resident');
    if (mode === 'resident') assert.equal((await model.next()).sequence.length, ids.length + 1);
    else await assert.rejects(model.next(), /one layer at a time/);
  }
});
