// Files the reader picked, as Blobs (Node has File too): ranges read with slice give the bytes of the
// file, a lazily opened checkpoint over them reads the tensors the same files in memory give, and a file that
// was not picked is named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blobSource } from '../../../kernels/checkpoint/blob-source.ts';
import { openLazyCheckpoint } from '../../../kernels/checkpoint/lazy.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { reshardCheckpoint } from '../../../kernels/checkpoint/shard.ts';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';

test('a checkpoint in picked files reads by range, and opens lazily with the tensors of the same files in memory', async () => {
  const files = await reshardCheckpoint(tinyReplica('llama').files, { dtype: 'BF16', shards: 2 });
  const picked = [...files].map(([name, bytes]) => new File([bytes as BlobPart], name));
  const source = blobSource(picked);
  const shard = [...files.keys()].find((name) => name.endsWith('.safetensors'))!;
  assert.deepEqual(await source.readRange(shard, 100, 300), files.get(shard)!.subarray(100, 300));
  assert.equal(await source.size(shard), files.get(shard)!.length);
  assert.deepEqual(source.list().sort(), [...files.keys()].sort());

  const lazy = await openLazyCheckpoint(source);
  const inMemory = await openLazyCheckpoint(memorySource(files));
  assert.deepEqual(lazy.config, inMemory.config);
  assert.deepEqual(lazy.tensors.names(), inMemory.tensors.names());
  for (const name of inMemory.tensors.names()) assert.deepEqual(await lazy.tensors.read(name), await inMemory.tensors.read(name), name);
  await assert.rejects(source.readText('tokenizer_config.json'), /tokenizer_config\.json: not among the files picked/);
});
