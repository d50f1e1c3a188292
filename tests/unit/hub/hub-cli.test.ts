// `infer --hub` against a stand-in hub (tests/harness/hub-server.ts) serving every tiny replica as a
// real release looks: BF16, sharded with an index, large files redirected to a second host. The
// logits must equal `--model DIR` on the same files; `--plan` must read headers only; every injected
// failure must end the command with exit 1 and its own message.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { INDEX_FILE, loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { readHeaderLength } from '../../../kernels/checkpoint/safetensors.ts';
import { reshardCheckpoint } from '../../../kernels/checkpoint/shard.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { requiredTensors } from '../../../kernels/families/spec.ts';
import { TINY_REPLICAS, tinyReplica, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import type { PlanReport } from '../../../kernels/hub/load.ts';
import { releasedReplica } from '../../harness/hub-replicas.ts';
import { startHub, type HubFailureKind, type StandInHub } from '../../harness/hub-server.ts';
import { infer } from '../../harness/run-cli.ts';

let hub: StandInHub;
let folder: string;
/** The files each replica is served as, by replica name. */
const served = new Map<ReplicaName, Map<string, Uint8Array>>();

const fromHub = (name: string, ...rest: string[]) => ['--hub', hub.url, '--repo', `tiny/${name}`, ...rest];
const ids = (name: ReplicaName) => (name.startsWith('chatglm') ? '10,11,251,254,12' : '1,20,30,40,7');

before(async () => {
  hub = await startHub();
  folder = await mkdtemp(join(tmpdir(), 'hub-cli-'));
  for (const name of TINY_REPLICAS) {
    const files = await releasedReplica(name);
    served.set(name, files);
    hub.addRepo(`tiny/${name}`, files);
    await mkdir(join(folder, name));
    for (const [file, bytes] of files) await writeFile(join(folder, name, file), bytes);
  }
  // One repository as a single model.safetensors, one at a tagged revision only, one with PyTorch weights only.
  hub.addRepo('tiny/single-file', await reshardCheckpoint(tinyReplica('llama').files, { dtype: 'BF16', shards: 1 }));
  hub.addRepo('tiny/tagged', served.get('qwen2') as Map<string, Uint8Array>, ['v1.0']);
  hub.addRepo(
    'tiny/pytorch-only',
    new Map([
      ['config.json', tinyReplica('llama').files.get('config.json') as Uint8Array],
      ['pytorch_model.bin', new Uint8Array(64)],
    ]),
  );
});

after(async () => {
  await hub?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** `--model DIR --ids … --json` on each replica's served files, run once and kept for the tests below. */
const localRuns = new Map<ReplicaName, Promise<string>>();
function local(name: ReplicaName): Promise<string> {
  let run = localRuns.get(name);
  if (run === undefined) {
    run = infer(['--model', join(folder, name), '--ids', ids(name), '--json']).then((r) => {
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    });
    localRuns.set(name, run);
  }
  return run;
}

test('every replica loaded through the hub gives exactly the logits of --model on the same files', async () => {
  for (const name of TINY_REPLICAS) {
    // The two runs at once: each child process waits on the other's requests part of the time.
    const [viaHub, onDisk] = await Promise.all([infer([...fromHub(name), '--ids', ids(name), '--json']), local(name)]);
    assert.equal(viaHub.code, 0, `${name}: ${viaHub.stderr}`);
    assert.equal(viaHub.stdout, onDisk, name);
  }
});

test('--stream and --resident download into the cache folder once, then run it layer by layer like --model DIR', async () => {
  const cache = await mkdtemp(join(tmpdir(), 'hub-cache-'));
  try {
    for (const name of ['llama', 'qwen2'] as const) {
      const [viaHub, onDisk] = await Promise.all([
        infer([...fromHub(name), '--ids', ids(name), '--stream', '--cache', cache, '--json']),
        infer(['--model', join(folder, name), '--ids', ids(name), '--stream', '--json']),
      ]);
      assert.equal(viaHub.code, 0, `${name}: ${viaHub.stderr}`);
      assert.equal(onDisk.code, 0, `${name}: ${onDisk.stderr}`);
      assert.equal(viaHub.stdout, onDisk.stdout, name);

      // a second run, resident this time, finds the weight files whole in the cache: headers only
      hub.clearLog();
      const again = await infer([...fromHub(name), '--ids', ids(name), '--resident', '--cache', cache, '--json']);
      assert.equal(again.code, 0, `${name}: ${again.stderr}`);
      assert.equal(again.stdout, onDisk.stdout, `${name}: resident from the cache`);
      const weightBytes = [...(served.get(name) as Map<string, Uint8Array>)]
        .filter(([file]) => file.endsWith('.safetensors'))
        .reduce((sum, [, bytes]) => sum + bytes.length, 0);
      assert.ok(hub.servedBytes() < weightBytes / 10, `${name}: ${hub.servedBytes()} bytes served on the second run`);
    }
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
});

test('large files come from the storage host the hub redirects to, without the token', async () => {
  hub.clearLog();
  hub.inject('gated', { token: 'secret-token' });
  const run = await infer([...fromHub('qwen2'), '--ids', '1,2,3', '--json'], { HF_TOKEN: 'secret-token' });
  hub.inject(null);
  assert.equal(run.code, 0, run.stderr);
  const storage = hub.log.filter((r) => r.host === 'storage');
  assert.ok(storage.length > 0 && storage.every((r) => r.path.includes('.safetensors')));
  assert.ok(
    hub.log.filter((r) => r.host === 'hub').every((r) => r.authorization),
    'the token went to the hub',
  );
  assert.ok(
    storage.every((r) => !r.authorization),
    'and not to the storage host',
  );
});

test('--plan reads config, index and safetensors headers only, and says so', async () => {
  for (const name of ['qwen2', 'chatglm2-6b', 'baichuan-13b'] as const) {
    hub.clearLog();
    const run = await infer([...fromHub(name), '--plan', '--json', '--memory', '8GiB']);
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout) as PlanReport;
    const files = served.get(name) as Map<string, Uint8Array>;
    const shards = [...files.keys()].filter((f) => f.endsWith('.safetensors'));
    // Exactly: config.json, the index, and per shard its 8-byte length plus its JSON header.
    const headerBytes = shards.reduce((sum, f) => {
      const bytes = files.get(f) as Uint8Array;
      return sum + 8 + readHeaderLength(f, bytes, bytes.length);
    }, 0);
    const expected = (files.get('config.json')?.length ?? 0) + (files.get(INDEX_FILE)?.length ?? 0) + headerBytes;
    assert.equal(hub.servedBytes(), expected, `${name}: bytes the hub served`);
    assert.equal(plan.fetched.bytes, expected, `${name}: bytes the plan reports`);
    const weightBytes = shards.reduce((sum, f) => sum + (files.get(f)?.length ?? 0), 0);
    assert.equal(plan.downloadBytes, weightBytes);
    assert.ok(plan.fetched.bytes < weightBytes / 10, 'headers are a small part of the files');

    const checkpoint = await loadCheckpoint(memorySource(files));
    const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
    const parameters = requiredTensors(spec.tensors).reduce(
      (sum, ref) => sum + ref.shape.reduce((a, b) => a * b, 1),
      0,
    );
    assert.equal(plan.family, spec.family);
    assert.deepEqual(plan.dtypes, ['BF16']);
    assert.equal(plan.parameters, parameters);
    assert.deepEqual(
      plan.files.map((f) => f.name),
      shards.sort(),
    );
    assert.equal(plan.memory.mode, 'resident');
  }
});

test('a single-file repository, a tagged revision, and --text through the hub', async () => {
  const single = await infer([...fromHub('single-file'), '--ids', '1,2,3', '--json']);
  assert.equal(single.code, 0, single.stderr);
  const tagged = await infer([...fromHub('tagged'), '--revision', 'v1.0', '--ids', ids('qwen2'), '--json']);
  assert.equal(tagged.stdout, await local('qwen2'));
  const untagged = await infer([...fromHub('tagged'), '--ids', '1', '--json']);
  assert.equal(untagged.code, 1);
  assert.match(untagged.stderr, /config\.json of tiny\/tagged \(revision 'main'\) .*not found \(HTTP 404\)/);

  const text = 'The cat 坐在 mat 上.';
  const viaHub = await infer([...fromHub('chatglm-6b'), '--text', text, '--json']);
  const onDisk = await infer(['--model', join(folder, 'chatglm-6b'), '--text', text, '--json']);
  assert.equal(viaHub.code, 0, viaHub.stderr);
  assert.equal(viaHub.stdout, onDisk.stdout);
});

test('a dropped connection is resumed with Range and gives the same logits', async () => {
  hub.clearLog();
  hub.inject('drop-once');
  const run = await infer([...fromHub('llama2-gqa'), '--ids', ids('llama2-gqa'), '--json']);
  hub.inject(null);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, await local('llama2-gqa'));
  const resumed = hub.log.filter(
    (r) => r.host === 'storage' && r.range !== null && !r.range.startsWith('bytes=0-') && r.status === 206,
  );
  const shards = [...(served.get('llama2-gqa') as Map<string, Uint8Array>).keys()].filter((f) =>
    f.endsWith('.safetensors'),
  );
  assert.ok(resumed.length >= shards.length, `every shard resumed once: ${resumed.map((r) => r.range).join(', ')}`);
});

test('each failure exits 1 with its own message, and nothing on stdout', async () => {
  const cases: [HubFailureKind, string, RegExp][] = [
    [
      'not-found',
      'llama',
      /config\.json of tiny\/llama \(revision 'main'\) on http:\/\/127\.0\.0\.1:\d+: not found \(HTTP 404\).*is this a model repository\?/,
    ],
    [
      'gated',
      'llama',
      /tiny\/llama on .* is gated \(HTTP 401\): accept its license on the hub, then give an access token/,
    ],
    [
      'refuse',
      'llama',
      /no answer from 127\.0\.0\.1:\d+ .*Check the connection and the hub setting; in a browser .*CORS/,
    ],
    [
      'truncated-shard',
      'llama',
      /model-00002-of-00002\.safetensors: tensor '.*': data_offsets \[\d+, \d+\] run past the \d+ data bytes in the file \(truncated file\?\)/,
    ],
    [
      'corrupted-shard',
      'llama',
      /model-00001-of-00002\.safetensors: header length \d+ runs past the end of the file \(\d+ bytes\): the file is corrupted, truncated, or not safetensors/,
    ],
    ['malformed-header', 'llama', /model-00001-of-00002\.safetensors: malformed JSON header/],
    [
      'missing-shard',
      'llama',
      /model\.safetensors\.index\.json: shard 'model-00002-of-00002\.safetensors' \(holding '.*', among others\) is missing from tiny\/llama/,
    ],
    [
      'unsupported-dtype',
      'llama',
      /tensor 'model\.embed_tokens\.weight' has dtype I16; weights must be F32, F16 or BF16/,
    ],
    ['unsupported-architecture', 'llama', /tiny\/llama: config\.json: model_type 'gpt2' is not a supported family/],
    ['missing-tensor', 'llama', /missing tensor 'model\.layers\.1\.[a-z_.]+' \(expected shape/],
    ['drop-always', 'llama', /the connection dropped at byte \d+ of \d+, and 3 attempts to resume from there failed/],
  ];
  // llama is served in two shards (the replicas alternate between 2 and 3).
  assert.equal(
    [...(served.get('llama') as Map<string, Uint8Array>).keys()].filter((f) => f.endsWith('.safetensors')).length,
    2,
  );
  for (const [failure, name, message] of cases) {
    hub.inject(failure);
    const run = await infer([...fromHub(name), '--ids', '1,2,3', '--json']);
    hub.inject(null);
    assert.equal(run.code, 1, `${failure}: exit code (stderr: ${run.stderr})`);
    assert.equal(run.stdout, '', `${failure}: nothing on stdout`);
    assert.match(run.stderr, message, failure);
  }
});

test('a wrong token, PyTorch-only weights, a budget too small, and bad arguments are refused by name', async () => {
  hub.inject('gated', { token: 'right' });
  const wrong = await infer([...fromHub('qwen2'), '--plan'], { HF_TOKEN: 'wrong' });
  hub.inject(null);
  assert.match(wrong.stderr, /tiny\/qwen2 on .* refused the access token \(HTTP 403\)/);

  const cases: [string[], RegExp][] = [
    [
      [...fromHub('pytorch-only'), '--plan'],
      /no model\.safetensors or model\.safetensors\.index\.json in tiny\/pytorch-only .*PyTorch \.bin checkpoints are not read here/,
    ],
    [
      [...fromHub('qwen2'), '--ids', '1', '--memory', '100KB'],
      /tiny\/qwen2 cannot run here: all layers need .*, more than the 97\.7 KiB budget\. a budget of .* would run it/,
    ],
    [
      [...fromHub('absent'), '--plan'],
      /config\.json of tiny\/absent .*not found \(HTTP 404\) \(or it is private: give an access token\)/,
    ],
    [['--hub', hub.url, '--ids', '1'], /--hub needs --repo ORG\/NAME/],
    [['--hub', hub.url, '--repo', '../etc', '--ids', '1'], /--repo: '\.\.\/etc' is not a repository id/],
    [['--hub', 'ftp://example', '--repo', 'a/b', '--ids', '1'], /--hub: 'ftp:\/\/example' is not an http\(s\) URL/],
    [[...fromHub('qwen2'), '--plan', '--memory', 'lots'], /--memory: 'lots' is not an amount of memory/],
    [['--model', folder, '--plan'], /--repo and --plan go with --hub URL/],
  ];
  for (const [args, message] of cases) {
    const run = await infer(args);
    assert.equal(run.code, 1, args.join(' '));
    assert.equal(run.stdout, '', args.join(' '));
    assert.match(run.stderr, message, args.join(' '));
  }
});
