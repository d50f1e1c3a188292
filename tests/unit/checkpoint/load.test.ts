// Opening checkpoint folders: single file and sharded, from memory and from disk, and each broken
// folder refused with a message naming the file at fault. Then validateTensors against a spec.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CheckpointError } from '../../../kernels/checkpoint/errors.ts';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { folderSource } from '../../../kernels/checkpoint/node-folder.ts';
import { writeSafetensors } from '../../../kernels/checkpoint/safetensors.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { validateTensors } from '../../../kernels/families/spec.ts';

const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const config = { model_type: 'test' };
const a = { name: 'a', dtype: 'F32', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) } as const;
const b = { name: 'b', dtype: 'BF16', shape: [3], data: Float32Array.of(0.5, -1, 2) } as const;
const c = { name: 'c', dtype: 'F16', shape: [1], data: Float32Array.of(0.25) } as const;

function sharded(): Map<string, Uint8Array> {
  return new Map([
    ['config.json', text(config)],
    ['model-00001-of-00002.safetensors', writeSafetensors([a, b])],
    ['model-00002-of-00002.safetensors', writeSafetensors([c])],
    [
      'model.safetensors.index.json',
      text({
        metadata: { total_size: 28 },
        weight_map: {
          a: 'model-00001-of-00002.safetensors',
          b: 'model-00001-of-00002.safetensors',
          c: 'model-00002-of-00002.safetensors',
        },
      }),
    ],
  ]);
}

async function refuses(files: Map<string, Uint8Array>, ...fragments: string[]): Promise<void> {
  await assert.rejects(loadCheckpoint(memorySource(files)), (error: unknown) => {
    assert.ok(error instanceof CheckpointError, `expected a CheckpointError, got ${String(error)}`);
    for (const fragment of fragments)
      assert.ok(error.message.includes(fragment), `"${error.message}" should mention "${fragment}"`);
    return true;
  });
}

test('a single model.safetensors: config, names, shapes, lazily decoded data', async () => {
  const files = new Map([
    ['config.json', text(config)],
    ['model.safetensors', writeSafetensors([a, b])],
  ]);
  const { config: loaded, tensors } = await loadCheckpoint(memorySource(files));
  assert.deepEqual(loaded, config);
  assert.deepEqual(tensors.names().sort(), ['a', 'b']);
  assert.ok(tensors.has('a') && !tensors.has('c'));
  assert.deepEqual(tensors.info('b'), { dtype: 'BF16', shape: [3], file: 'model.safetensors' });
  assert.deepEqual([...tensors.get('a').data], [1, 2, 3, 4]);
  assert.deepEqual([...tensors.get('b').data], [0.5, -1, 2]);
  assert.throws(() => tensors.get('c'), /no tensor 'c'/);
});

test('sharded checkpoints are read through model.safetensors.index.json, from memory and from disk', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'ckpt-'));
  try {
    for (const [name, bytes] of sharded()) writeFileSync(join(folder, name), bytes);
    for (const source of [memorySource(sharded()), folderSource(folder)]) {
      const { tensors } = await loadCheckpoint(source);
      assert.deepEqual(tensors.names().sort(), ['a', 'b', 'c']);
      assert.equal(tensors.info('c').file, 'model-00002-of-00002.safetensors');
      assert.deepEqual([...tensors.get('c').data], [0.25]);
      assert.deepEqual([...tensors.get('a').data], [1, 2, 3, 4]);
    }
  } finally {
    rmSync(folder, { recursive: true });
  }
});

test('a missing shard is named, with a tensor it should hold', async () => {
  const files = sharded();
  files.delete('model-00002-of-00002.safetensors');
  await refuses(files, 'model.safetensors.index.json', "shard 'model-00002-of-00002.safetensors'", "'c'", 'missing');
});

test('a weight_map entry pointing at the wrong shard is refused', async () => {
  const files = sharded();
  files.set('model.safetensors.index.json', text({ weight_map: { a: 'model-00002-of-00002.safetensors' } }));
  await refuses(files, "tensor 'a'", "'model-00002-of-00002.safetensors'", 'no such tensor');
  files.set('model.safetensors.index.json', text({ metadata: {} }));
  await refuses(files, 'model.safetensors.index.json', 'weight_map');
});

