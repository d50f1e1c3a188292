// The header-first plan of a model with Qwen2.5-0.5B's real config and shapes, served by the
// stand-in hub as one 988 MB model.safetensors (its header, then zeros made on the fly): the plan
// reads a few kilobytes, reports the published parameter count and size, and a run that cannot fit
// the budget is refused before a single weight byte is fetched.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SINGLE_FILE } from '../../../kernels/checkpoint/load.ts';
import { safetensorsHeaderBytes } from '../../../kernels/checkpoint/safetensors.ts';
import { encodeJson } from '../../../kernels/checkpoint/shard.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { requiredTensors } from '../../../kernels/families/spec.ts';
import type { PlanReport } from '../../../kernels/hub/load.ts';
import { startHub, type HubFile, type StandInHub } from '../../harness/hub-server.ts';
import { infer } from '../../harness/run-cli.ts';
import { qwen25_05b } from '../families/released-configs.ts';

let hub: StandInHub;
let config: Uint8Array;
let header: Uint8Array;
let fileLength: number;

before(async () => {
  hub = await startHub();
  const released = { ...qwen25_05b, architectures: ['Qwen2ForCausalLM'], torch_dtype: 'bfloat16' };
  const spec = detectModel(released);
  const layout = requiredTensors(spec.tensors).map((ref) => ({
    name: ref.name,
    dtype: 'BF16' as const,
    shape: ref.shape,
  }));
  const { bytes, dataLength } = safetensorsHeaderBytes(layout, { format: 'pt' });
  config = encodeJson(released);
  header = bytes;
  fileLength = bytes.length + dataLength;
  hub.addRepo(
    'synthetic/Qwen2.5-0.5B',
    new Map<string, HubFile>([
      ['config.json', config],
      [SINGLE_FILE, { head: header, length: fileLength }],
    ]),
  );
});
after(() => hub?.close());

const args = ['--hub', '', '--repo', 'synthetic/Qwen2.5-0.5B'];
const inferHub = (...rest: string[]) => infer([...args.map((a) => a || hub.url), ...rest]);

test('the plan of a 0.5B model reads its headers only', async () => {
  hub.clearLog();
  const run = await inferHub('--plan', '--json', '--memory', '4GiB');
  assert.equal(run.code, 0, run.stderr);
  const plan = JSON.parse(run.stdout) as PlanReport;
  assert.equal(plan.family, 'qwen2');
  assert.deepEqual(plan.dtypes, ['BF16']);
  assert.equal(plan.parameters, 494_032_768);
  assert.equal(plan.downloadBytes, fileLength);
  assert.ok(fileLength > 988_000_000);
  // config.json, a 1-byte probe of model.safetensors (the index answered 404), then its 8-byte length and header.
  const expected = config.length + 1 + header.length;
  const fileBytes = hub.log.filter((r) => r.status === 200 || r.status === 206).reduce((sum, r) => sum + r.bytes, 0);
  assert.equal(fileBytes, expected);
  assert.equal(plan.fetched.bytes, expected);
  assert.ok(plan.fetched.bytes < 100_000, `${plan.fetched.bytes} bytes read of ${fileLength}`);
  // Today's whole-model runner needs float32 weights four times over: about 7.4 GiB.
  assert.equal(plan.memory.mode, 'cannot-run');
  assert.match(
    plan.memory.reason,
    /all layers need 7\.\d+ GiB, more than the 4 GiB budget\. a budget of 7\.\d+ GiB would run it/,
  );
});

test('without --json the plan is a few readable lines', async () => {
  const run = await inferHub('--plan', '--memory', '16GiB');
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0] ?? '', /^synthetic\/Qwen2\.5-0\.5B: Qwen2/);
  assert.match(lines[1] ?? '', /^weights: BF16, 494,032,768 parameters, 988,\d{3},\d{3} bytes to download$/);
  assert.match(lines[2] ?? '', /^plan: resident \(all 24 layers fit: 7\.\d+ GiB of the 16 GiB budget\)$/);
  assert.match(lines[3] ?? '', /^read [\d,]+ bytes \(config and headers, no weights\) in 5 requests$/);
});

test('a run that cannot fit is refused before any weight is downloaded', async () => {
  hub.clearLog();
  const run = await inferHub('--ids', '1,2,3', '--json', '--memory', '4GiB');
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /synthetic\/Qwen2\.5-0\.5B cannot run here: all layers need 7\.\d+ GiB, more than the 4 GiB budget/,
  );
  assert.ok(hub.servedBytes() < 100_000, `served ${hub.servedBytes()} bytes`);
});
