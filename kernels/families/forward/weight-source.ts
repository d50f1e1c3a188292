// Where the layered runner gets its weight feeds (weight-feeds.ts), one interface for every mode:
//
//   resident   every tensor the model reads, converted once when the source is made and held; a slice
//              of rows is a view of the held tensor, chosen rows a small copy
//   streamed   nothing held: every request reads the bytes it needs from the checkpoint, a whole
//              tensor, a range of rows, or single rows (one embedding row per token)
//   resident on the GPU (gpu-weights.ts, WebGPU only): uploaded once, fed as GPU tensors
//
// Rows let the two largest tensors, the embedding and the output head ([V, H] each: 136M values for
// Qwen2.5-0.5B), be fed in pieces, so a streamed run never holds one whole.
import type { TensorBytes, TensorReader } from '../../checkpoint/lazy.ts';
import type { GpuFeed } from '../../runtime/runtime.ts';
import type { TensorRef } from '../spec.ts';
import { gatherRows, sliceRows, weightFeed, type WeightFeed } from './weight-feeds.ts';

export type WeightMode = 'resident' | 'streamed';

export type WeightSource = {
  readonly mode: WeightMode;
  /** The whole tensor: a host array, or a tensor already on the GPU. */
  tensor(name: string): Promise<WeightFeed | GpuFeed>;
  /** Rows [start, end) of its first axis (the head's slices: on the GPU when the source is). */
  rowRange(name: string, start: number, end: number): Promise<WeightFeed | GpuFeed>;
  /** Rows `rows` of its first axis, in that order: always a small host array (embedding rows). */
  rows(name: string, rows: readonly number[]): Promise<WeightFeed>;
  /** Bytes held in host memory between calls (0 when streamed). */
  readonly heldBytes: number;
  /** Bytes held in GPU memory between calls (0 but for gpu-weights.ts). */
  readonly gpuBytes: number;
  /** Milliseconds spent reading and converting since the last `resetTiming`. */
  readonly readMs: number;
  resetTiming(): void;
  /** Frees what the source holds outside the garbage collector's reach (GPU buffers). */
  release(): void;
};

/** Times the reads of a source. */
export class ReadClock {
  ms = 0;
  async time<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.ms += performance.now() - started;
    }
  }
}

/** Reads and converts every tensor in `refs` now, and serves them from memory. */
export async function residentWeights(reader: TensorReader, refs: readonly TensorRef[], keep16: boolean): Promise<WeightSource> {
  const clock = new ReadClock();
  const held = new Map<string, WeightFeed>();
  for (const { name } of refs) {
    if (!held.has(name)) held.set(name, await clock.time(async () => weightFeed(name, await reader.read(name), keep16)));
  }
  const get = (name: string): WeightFeed => {
    const feed = held.get(name);
    if (feed === undefined) throw new Error(`resident weights: '${name}' was not loaded`);
    return feed;
  };
  return {
    mode: 'resident',
    tensor: async (name) => get(name),
    rowRange: async (name, start, end) => sliceRows(get(name), start, end),
    rows: async (name, rows) => gatherRows(get(name), rows),
    heldBytes: [...held.values()].reduce((sum, feed) => sum + feed.data.byteLength, 0),
    gpuBytes: 0,
    get readMs() {
      return clock.ms;
    },
    resetTiming: () => (clock.ms = 0),
    release: () => held.clear(),
  };
}

/** Reads what each request needs from the checkpoint, holding nothing. */
export function streamedWeights(reader: TensorReader, keep16: boolean): WeightSource {
  const clock = new ReadClock();
  const convert = (name: string, read: () => Promise<TensorBytes>) =>
    clock.time(async () => weightFeed(name, await read(), keep16));
  return {
    mode: 'streamed',
    tensor: (name) => convert(name, () => reader.read(name)),
    rowRange: (name, start, end) => convert(name, () => reader.readRows(name, start, end)),
    // one read per row, joined into one tensor before converting (so every row gets the same dtype)
    rows: (name, rows) =>
      convert(name, async () => {
        const parts = await Promise.all(rows.map((row) => reader.readRows(name, row, row + 1)));
        const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.bytes.length, 0));
        parts.reduce((at, part) => (bytes.set(part.bytes, at), at + part.bytes.length), 0);
        const { dtype, shape } = parts[0] ?? (await reader.readRows(name, 0, 0));
        return { dtype, shape: [rows.length, ...shape.slice(1)], bytes };
      }),
    heldBytes: 0,
    gpuBytes: 0,
    get readMs() {
      return clock.ms;
    },
    resetTiming: () => (clock.ms = 0),
    release: () => undefined,
  };
}
