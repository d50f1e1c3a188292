// Resident weights in GPU memory (WebGPU only). Fed as host arrays, every call would copy the whole
// model to the GPU again; uploaded once, when the runner opens, a call moves only activations:
//
//   layer tensors, final norm   one GPU tensor each, fed to every call
//   head matrix                 one GPU tensor per slice the runner feeds (`headSlices`): a whole
//                               [V, H] buffer can pass WebGPU's binding size limit (128 MiB by default)
//   embedding table             kept on the host: a call needs only its tokens' rows (a few KiB), and
//                               one [V, H] buffer would meet the same limit
//
// Each tensor is read, converted (weight-feeds.ts: 16-bit kept as float16 when `keep16`, which the
// runner sets only where the device computes in float16) and uploaded before the next is read, so
// the host never holds more than one tensor besides the embedding table.
import type { TensorReader } from '../../checkpoint/lazy.ts';
import type { GpuFeed, GpuTensor, Runtime } from '../../runtime/runtime.ts';
import type { TensorRef } from '../spec.ts';
import { gatherRows, sliceRows, weightFeed, type WeightFeed } from './weight-feeds.ts';
import { ReadClock, type WeightSource } from './weight-source.ts';

/** Where the two [V, H] tensors are, and the row ranges the head is fed in. */
export type VocabLayout = {
  readonly embed: string;
  readonly head: string;
  readonly headSlices: readonly (readonly [number, number])[];
};

const sliceKey = (start: number, end: number): string => `${start}:${end}`;

/**
 * Uploads every tensor of `refs` now; undefined when the runtime is not on WebGPU (the caller holds
 * the weights on the host instead), stops being on WebGPU before the last upload, or refuses a tensor
 * too large for one GPU buffer: then nothing stays uploaded.
 */
export async function gpuResidentWeights(
  runtime: Runtime,
  reader: TensorReader,
  refs: readonly TensorRef[],
  keep16: boolean,
  vocab: VocabLayout,
): Promise<WeightSource | undefined> {
  if ((await runtime.status()).backend !== 'webgpu') return undefined;
  const clock = new ReadClock();
  const read = (name: string): Promise<WeightFeed> => clock.time(async () => weightFeed(name, await reader.read(name), keep16));
  const embedding = await read(vocab.embed);
  const onGpu = new Map<string, GpuTensor>();
  const slices = new Map<string, GpuTensor>();
  const release = (): void => [...onGpu.values(), ...slices.values()].forEach((tensor) => tensor.dispose());
  const upload = async (feed: WeightFeed, into: Map<string, GpuTensor>, key: string): Promise<boolean> => {
    const tensor = await runtime.upload(feed);
    if (tensor !== undefined) into.set(key, tensor);
    return tensor !== undefined;
  };

  const headRows = (start: number, end: number): Promise<WeightFeed> =>
    vocab.head === vocab.embed
      ? Promise.resolve(sliceRows(embedding, start, end))
      : clock.time(async () => weightFeed(vocab.head, await reader.readRows(vocab.head, start, end), keep16));
  const uploadAll = async (): Promise<boolean> => {
    for (const [start, end] of vocab.headSlices) {
      if (!(await upload(await headRows(start, end), slices, sliceKey(start, end)))) return false;
    }
    for (const { name } of refs) {
      if (name === vocab.embed || name === vocab.head || onGpu.has(name)) continue;
      if (!(await upload(await read(name), onGpu, name))) return false;
    }
    return true;
  };
  let complete = false;
  try {
    complete = await uploadAll();
  } finally {
    if (!complete) release(); // the runtime left WebGPU, or a read failed: nothing half-uploaded stays
  }
  if (!complete) return undefined;

  const gpu = (tensor: GpuTensor | undefined, what: string): GpuFeed => {
    if (tensor === undefined) throw new Error(`GPU weights: ${what} was not uploaded`);
    return { type: 'gpu', tensor };
  };
  return {
    mode: 'resident',
    tensor: async (name) => gpu(onGpu.get(name), `'${name}'`),
    rowRange: async (name, start, end) => gpu(name === vocab.head ? slices.get(sliceKey(start, end)) : undefined, `'${name}' rows ${start}..${end}`),
    rows: async (name, rows) => {
      if (name !== vocab.embed) throw new Error(`GPU weights: rows are gathered from the embedding only, not '${name}'`);
      return gatherRows(embedding, rows);
    },
    heldBytes: embedding.data.byteLength,
    gpuBytes: [...onGpu.values(), ...slices.values()].reduce((sum, tensor) => sum + tensor.bytes, 0),
    get readMs() {
      return clock.ms;
    },
    resetTiming: () => (clock.ms = 0),
    release: () => {
      release();
      onGpu.clear();
      slices.clear();
    },
  };
}