test('missing or malformed config.json, and folders without safetensors', async () => {
  await refuses(new Map([['model.safetensors', writeSafetensors([a])]]), 'config.json');
  await refuses(
    new Map([
      ['config.json', new TextEncoder().encode('{"hidden_size": 4,')],
      ['model.safetensors', writeSafetensors([a])],
    ]),
    'config.json',
    'not valid JSON',
  );
  await refuses(new Map([['config.json', text(config)]]), 'no model.safetensors or model.safetensors.index.json');
  await refuses(
    new Map([
      ['config.json', text(config)],
      ['pytorch_model.bin', new Uint8Array(4)],
    ]),
    'convert them to safetensors',
  );
});

test('a broken shard is reported by its file name', async () => {
  const files = sharded();
  const shard = files.get('model-00001-of-00002.safetensors') as Uint8Array;
  files.set('model-00001-of-00002.safetensors', shard.slice(0, shard.length - 2));
  await refuses(files, 'model-00001-of-00002.safetensors:', "tensor 'b'", 'truncated');
});

// A small LLaMA-layout checkpoint written tensor by tensor, for validateTensors.
const llamaConfig = {
  model_type: 'llama',
  hidden_size: 8,
  intermediate_size: 12,
  num_attention_heads: 2,
  num_key_value_heads: 1,
  num_hidden_layers: 1,
  vocab_size: 10,
  rms_norm_eps: 1e-5,
};
function llamaTensors(): Map<string, number[]> {
  const p = 'model.layers.0';
  return new Map([
    ['model.embed_tokens.weight', [10, 8]],
    [`${p}.input_layernorm.weight`, [8]],
    [`${p}.self_attn.q_proj.weight`, [8, 8]],
    [`${p}.self_attn.k_proj.weight`, [4, 8]],
    [`${p}.self_attn.v_proj.weight`, [4, 8]],
    [`${p}.self_attn.o_proj.weight`, [8, 8]],
    [`${p}.post_attention_layernorm.weight`, [8]],
    [`${p}.mlp.gate_proj.weight`, [12, 8]],
    [`${p}.mlp.up_proj.weight`, [12, 8]],
    [`${p}.mlp.down_proj.weight`, [8, 12]],
    ['model.norm.weight', [8]],
    ['lm_head.weight', [10, 8]],
  ]);
}
async function storeOf(shapes: Map<string, number[]>) {
  const tensors = [...shapes].map(([name, shape]) => ({
    name,
    dtype: 'F32' as const,
    shape,
    data: new Float32Array(shape.reduce((x, y) => x * y, 1)),
  }));
  return (
    await loadCheckpoint(
      memorySource(
        new Map([
          ['config.json', text(llamaConfig)],
          ['model.safetensors', writeSafetensors(tensors)],
        ]),
      ),
    )
  ).tensors;
}

test('validateTensors accepts a complete checkpoint and lists tensors the spec does not use', async () => {
  const shapes = llamaTensors();
  shapes.set('model.layers.0.self_attn.rotary_emb.inv_freq', [2]);
  shapes.set('extra.weight', [1]);
  assert.deepEqual(validateTensors(detectModel(llamaConfig), await storeOf(shapes)), { unused: ['extra.weight'] });
});

test('validateTensors names a missing tensor, and a wrong shape with both shapes', async () => {
  const spec = detectModel(llamaConfig);
  const missing = llamaTensors();
  missing.delete('model.layers.0.mlp.up_proj.weight');
  const store = await storeOf(missing);
  assert.throws(
    () => validateTensors(spec, store),
    (e: unknown) =>
      e instanceof CheckpointError &&
      /missing tensor 'model\.layers\.0\.mlp\.up_proj\.weight' \(expected shape \[12, 8\]\)/.test(e.message),
  );

  const wrong = llamaTensors();
  wrong.set('model.layers.0.self_attn.k_proj.weight', [8, 8]); // MHA-shaped k for a GQA config
  const wrongStore = await storeOf(wrong);
  assert.throws(
    () => validateTensors(spec, wrongStore),
    (e: unknown) =>
      e instanceof CheckpointError &&
      e.message.includes("tensor 'model.layers.0.self_attn.k_proj.weight' has shape [8, 8], expected [4, 8]"),
  );
});
