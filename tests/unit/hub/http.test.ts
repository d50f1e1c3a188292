// The hub client in-process against the stand-in hub: each failure comes out as its kind (what a
// page reacts to: ask for a token, offer a retry), downloads report progress and can be cancelled,
// and the token never appears in a URL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { reshardCheckpoint } from '../../../kernels/checkpoint/shard.ts';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';
import { HubError, type HubFailure } from '../../../kernels/hub/errors.ts';
import { HubClient, totalFromContentRange, type DownloadProgress } from '../../../kernels/hub/http.ts';
import { hubAt } from '../../../kernels/hub/hubs.ts';
import { downloadFromHub, planFromHub } from '../../../kernels/hub/load.ts';
import { WHOLE_MODEL_RUNNER } from '../../../kernels/hub/runner.ts';
import { readSafetensorsHeader } from '../../../kernels/hub/repo.ts';
import { onLoadProgress, type LoadProgress } from '../../../kernels/runtime/progress.ts';
import { startHub, type HubFailureKind, type StandInHub } from '../../harness/hub-server.ts';

let hub: StandInHub;
let files: Map<string, Uint8Array>;
const SHARD = 'model-00001-of-00002.safetensors';

before(async () => {
  hub = await startHub();
  files = await reshardCheckpoint(tinyReplica('baichuan2-7b').files, { dtype: 'BF16', shards: 2 });
  hub.addRepo('tiny/model', files);
});
after(() => hub?.close());

const client = (token?: string, options: { idleTimeoutMs?: number } = {}) =>
  new HubClient(
    { hub: hubAt(hub.url), repo: 'tiny/model', revision: 'main', ...(token !== undefined && { token }) },
    options,
  );

async function failureOf(action: Promise<unknown>): Promise<HubFailure> {
  try {
    await action;
  } catch (error) {
    assert.ok(error instanceof HubError, String(error));
    return error.failure;
  }
  assert.fail('expected a HubError');
}

test('each failure has its kind', async () => {
  const shard = files.get(SHARD) as Uint8Array;
  const cases: [HubFailureKind, () => Promise<unknown>, HubFailure][] = [
    ['not-found', () => client().text('config.json'), 'not-found'],
    ['gated', () => client().text('config.json'), 'gated'],
    ['gated', () => client('wrong').text('config.json'), 'gated'],
    ['refuse', () => client().text('config.json'), 'network'],
    ['drop-always', () => client().download(SHARD, shard.length), 'dropped'],
  ];
  for (const [failure, action, kind] of cases) {
    hub.inject(failure);
    assert.equal(await failureOf(action()), kind, failure);
  }
  hub.inject(null);
  assert.equal(
    await failureOf(client().download(SHARD, shard.length + 10)),
    'truncated',
    'a file shorter than announced',
  );
  assert.equal(
    await failureOf(client().download(SHARD, shard.length - 10)),
    'truncated',
    'a file longer than announced',
  );
});

test('a hub that refuses cross-origin reads (CORS) gives the network message, as a browser would show it', async () => {
  // What a browser does with a response that lacks Access-Control-Allow-Origin: a TypeError, no status.
  const browserFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.headers.get('access-control-allow-origin') === null) throw new TypeError('Failed to fetch');
    return response;
  };
  const corsClient = new HubClient(
    { hub: hubAt(hub.url), repo: 'tiny/model', revision: 'main' },
    { fetch: browserFetch },
  );
  assert.equal((await corsClient.text('config.json')).length, files.get('config.json')?.length, 'with CORS headers');
  hub.inject('cors');
  const error = await corsClient.text('config.json').catch((e: unknown) => e);
  hub.inject(null);
  assert.ok(error instanceof HubError && error.failure === 'network');
  assert.match(
    error.message,
    /no answer from 127\.0\.0\.1:\d+ \(Failed to fetch\).*a hub that refuses cross-origin requests \(CORS\)/,
  );
});

test('a download reports its progress up to the total, and equals the file', async () => {
  const shard = files.get(SHARD) as Uint8Array;
  const seen: DownloadProgress[] = [];
  const bytes = await client().download(SHARD, shard.length, { onProgress: (p) => seen.push(p) });
  assert.deepEqual(bytes, shard);
  assert.ok(
    seen.length > 0 &&
      seen.every((p, i) => p.total === shard.length && (i === 0 || p.loaded >= (seen[i - 1]?.loaded ?? 0))),
  );
  assert.equal(seen.at(-1)?.loaded, shard.length);
});

