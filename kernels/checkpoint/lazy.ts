// A checkpoint opened by its headers alone, whose tensors are read when asked for: what a streamed
// run needs, since it must never hold the whole checkpoint (a 7B model is 14 GB of BF16).
//
//   open:   config.json, the shard index, and of each shard its first 8 bytes + its JSON header
//   read:   one tensor's bytes, [begin, end) from its shard, in the checkpoint's own dtype
//
// The source reads byte ranges: a folder on disk through file handles (node-folder.ts), files in
// memory, or a hub over HTTP Range requests.
import { CheckpointError } from './errors.ts';
import { openShards, readConfig, tensorIndex, type TensorIndex } from './load.ts';
import { HEADER_LENGTH_BYTES, headerLength, parseHeader, type Dtype, type SafetensorsHeader } from './safetensors.ts';
import type { RangeSource } from './source.ts';

/** One tensor as stored: little-endian bytes of `dtype`, row-major `shape`. */
export type TensorBytes = { readonly dtype: Dtype; readonly shape: readonly number[]; readonly bytes: Uint8Array };

export type TensorReader = TensorIndex & {
  /** The tensor's bytes, read from the source now (not kept: the caller holds what it needs). */
  read(name: string): Promise<TensorBytes>;
};

export type LazyCheckpoint = { readonly config: unknown; readonly tensors: TensorReader };

/** Reads `[start, end)`, refusing a short read (a truncated shard) by name. */
async function readExactly(source: RangeSource, file: string, start: number, end: number, what: string): Promise<Uint8Array> {
  const bytes = await source.readRange(file, start, end);
  if (bytes.length !== end - start) {
    throw new CheckpointError(
      `${file}: ${what} needs bytes ${start}–${end}, but the file ends after ${start + bytes.length} (truncated?)`,
    );
  }
  return bytes;
}

async function readHeader(source: RangeSource, file: string): Promise<SafetensorsHeader> {
  const first = await source.readRange(file, 0, HEADER_LENGTH_BYTES);
  const length = headerLength(file, first);
  const json = await readExactly(source, file, HEADER_LENGTH_BYTES, HEADER_LENGTH_BYTES + length, 'the header');
  return parseHeader(file, json);
}

export async function openLazyCheckpoint(source: RangeSource): Promise<LazyCheckpoint> {
  const config = await readConfig(source);
  const index = tensorIndex(await openShards(source, source.list(), (file) => readHeader(source, file)));
  const read = async (name: string): Promise<TensorBytes> => {
    const file = index.fileOf(name);
    const entry = file.entries.get(name);
    if (entry === undefined) throw new CheckpointError(`${file.fileName}: no tensor '${name}'`);
    const bytes = await readExactly(source, file.fileName, entry.begin, entry.end, `tensor '${name}'`);
    return { dtype: entry.dtype, shape: entry.shape, bytes };
  };
  return { config, tensors: { names: index.names, has: index.has, info: index.info, read } };
}
