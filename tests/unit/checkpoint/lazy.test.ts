// Opening a checkpoint by its headers and reading tensors by byte range: the same bytes as reading
// the files whole, from memory and from disk, single file and sharded; rows of a tensor; only the
// ranges asked for are read; a truncated shard is refused by name. And BF16 → F16 for weights kept 16-bit.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { openLazyCheckpoint, type TensorBytes } from '../../../kernels/checkpoint/lazy.ts';
import { folderSource } from '../../../kernels/checkpoint/node-folder.ts';
import { memorySource, type RangeSource } from '../../../kernels/checkpoint/source.ts';
import { bf16ToF16, decodeBF16, decodeF16, encodeBF16, halfToFloat } from '../../../kernels/checkpoint/float-formats.ts';
import { tinyReplica } from '../../../kernels/families/tiny/replica.ts';

/** The bytes as float32, the way the whole-file store decodes them. */
function decoded(t: TensorBytes): Float32Array {
  const copy = t.bytes.slice().buffer;
  if (t.dtype === 'F32') return new Float32Array(copy);
  return t.dtype === 'F16' ? decodeF16(new Uint16Array(copy)) : decodeBF16(new Uint16Array(copy));
}

function withFolder(files: ReadonlyMap<string, Uint8Array>, body: (folder: string) => Promise<void>): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'lazy-'));
  for (const [name, bytes] of files) writeFileSync(join(folder, name), bytes);
  return body(folder).finally(() => rmSync(folder, { recursive: true, force: true }));
}

for (const name of ['llama', 'llama2-gqa', 'qwen2'] as const) {
  test(`${name}: every tensor read by range equals the whole-file read (memory and disk)`, async () => {
    const { files } = tinyReplica(name);
    const whole = await loadCheckpoint(memorySource(files));
    await withFolder(files, async (folder) => {
      for (const source of [memorySource(files), folderSource(folder)]) {
        const lazy = await openLazyCheckpoint(source);
        assert.deepEqual(lazy.config, whole.config);
        assert.deepEqual(lazy.tensors.names().sort(), whole.tensors.names().sort());
        for (const tensor of whole.tensors.names()) {
          const read = await lazy.tensors.read(tensor);
          assert.deepEqual(read.shape, whole.tensors.info(tensor).shape);
          assert.deepEqual(decoded(read), whole.tensors.get(tensor).data, tensor);
        }
      }
    });
  });
}

test('rows: a slice of the first axis, and errors for rows outside it', async () => {
  const { files } = tinyReplica('qwen2');
  const whole = await loadCheckpoint(memorySource(files));
  const lazy = await openLazyCheckpoint(memorySource(files));
  const embed = 'model.embed_tokens.weight';
  const [V, H] = whole.tensors.info(embed).shape as [number, number];
  const rows = await lazy.tensors.readRows(embed, 10, 13);
  assert.deepEqual(rows.shape, [3, H]);
  assert.deepEqual(decoded(rows), whole.tensors.get(embed).data.subarray(10 * H, 13 * H));
  await assert.rejects(lazy.tensors.readRows(embed, 0, V + 1), /rows 0–257 are not within its 256 rows/);
  await assert.rejects(lazy.tensors.readRows(embed, 3, 2), /not within/);
});

test('opening reads headers only; a tensor read fetches its own bytes and no others', async () => {
  const { files } = tinyReplica('qwen2');
  const inner = memorySource(files);
  const ranges: [string, number, number][] = [];
  const source: RangeSource = {
    list: inner.list,
    readText: inner.readText,
    size: inner.size,
    readRange: async (name, start, end) => {
      ranges.push([name, start, end]);
      return inner.readRange(name, start, end);
    },
  };
  const lazy = await openLazyCheckpoint(source);
  const headerBytes = ranges.reduce((sum, [, start, end]) => sum + end - start, 0);
  assert.equal(ranges.length, 2, 'the 8-byte length, then the JSON header (the size comes apart)');
  assert.ok(headerBytes < files.get('model.safetensors')!.length / 20, `${headerBytes} bytes of headers`);
  ranges.length = 0;
  const t = await lazy.tensors.read('model.norm.weight');
  assert.equal(ranges.length, 1);
  assert.equal(ranges[0]![2] - ranges[0]![1], t.bytes.length);
  assert.equal(t.bytes.length, 64 * 2, 'BF16 [64]');
});

test('a truncated shard is refused at open (the header against the size), a short read when reading, by name', async () => {
  const { files } = tinyReplica('llama');
  await withFolder(files, async (folder) => {
    const file = join(folder, 'model.safetensors');
    truncateSync(file, files.get('model.safetensors')!.length - 10);
    await assert.rejects(
      openLazyCheckpoint(folderSource(folder)),
      /model\.safetensors: tensor '.*': data_offsets .* \(truncated file\?\)/,
    );
    truncateSync(file, 4);
    await assert.rejects(openLazyCheckpoint(folderSource(folder)), /too short to hold the 8-byte header length/);
  });
  // a source that stops short on large reads (a connection dropped mid-tensor); headers are small and read whole
  const inner = memorySource(files);
  const dropping: RangeSource = {
    ...inner,
    readRange: (name, start, end) => inner.readRange(name, start, end - start > 10_000 ? start + 100 : end),
  };
  const lazy = await openLazyCheckpoint(dropping);
  await assert.rejects(
    lazy.tensors.read('lm_head.weight'),
    /model\.safetensors: tensor 'lm_head\.weight' needs bytes .* \(truncated\?\)/,
  );
});

test('BF16 → F16: exact in half’s normal range, within 2^-25 below it, refused past 65504', () => {
  const values = Float32Array.of(0, -0, 1, -2.5, 0.0078125, 1e-3, 6.1e-5, 3e-6, 1e-9, 60000, -32768, Infinity);
  const bf16 = encodeBF16(values);
  const half = bf16ToF16(bf16)!;
  const exact = decodeBF16(bf16);
  exact.forEach((x, i) => {
    const converted = halfToFloat(half[i]!);
    if (Math.abs(x) >= 2 ** -14 || x === 0 || !Number.isFinite(x)) assert.equal(converted, x, `${x}`);
    else assert.ok(Math.abs(converted - x) <= 2 ** -25, `${x} → ${converted}`);
  });
  assert.equal(bf16ToF16(encodeBF16(Float32Array.of(1, 70000))), null);
  assert.equal(bf16ToF16(encodeBF16(Float32Array.of(-1e38))), null);
});
