// A checkpoint opened by its headers alone, whose tensors are read when asked for: what a streamed
// run needs, since it must never hold the whole checkpoint (a 7B model is 14 GB of BF16).
//
//   open:   config.json, the shard index, and of each shard its size, first 8 bytes and JSON header
//   read:   one tensor's bytes, [begin, end) from its shard, in the checkpoint's own dtype
//   rows:   rows [start, end) of a tensor's first axis, which lie one after another in the file: an
//           embedding row per token, or a slice of the output head's vocabulary
//
// The source reads byte ranges: a folder on disk through file handles (node-folder.ts), files in
// memory, or a hub over HTTP Range requests.
import { CheckpointError } from './errors.ts';
import {
  CONFIG_FILE,
  headerStore,
  INDEX_FILE,
  missingShard,
  noSafetensors,
  parseWeightMap,
  SINGLE_FILE,
  tensorsByShard,
  tensorsOfFile,
  type TensorStore,
} from './load.ts';
import { parseSafetensorsHeader, readHeaderLength } from './safetensors.ts';
import type { Dtype, SafetensorsHeader, TensorEntry } from './safetensors.ts';
import type { RangeSource } from './source.ts';

/** One tensor as stored: little-endian bytes of `dtype`, row-major `shape`. */
export type TensorBytes = { readonly dtype: Dtype; readonly shape: readonly number[]; readonly bytes: Uint8Array };

/** Names, dtypes and shapes from the headers (a TensorStore whose `get` refuses: nothing is in memory), and reads. */
export type TensorReader = TensorStore & {
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
  const fileLength = await source.size(file);
  const length = readHeaderLength(file, await source.readRange(file, 0, 8), fileLength);
  return parseSafetensorsHeader(file, await readExactly(source, file, 8, 8 + length, 'the header'), fileLength);
}

async function readJson(source: RangeSource, name: string): Promise<unknown> {
  try {
    return JSON.parse(await source.readText(name));
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Which header holds each tensor: the index's shards, or the single file. */
async function openHeaders(source: RangeSource, files: readonly string[]): Promise<Map<string, SafetensorsHeader>> {
  if (files.includes(INDEX_FILE)) {
    const map = parseWeightMap(await readJson(source, INDEX_FILE));
    const shards = new Map<string, SafetensorsHeader>();
    for (const shard of new Set(map.values())) {
      if (!files.includes(shard)) throw missingShard(map, shard, 'the folder');
      shards.set(shard, await readHeader(source, shard));
    }
    return tensorsByShard(map, shards);
  }
  if (files.includes(SINGLE_FILE)) return tensorsOfFile(await readHeader(source, SINGLE_FILE));
  throw noSafetensors(files, 'the checkpoint folder');
}

export async function openLazyCheckpoint(source: RangeSource): Promise<LazyCheckpoint> {
  const files = source.list();
  if (!files.includes(CONFIG_FILE)) throw new CheckpointError(`no ${CONFIG_FILE} in the checkpoint folder`);
  const config = await readJson(source, CONFIG_FILE);
  const byTensor = await openHeaders(source, files);
  const index = headerStore(byTensor, (_, name) => {
    throw new Error(`'${name}': a lazily opened checkpoint is read with read() or readRows(), not get()`);
  });
  const entryOf = (name: string): TensorEntry => {
    const file = byTensor.get(name);
    const entry = file?.entries.get(name);
    if (entry === undefined) throw new CheckpointError(`no tensor '${name}' in the checkpoint`);
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
  return { config, tensors: { ...index, read, readRows } };
}
