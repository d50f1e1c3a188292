// Tiny replicas: each loads through the real loader, fits the spec detected from its config with no
// tensor left over, stores the dtype its config declares, and is byte-for-byte reproducible, in
// memory and through `npm run make-tiny`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { folderSource } from '../../../kernels/checkpoint/node-folder.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { validateTensors } from '../../../kernels/families/spec.ts';
import { TINY_REPLICAS, tinyReplica } from '../../../kernels/families/tiny/replica.ts';

const SAFETENSORS_DTYPE = { float32: 'F32', float16: 'F16', bfloat16: 'BF16' } as const;

function mean(xs: Float32Array): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
function std(xs: Float32Array): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}

test('every replica loads, fits its detected spec exactly, in the dtype its config declares', async () => {
  for (const name of TINY_REPLICAS) {
    const replica = tinyReplica(name);
    const { config, tensors } = await loadCheckpoint(memorySource(replica.files));
    assert.deepEqual(config, replica.config, name);
    const spec = detectModel(config, tensors.names());
    assert.deepEqual(validateTensors(spec, tensors), { unused: [] }, name);
    assert.ok(spec.dtype !== null);
    for (const t of tensors.names()) assert.equal(tensors.info(t).dtype, SAFETENSORS_DTYPE[spec.dtype], `${name}: ${t}`);

    // Weights are non-trivial: embeddings and linears spread, norm weights scattered around 1.
    const embed = tensors.get(spec.tensors.embed.name).data;
    assert.ok(std(embed) > 0.02 && std(embed) < 0.2, `${name}: embedding std ${std(embed)}`);
    const norm = tensors.get(spec.tensors.layers[0]!.inputNorm.weight.name).data;
    assert.ok(Math.abs(mean(norm) - 1) < 0.05 && std(norm) > 0.01, `${name}: norm weight mean ${mean(norm)}`);
  }
});

test('the replicas cover F16, BF16, F32 and a sharded checkpoint with a consistent index', async () => {
  const dtypes = new Set(TINY_REPLICAS.map((name) => tinyReplica(name).config['torch_dtype']));
  assert.deepEqual([...dtypes].sort(), ['bfloat16', 'float16', 'float32']);

  const { files } = tinyReplica('llama2-gqa');
  const shards = [...files.keys()].filter((f) => /^model-\d{5}-of-\d{5}\.safetensors$/.test(f));
  assert.ok(shards.length >= 2 && !files.has('model.safetensors'));
  const index = JSON.parse(new TextDecoder().decode(files.get('model.safetensors.index.json'))) as {
    metadata: { total_size: number };
    weight_map: Record<string, string>;
  };
  const { tensors } = await loadCheckpoint(memorySource(files));
  let bytes = 0;
  for (const t of tensors.names()) {
    assert.equal(tensors.info(t).file, index.weight_map[t]);
    bytes += tensors.info(t).shape.reduce((a, b) => a * b, 1) * 4;
  }
  assert.equal(index.metadata.total_size, bytes);
  assert.deepEqual(new Set(Object.values(index.weight_map)), new Set(shards));
});

test('format details the official code relies on: ChatGLM-6B lm_head equals the embedding, inv_freq buffers, no Qwen2 lm_head', async () => {
  const glm = await loadCheckpoint(memorySource(tinyReplica('chatglm-6b').files));
  assert.deepEqual(glm.tensors.get('lm_head.weight').data, glm.tensors.get('transformer.word_embeddings.weight').data);
  // ChatGLM-6B's RotaryEmbedding(d/2) buffer: 1/10000^(2k/(d/2)), k < d/4, here d = 64/4 = 16, stored fp16.
  const invFreq = glm.tensors.get('transformer.layers.1.attention.rotary_emb.inv_freq').data;
  const exact = [0, 1, 2, 3].map((k) => 1 / 10000 ** ((2 * k) / 8));
  assert.ok(
    invFreq.length === 4 && invFreq.every((x, k) => Math.abs(x - (exact[k] as number)) <= (exact[k] as number) * 2 ** -11),
  );

  const qwen2 = await loadCheckpoint(memorySource(tinyReplica('qwen2').files));
  assert.ok(!qwen2.tensors.has('lm_head.weight') && qwen2.tensors.has('model.layers.0.self_attn.q_proj.bias'));
});

test('replicas are deterministic: same bytes from two builds', () => {
  for (const name of TINY_REPLICAS) {
    const first = tinyReplica(name).files;
    const second = tinyReplica(name).files;
    assert.deepEqual([...first.keys()], [...second.keys()]);
    for (const [file, bytes] of first) assert.ok(Buffer.from(bytes).equals(second.get(file) as Uint8Array), `${name}/${file}`);
  }
});

function makeTiny(...args: string[]) {
  return spawnSync(process.execPath, ['scripts/make-tiny.ts', ...args], { encoding: 'utf8' });
}

test('make-tiny writes the same bytes twice, equal to the in-memory replicas, loadable from disk', async () => {
  const outs = [mkdtempSync(join(tmpdir(), 'tiny-a-')), mkdtempSync(join(tmpdir(), 'tiny-b-'))];
  try {
    for (const out of outs) {
      const run = makeTiny('--out', out);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /config\.json \(\d[\d,]* bytes\)/);
    }
    assert.deepEqual(readdirSync(outs[0] as string).sort(), [...TINY_REPLICAS].sort());
    for (const name of TINY_REPLICAS) {
      for (const [file, bytes] of tinyReplica(name).files) {
        const [a, b] = outs.map((out) => readFileSync(join(out, name, file)));
        assert.ok(a?.equals(bytes) && b?.equals(bytes), `${name}/${file}`);
      }
    }
    const fromDisk = await loadCheckpoint(folderSource(join(outs[0] as string, 'baichuan2-13b')));
    assert.equal(detectModel(fromDisk.config).label, 'Baichuan2-13B (ALiBi, NormHead)');
  } finally {
    for (const out of outs) rmSync(out, { recursive: true });
  }
});

test('make-tiny refuses a missing --out and an unknown replica name', () => {
  assert.equal(makeTiny().status, 2);
  const run = makeTiny('--out', tmpdir(), '--only', 'gpt2');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /unknown replica\(s\): gpt2/);
});
