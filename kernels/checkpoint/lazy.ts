// A checkpoint opened by its headers alone, whose tensors are read when asked for: what a streamed
// run needs, since it must never hold the whole checkpoint (a 7B model is 14 GB of BF16).
//
//   open:   config.json, the shard index, and of each shard its first 8 bytes + its JSON header
//   read:   one tensor's bytes, [begin, end) from its shard, in the checkpoint's own dtype
//   rows:   rows [start, end) of a tensor's first axis, which lie one after another in the file: an
//           embedding row per token, or a slice of the output head's vocabulary
//
// The source reads byte ranges: a folder on disk through file handles (node-folder.ts), files in
// memory, or a hub over HTTP Range requests.
import { CheckpointError } from './errors.ts';
import { openShards, readConfig, tensorIndex, type TensorIndex } from './load.ts';
import { HEADER_LENGTH_BYTES, headerLength, parseHeader } from './safetensors.ts';
import type { Dtype, SafetensorsHeader, TensorEntry } from './safetensors.ts';
import type { RangeSource } from './source.ts';

/** One tensor as stored: little-endian bytes of `dtype`, row-major `shape`. */
export type TensorBytes = { readonly dtype: Dtype; readonly shape: readonly number[]; readonly bytes: Uint8Array };

export type TensorReader = TensorIndex & {
  /** The tensor's bytes, read from the source now (not kept: the caller holds what it needs). */
  read(name: string): Promise<TensorBytes>;
  /** Rows [start, end) of the tensor's first axis: shape [end − start, ...the rest]. */
  readRows(name: string, start: number, end: number): Promise<TensorBytes>;
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
  const entryOf = (name: string): TensorEntry => {
    const file = index.fileOf(name);
    const entry = file.entries.get(name);
    if (entry === undefined) throw new CheckpointError(`${file.fileName}: no tensor '${name}'`);
    return entry;
  };
  const readRows = async (name: string, start: number, end: number): Promise<TensorBytes> => {
    const { dtype, shape, begin, end: last } = entryOf(name);
    const rows = shape[0] ?? 1;
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= rows)) {
      throw new CheckpointError(`tensor '${name}': rows ${start}–${end} are not within its ${rows} rows`);
    }
    const rowBytes = (last - begin) / rows;
    const what = `tensor '${name}'` + (start === 0 && end === rows ? '' : ` rows ${start}–${end}`);
    const bytes = await readExactly(source, index.info(name).file, begin + start * rowBytes, begin + end * rowBytes, what);
    return { dtype, shape: [end - start, ...shape.slice(1)], bytes };
  };
  const read = async (name: string): Promise<TensorBytes> => {
    const { shape } = entryOf(name);
    return { ...(await readRows(name, 0, shape[0] ?? 1)), shape }; // a scalar keeps its empty shape
  };
  return { config, tensors: { names: index.names, has: index.has, info: index.info, read, readRows } };
}
