// A hub's weight files read through a store of fixed-size chunks, so that no step ever holds a
// whole file: a 7B checkpoint is 14 GB of BF16, in shards of up to 10 GB, and the layer-by-layer
// runner reads one layer's tensors at a time.
//
//   file  [ chunk 0 | chunk 1 | … | chunk n−1 ]     chunk i = bytes [i·c, min((i+1)·c, size)), c = CHUNK_BYTES
//
//   fillChunks(client, planned, store)           Download: every chunk the store lacks, one after another
//   chunkedHubSource(client, headers, store)     reads [start, end) of a weight file from the chunks that
//                                                cover it, fetching (and storing) any chunk still missing
//
// In the page the store is Cache Storage (cache-storage.ts), so a second visit fetches no weight
// byte, and a dropped or cancelled download keeps the chunks it finished. Each chunk is one Range
// request, resumed from its first missing byte when the connection drops (http.ts).
import { CheckpointError } from '../checkpoint/errors.ts';
import type { CheckpointSource, RangeSource } from '../checkpoint/source.ts';
import { reportLoadProgress } from '../runtime/progress.ts';
import type { FetchOptions, HubClient } from './http.ts';
import { refuseIfCannotRun, type PlannedCheckpoint } from './load.ts';
import type { HubCheckpointHeaders } from './repo.ts';

/** c: bytes per chunk. Large enough that a shard is a few dozen requests, small enough to hold one. */
export const CHUNK_BYTES = 64 * 2 ** 20;

/**
 * Which content a chunk belongs to: the file's ETag as the hub sent it with the headers (undefined
 * where the hub sends none; the length must match too). A file changed on the hub has a new ETag,
 * so a chunk of its old content is never read as part of the new one.
 */
export type ChunkVersion = { readonly length: number; readonly etag: string | undefined };

/** Chunks of weight files, by file name and index. */
export type ChunkStore = {
  /** Whether chunk `index` of `file` is kept as `version` (a kept copy of another version is dropped). */
  has(file: string, index: number, version: ChunkVersion): Promise<boolean>;
  /** Bytes [start, end) of a kept chunk, counted from the chunk's first byte. */
  read(file: string, index: number, start: number, end: number): Promise<Uint8Array>;
  /** Keeps a chunk; false when the store declined it (storage full): the caller uses the bytes once. */
  put(file: string, index: number, bytes: Uint8Array, etag: string | undefined): Promise<boolean>;
};

export type Chunk = { readonly index: number; readonly start: number; readonly end: number };

/** The chunks of a file of `size` bytes that hold bytes [start, end). */
export function chunksOf(size: number, chunkBytes: number, start = 0, end = size): Chunk[] {
  const chunks: Chunk[] = [];
  for (let index = Math.floor(start / chunkBytes); index * chunkBytes < Math.min(end, size); index++) {
    chunks.push({ index, start: index * chunkBytes, end: Math.min((index + 1) * chunkBytes, size) });
  }
  return chunks;
}

/** A store in memory: for Node, and for a page without Cache Storage (not a secure context). */
export function memoryChunks(): ChunkStore {
  const kept = new Map<string, { bytes: Uint8Array; etag: string | undefined }>();
  const key = (file: string, index: number) => `${file}\n${index}`;
  return {
    has: async (file, index, { length, etag }) => {
      const chunk = kept.get(key(file, index));
      return chunk !== undefined && chunk.bytes.length === length && chunk.etag === etag;
    },
    read: async (file, index, start, end) => {
      const chunk = kept.get(key(file, index));
      if (chunk === undefined) throw new Error(`chunk ${index} of ${file} is not kept`);
      return chunk.bytes.subarray(start, end);
    },
    put: async (file, index, bytes, etag) => {
      kept.set(key(file, index), { bytes, etag });
      return true;
    },
  };
}

type ChunkOptions = FetchOptions & { readonly chunkBytes?: number };

/** Fetches one chunk from the hub and offers it to the store as part of the file with `etag`. */
async function fetchChunk(
  client: HubClient,
  store: ChunkStore,
  file: { readonly name: string; readonly size: number; readonly etag: string | undefined },
  chunk: Chunk,
  options: FetchOptions,
): Promise<Uint8Array> {
  const bytes = await client.download(file.name, file.size, options, chunk);
  await store.put(file.name, chunk.index, bytes, file.etag);
  return bytes;
}

/**
 * Every chunk of every weight file of a planned checkpoint into `store`, one after another; chunks
 * already kept cost no request; refused when the plan says it cannot run. Progress goes to the runtime's load-progress listeners (stage
 * 'weights', bytes so far of the plan's download bytes), where widgets and the command line show it.
 */
export async function fillChunks(
  client: HubClient,
  planned: PlannedCheckpoint,
  store: ChunkStore,
  options: ChunkOptions = {},
): Promise<void> {
  refuseIfCannotRun(client, planned);
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const total = planned.plan.downloadBytes;
  let done = 0;
  for (const [name, { fileLength }] of planned.headers.headers) {
    const file = { name, size: fileLength, etag: planned.headers.etags.get(name) };
    for (const chunk of chunksOf(fileLength, chunkBytes)) {
      options.signal?.throwIfAborted();
      const length = chunk.end - chunk.start;
      if (!(await store.has(name, chunk.index, { length, etag: file.etag }))) {
        const onProgress = ({ loaded }: { loaded: number }) =>
          reportLoadProgress({ stage: 'weights', loaded: done + loaded - chunk.start, total });
        await fetchChunk(client, store, file, chunk, { ...options, onProgress });
      }
      done += length;
      reportLoadProgress({ stage: 'weights', loaded: done, total });
    }
  }
}

/**
 * The repository's files for a lazy checkpoint (checkpoint/lazy.ts) and its tokenizer: weight files
 * read by range through `store` (a chunk it lacks is fetched and offered to it), other files (config,
 * tokenizer) read whole from the hub.
 */
export function chunkedHubSource(
  client: HubClient,
  headers: HubCheckpointHeaders,
  store: ChunkStore,
  options: ChunkOptions = {},
): CheckpointSource & RangeSource {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const known = (name: string) => {
    if (!headers.files.includes(name))
      throw new CheckpointError(`${client.where(name)}: not among the files this checkpoint uses`);
  };
  const sizeOf = (name: string): number => {
    const header = headers.headers.get(name);
    if (header === undefined) throw new CheckpointError(`${client.where(name)}: not a weight file`);
    return header.fileLength;
  };
  const readRange = async (name: string, start: number, end: number): Promise<Uint8Array> => {
    known(name);
    const file = { name, size: sizeOf(name), etag: headers.etags.get(name) };
    const parts: Uint8Array[] = [];
    for (const chunk of chunksOf(file.size, chunkBytes, start, end)) {
      const from = Math.max(start, chunk.start) - chunk.start;
      const to = Math.min(end, chunk.end) - chunk.start;
      const kept = await store.has(name, chunk.index, { length: chunk.end - chunk.start, etag: file.etag });
      parts.push(
        kept
          ? await store.read(name, chunk.index, from, to)
          : (await fetchChunk(client, store, file, chunk, options)).subarray(from, to),
      );
    }
    return parts.length === 1 ? parts[0]! : concat(parts);
  };
  const readText = async (name: string) => {
    known(name);
    return client.text(name, options);
  };
  return {
    list: () => [...headers.files],
    readText,
    readRange,
    size: async (name) => sizeOf(name),
    readBytes: async (name) => {
      if (headers.headers.has(name)) return readRange(name, 0, sizeOf(name));
      known(name);
      return client.bytes(name, options);
    },
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
