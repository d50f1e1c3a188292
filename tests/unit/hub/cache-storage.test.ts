// Weight files kept between visits: the Cache Storage layout (kernels/hub/cache-storage.ts) on an
// in-memory CacheStorage, and a second download from the stand-in hub that fetches no weight.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readHeaderLength } from '../../../kernels/checkpoint/safetensors.ts';
import { freeCachedModel, listCachedModels, weightCache } from '../../../kernels/hub/cache-storage.ts';
import { HubClient } from '../../../kernels/hub/http.ts';
import { hubAt } from '../../../kernels/hub/hubs.ts';
import { downloadFromHub, planFromHub } from '../../../kernels/hub/load.ts';
import { WHOLE_MODEL_RUNNER } from '../../../kernels/hub/runner.ts';
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

test('files are kept by hub, repository, revision and name; listed with their sizes; freed per model', async () => {
  const storage = memoryCaches();
  const a = weightCache(storage, { hub: 'site', repo: 'org/a', revision: 'main' });
  const b = weightCache(storage, { hub: 'huggingface', repo: 'org/a', revision: 'refs/pr/1' });
  await a.put('model-00001-of-00002.safetensors', new Uint8Array(10).fill(1));
  await a.put('model-00002-of-00002.safetensors', new Uint8Array(5).fill(2));
  await b.put('model.safetensors', new Uint8Array(3));
  assert.deepEqual(await a.get('model-00002-of-00002.safetensors', 5), new Uint8Array(5).fill(2));
  assert.equal(await a.get('model.safetensors', 3), undefined, 'another revision’s file is not this one’s');
  // A size that no longer matches the hub's (a new commit on the branch): a miss, and the copy goes.
  assert.equal(await a.get('model-00001-of-00002.safetensors', 11), undefined);
  assert.deepEqual(await listCachedModels(storage), [
    { hub: 'site', repo: 'org/a', revision: 'main', files: 1, bytes: 5 },
    { hub: 'huggingface', repo: 'org/a', revision: 'refs/pr/1', files: 1, bytes: 3 },
  ]);
  await freeCachedModel(storage, { hub: 'site', repo: 'org/a', revision: 'main' });
  assert.deepEqual(
    (await listCachedModels(storage)).map((m) => m.revision),
    ['refs/pr/1'],
  );
});

test('a second download of a cached checkpoint fetches headers only, and gives the same tensors', async () => {
  const storage = memoryCaches();
  const client = () => new HubClient({ hub: hubAt(hub.url), repo: 'tiny/qwen2', revision: 'main' });
  const cache = weightCache(storage, { hub: 'test', repo: 'tiny/qwen2', revision: 'main' });
  const options = { budgetBytes: 2 ** 30, runner: WHOLE_MODEL_RUNNER.limits, promptTokens: 8, contextTokens: 8 };
  const first = client();
  const firstCheckpoint = await downloadFromHub(first, await planFromHub(first, options), { cache });
  hub.clearLog();
  const second = client();
  const planned = await planFromHub(second, options);
  const secondCheckpoint = await downloadFromHub(second, planned, { cache });
  // Weight files were read as far as their headers (the plan), no further; config and index are read again.
  const beyondHeaders = hub.log.filter((r) => {
    const file = decodeURIComponent(r.path.split('?')[0]!.split('/').at(-1)!);
    const bytes = files.get(file);
    return file.endsWith('.safetensors') && bytes !== undefined && (r.range === null || r.bytes > 8 + readHeaderLength(file, bytes, bytes.length));
  });
  assert.deepEqual(beyondHeaders, []);
  const name = firstCheckpoint.tensors.names()[0]!;
  assert.deepEqual(secondCheckpoint.tensors.get(name), firstCheckpoint.tensors.get(name));
  assert.equal((await listCachedModels(storage))[0]?.files, planned.headers.headers.size);
});
