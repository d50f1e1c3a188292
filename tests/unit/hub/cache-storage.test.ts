// Weight files kept between visits: the Cache Storage layout of chunks (kernels/hub/cache-storage.ts)
// on an in-memory CacheStorage, and a second load from the stand-in hub that fetches no weight.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readHeaderLength } from '../../../kernels/checkpoint/safetensors.ts';
import { cachedChunks, freeCachedModel, listCachedModels } from '../../../kernels/hub/cache-storage.ts';
import { chunkedHubSource, fillChunks } from '../../../kernels/hub/chunks.ts';
import { HubClient } from '../../../kernels/hub/http.ts';
import { hubAt } from '../../../kernels/hub/hubs.ts';
import { planFromHub } from '../../../kernels/hub/load.ts';
import { LAYERED_RUNNER } from '../../../kernels/hub/runner.ts';
import { releasedReplica } from '../../harness/hub-replicas.ts';
import { startHub, type StandInHub } from '../../harness/hub-server.ts';

/** CacheStorage's calls this code makes, held in maps (Node has no Cache Storage). */
function memoryCaches(): CacheStorage {
  const stores = new Map<string, Map<string, Response>>();
  const url = (key: RequestInfo | URL) => (typeof key === 'string' ? key : key instanceof URL ? key.href : key.url);
  const open = async (name: string) => {
    const store = stores.get(name) ?? new Map<string, Response>();
    stores.set(name, store);
    return {
      match: async (key: RequestInfo | URL) => store.get(url(key))?.clone(),
      put: async (key: RequestInfo | URL, response: Response) => void store.set(url(key), response.clone()),
      delete: async (key: RequestInfo | URL) => store.delete(url(key)),
      keys: async () => [...store.keys()].map((key) => new Request(key)),
    };
  };
  return { open } as unknown as CacheStorage;
}

let hub: StandInHub;
let files: Map<string, Uint8Array>;
before(async () => {
  hub = await startHub();
  files = await releasedReplica('qwen2');
  hub.addRepo('tiny/qwen2', files);
});
after(() => hub?.close());

test('chunks are kept by hub, repository, revision, file and index; listed by file with their sizes; freed per model', async () => {
  const storage = memoryCaches();
  const a = cachedChunks(storage, { hub: 'site', repo: 'org/a', revision: 'main' });
  const b = cachedChunks(storage, { hub: 'huggingface', repo: 'org/a', revision: 'refs/pr/1' });
  assert.equal(await a.put('model-00001-of-00002.safetensors', 0, new Uint8Array(10).fill(1)), true);
  await a.put('model-00001-of-00002.safetensors', 1, new Uint8Array(4).fill(3));
  await a.put('model-00002-of-00002.safetensors', 0, Uint8Array.from([5, 6, 7, 8, 9]));
  await b.put('model.safetensors', 0, new Uint8Array(3));
  assert.equal(await a.has('model-00002-of-00002.safetensors', 0, 5), true);
  assert.deepEqual(await a.read('model-00002-of-00002.safetensors', 0, 1, 4), Uint8Array.from([6, 7, 8]));
  assert.equal(await a.has('model.safetensors', 0, 3), false, 'another revision’s file is not this one’s');
  assert.equal(await a.has('model-00001-of-00002.safetensors', 2, 4), false, 'a chunk never put');
  // A size that no longer matches the hub's (a new commit on the branch): a miss, and the copy goes.
  assert.equal(await a.has('model-00001-of-00002.safetensors', 1, 5), false);
  assert.deepEqual(await listCachedModels(storage), [
    { hub: 'site', repo: 'org/a', revision: 'main', files: 2, bytes: 15 },
    { hub: 'huggingface', repo: 'org/a', revision: 'refs/pr/1', files: 1, bytes: 3 },
  ]);
  await freeCachedModel(storage, { hub: 'site', repo: 'org/a', revision: 'main' });
  assert.deepEqual(
    (await listCachedModels(storage)).map((m) => m.revision),
    ['refs/pr/1'],
  );
});

test('a second load of a cached checkpoint fetches headers only, and reads the same bytes', async () => {
  const storage = memoryCaches();
  const client = () => new HubClient({ hub: hubAt(hub.url), repo: 'tiny/qwen2', revision: 'main' });
  const store = cachedChunks(storage, { hub: 'test', repo: 'tiny/qwen2', revision: 'main' });
  const options = { budgetBytes: 2 ** 30, runner: LAYERED_RUNNER.limits, promptTokens: 8, contextTokens: 8 };
  // Small chunks, so that every file is several of them.
  const chunkBytes = 1000;
  const first = client();
  await fillChunks(first, await planFromHub(first, options), store, { chunkBytes });
  hub.clearLog();
  const second = client();
  const planned = await planFromHub(second, options);
  await fillChunks(second, planned, store, { chunkBytes });
  const source = chunkedHubSource(second, planned.headers, store, { chunkBytes });
  for (const file of planned.headers.headers.keys()) assert.deepEqual(await source.readBytes(file), files.get(file), file);
  // Weight files were read as far as their headers (the plan), no further; config and index are read again.
  const beyondHeaders = hub.log.filter((r) => {
    const file = decodeURIComponent(r.path.split('?')[0]!.split('/').at(-1)!);
    const bytes = files.get(file);
    return file.endsWith('.safetensors') && bytes !== undefined && (r.range === null || r.bytes > 8 + readHeaderLength(file, bytes, bytes.length));
  });
  assert.deepEqual(beyondHeaders, []);
  assert.equal((await listCachedModels(storage))[0]?.files, planned.headers.headers.size);
});