test('downloading a planned checkpoint reports progress over all its files', async () => {
  const hubClient = client();
  const planned = await planFromHub(hubClient, {
    budgetBytes: 2 ** 30,
    runner: WHOLE_MODEL_RUNNER.limits,
    promptTokens: 4,
    contextTokens: 4,
  });
  const seen: LoadProgress[] = [];
  const stop = onLoadProgress((p) => seen.push(p));
  const checkpoint = await downloadFromHub(hubClient, planned);
  stop();
  const total = [...files].filter(([f]) => f.endsWith('.safetensors')).reduce((sum, [, b]) => sum + b.length, 0);
  assert.ok(seen.every((p) => p.stage === 'weights' && p.total === total));
  assert.ok(
    seen.every((p, i) => i === 0 || (p.loaded ?? 0) >= (seen[i - 1]?.loaded ?? 0)),
    'never goes back',
  );
  assert.equal(seen.at(-1)?.loaded, total);
  assert.deepEqual(checkpoint.tensors.names().sort(), planned.headers.tensors.names().sort());
});

test('a connection that goes silent is given up after the idle timeout and the download resumed', async () => {
  const shard = files.get(SHARD) as Uint8Array;
  hub.clearLog();
  hub.inject('stall-once');
  const bytes = await client(undefined, { idleTimeoutMs: 300 }).download(SHARD, shard.length);
  hub.inject(null);
  assert.deepEqual(bytes, shard);
  const storage = hub.log.filter((r) => r.host === 'storage');
  assert.deepEqual(
    storage.map((r) => r.range),
    [null, `bytes=${Math.floor(shard.length / 2)}-${shard.length - 1}`],
    'half, then a resume from the first missing byte',
  );
});

test('cancelling a download stops it with the cancelled kind', async () => {
  const shard = files.get(SHARD) as Uint8Array;
  const controller = new AbortController();
  controller.abort();
  assert.equal(await failureOf(client().download(SHARD, shard.length, { signal: controller.signal })), 'cancelled');
});

test('a header is read with two ranges, and the token travels only in a header', async () => {
  hub.clearLog();
  hub.inject('gated', { token: 'tok-123' });
  const { header, etag } = await readSafetensorsHeader(client('tok-123'), SHARD);
  hub.inject(null);
  assert.equal(header.fileLength, files.get(SHARD)?.length);
  assert.match(etag ?? '', /^"[0-9a-f]{64}"$/, 'the stand-in hub’s ETag, a sha256 as Hugging Face sends for an LFS file');
  const dataStart = Math.min(...[...header.entries.values()].map((entry) => entry.begin));
  assert.deepEqual(
    hub.log.filter((r) => r.host === 'storage').map((r) => r.range),
    ['bytes=0-7', `bytes=8-${dataStart - 1}`],
  );
  assert.ok(hub.log.every((r) => !r.path.includes('tok-123')));
});

test('a hub that ignores Range: headers still read, the rest of the file left unread', async () => {
  hub.inject('no-range');
  const hubClient = client();
  const { header } = await readSafetensorsHeader(hubClient, SHARD);
  hub.inject(null);
  const shard = files.get(SHARD) as Uint8Array;
  assert.equal(header.fileLength, shard.length);
  assert.equal(hubClient.requests, 2);
  // Two whole-file answers were started; the client kept at most a chunk past what it needed of each.
  assert.ok(hubClient.bytesFetched < shard.length, `${hubClient.bytesFetched} of 2 × ${shard.length} bytes read`);
});

test('Content-Range totals', () => {
  assert.equal(totalFromContentRange('bytes 0-7/12345'), 12345);
  assert.equal(totalFromContentRange('bytes 0-7/*'), null);
  assert.equal(totalFromContentRange(null), null);
});

test('a download cancelled while its body arrives ends as cancelled, not as a short file', async () => {
  hub.inject('stall-once');
  const controller = new AbortController();
  const download = client().download(SHARD, files.get(SHARD)!.length, {
    signal: controller.signal,
    // Half the file arrives, then the connection goes silent: cancel then.
    onProgress: ({ loaded }) => loaded > 0 && controller.abort(),
  });
  try {
    assert.equal(await failureOf(download), 'cancelled');
  } finally {
    hub.inject(null);
  }
});
