// Checkpoint tensors as feeds for the weight inputs of graph-layers.ts.
//
//   stored   fed as (keep16, the default)            fed as (keep16 false)
//   F32      float32, as stored                      float32
//   F16      float16, as stored                      float32
//   BF16     float16, or float32 if a value > 65504  float32
//
// Kept 16-bit, a model's weights take half the memory, and the graph casts each one to float32 as it
// reads it, so the arithmetic is the float32 arithmetic of the whole-model graph (measured on the
// synthetic Qwen2.5-0.5B in WASM: 942 MiB held instead of 1,885 MiB; the Cast costs time on every
// call, see BENCHMARKS.md). Why BF16 becomes F16 and not BF16 fed as it is: onnxruntime-web's
// JavaScript Tensor has no bfloat16 type, so a bfloat16 input cannot be fed at all, while float16
// inputs and their Cast run on WASM. ORT's WebGPU kernels take float16 only on a device with
// 'shader-f16'; SwiftShader has none and they refuse it there, so the layered runner feeds float32
// on such a device (Runtime.canFeedHalves; a device with it has not been at hand to try). F16 rather
// than F32, because it keeps the memory saving; the conversion is exact for every value in half's
// normal range and moves the tiny ones by at most 2^-25 (float-formats.ts), and a tensor
// holding a value half cannot represent at all goes in as float32.
import { CheckpointError } from '../../checkpoint/errors.ts';
import { bf16ToF16, decodeBF16, decodeF16 } from '../../checkpoint/float-formats.ts';
import type { TensorBytes } from '../../checkpoint/lazy.ts';
import type { Feed } from '../../runtime/runtime.ts';
import type { WeightDtype } from './graph-weights.ts';

export type WeightFeed = Extract<Feed, { type: WeightDtype }>;

/** The bytes as a typed array; copied only when they do not start at a multiple of the element size. */
function view<A>(bytes: Uint8Array, size: number, make: (buffer: ArrayBufferLike, offset: number, length: number) => A): A {
  const aligned = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  return make(aligned.buffer, aligned.byteOffset, aligned.byteLength / size);
}

const halvesOf = (bytes: Uint8Array): Uint16Array => view(bytes, 2, (b, o, n) => new Uint16Array(b, o, n));
const floatsOf = (bytes: Uint8Array): Float32Array => view(bytes, 4, (b, o, n) => new Float32Array(b, o, n));

export function weightFeed(name: string, tensor: TensorBytes, keep16: boolean): WeightFeed {
  const dims = tensor.shape;
  const float32 = (data: Float32Array): WeightFeed => ({
    type: 'float32',
    data,
    dims,
  });
  const float16 = (data: Uint16Array): WeightFeed => ({
    type: 'float16',
    data,
    dims,
  });
  switch (tensor.dtype) {
    case 'F32':
      return float32(floatsOf(tensor.bytes));
    case 'F16':
      return keep16 ? float16(halvesOf(tensor.bytes)) : float32(decodeF16(halvesOf(tensor.bytes)));
    case 'BF16': {
      const halves = halvesOf(tensor.bytes);
      const converted = keep16 ? bf16ToF16(halves) : null;
      return converted === null ? float32(decodeBF16(halves)) : float16(converted);
    }
    default:
      throw new CheckpointError(`tensor '${name}' has dtype ${tensor.dtype}; weights must be F32, F16 or BF16`);
  }
}

/** Values per row of the first axis. */
const rowLength = (feed: WeightFeed): number => feed.dims.slice(1).reduce((a, b) => a * b, 1);

/** Rows [start, end) of the first axis, as a view (nothing copied). */
export function sliceRows(feed: WeightFeed, start: number, end: number): WeightFeed {
  const n = rowLength(feed);
  const dims = [end - start, ...feed.dims.slice(1)];
  return feed.type === 'float16'
    ? { type: 'float16', data: feed.data.subarray(start * n, end * n), dims }
    : { type: 'float32', data: feed.data.subarray(start * n, end * n), dims };
}

/** Rows `rows` of the first axis, in that order, copied side by side: [rows.length, ...the rest]. */
export function gatherRows(feed: WeightFeed, rows: readonly number[]): WeightFeed {
  const n = rowLength(feed);
  const dims = [rows.length, ...feed.dims.slice(1)];
  const copy = <A extends Uint16Array | Float32Array>(data: A, out: A): A => {
    rows.forEach((row, i) => out.set(data.subarray(row * n, (row + 1) * n), i * n));
    return out;
  };
  return feed.type === 'float16'
    ? { type: 'float16', data: copy(feed.data, new Uint16Array(rows.length * n)), dims }
    : { type: 'float32', data: copy(feed.data, new Float32Array(rows.length * n)), dims };
}
