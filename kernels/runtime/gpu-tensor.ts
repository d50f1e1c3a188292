// Tensors that live in GPU memory on the WebGPU backend, and how a weight gets there.
//
// Feeding ORT a CPU array copies it to the GPU on every run. A model's weights do not change between
// runs, and a layer's KV cache is needed only by the next run of that layer, so both can stay on the
// GPU: the weights uploaded once (`uploadToGpu`), the cache left on the GPU by ORT
// (`preferredOutputLocation: 'gpu-buffer'`, `adoptGpuOutput`) and fed back as it is. Every GpuTensor
// sits in a buffer of its own that only its holder frees. Only runtime.ts makes these; the rest of
// the code holds them as opaque handles, feeds them and disposes them.
import type * as OrtModule from 'onnxruntime-web';

/** Element types a GPU tensor holds: float16 only where the device computes in it ('shader-f16'). */
export type GpuDtype = 'float32' | 'float16';

/**
 * A tensor in GPU memory, owned by whoever holds it: `dispose()` frees the buffer once nothing will
 * feed it again. Good only while the runtime that made it stays on WebGPU (see `GpuStateLost`).
 */
export class GpuTensor {
  readonly dtype: GpuDtype;
  readonly dims: readonly number[];
  /** The ORT tensor over the buffer: read by runtime.ts only. */
  readonly ortTensor: OrtModule.Tensor;
  private disposed = false;

  constructor(ortTensor: OrtModule.Tensor) {
    if (ortTensor.location !== 'gpu-buffer') throw new Error(`a GpuTensor needs a 'gpu-buffer' tensor, not '${ortTensor.location}'`);
    if (ortTensor.type !== 'float32' && ortTensor.type !== 'float16') throw new Error(`a GpuTensor holds floats, not ${ortTensor.type}`);
    this.ortTensor = ortTensor;
    this.dtype = ortTensor.type;
    this.dims = ortTensor.dims;
  }

  /** Where ORT sees the data: always 'gpu-buffer' (tests check that a feed really was one). */
  get location(): OrtModule.Tensor.DataLocation {
    return this.ortTensor.location;
  }

  get bytes(): number {
    return this.dims.reduce((a, b) => a * b, 1) * (this.dtype === 'float16' ? 2 : 4);
  }

  /** Frees the GPU buffer; a second call does nothing. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ortTensor.dispose();
  }
}

/**
 * Thrown by a run fed a GpuTensor when the runtime is no longer on WebGPU (the device was lost and
 * the runtime fell back to WASM): GPU tensors cannot be fed to WASM, so whoever holds them must
 * rebuild its state on the host (layered-runner.ts re-reads its weights and replays the sequence).
 */
export class GpuStateLost extends Error {
  constructor(reason: string) {
    super(`GPU-resident tensors are gone: ${reason}`);
    this.name = 'GpuStateLost';
  }
}

/** A host array to upload: float32, or float16 bit patterns. */
export type HostFloats =
  | { readonly type: 'float32'; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly type: 'float16'; readonly data: Uint16Array; readonly dims: readonly number[] };

/**
 * Copies `feed` into a new buffer on `device` (ORT's own: ORT can only bind buffers of the device it
 * runs on), in the feed's own element type. Float16 needs a device with 'shader-f16' (SwiftShader and
 * some older GPUs have none; their callers widen weights to float32 before, see Runtime.canFeedHalves).
 */
export function uploadToGpu(ort: typeof OrtModule, device: GPUDevice, feed: HostFloats): GpuTensor {
  if (feed.type === 'float16' && !device.features.has('shader-f16')) {
    throw new Error("uploadToGpu: a float16 tensor for a device without 'shader-f16'; widen it to float32 first");
  }
  const { data } = feed;
  // writeBuffer copies whole 4-byte words: an odd count of halves is padded by one.
  const size = Math.ceil(data.byteLength / 4) * 4;
  const buffer = device.createBuffer({ size, usage: BUFFER_USAGE });
  const words = size === data.byteLength ? data : padded(data, size);
  device.queue.writeBuffer(buffer, 0, words.buffer, words.byteOffset, size);
  const tensor = ort.Tensor.fromGpuBuffer(buffer, {
    dataType: feed.type,
    dims: feed.dims,
    dispose: () => buffer.destroy(),
  });
  return new GpuTensor(tensor);
}

/**
 * STORAGE | COPY_SRC | COPY_DST, what ORT's own tensor buffers carry (bound by its kernels, copied
 * in and out). The flag values of the WebGPU spec, written out because TypeScript's DOM types do not
 * declare the GPUBufferUsage constants.
 */
const BUFFER_USAGE = 0x0080 | 0x0004 | 0x0008;

/**
 * A run's output that ORT left on the GPU, copied (GPU to GPU) into a buffer of our own, the ORT
 * tensor disposed at once. An ORT output tensor belongs to the session that made it: disposed after
 * that session was released (the session cache evicts the least recently used, and drops them all
 * on a fallback to WASM), it crashes ORT's WASM module ("null function" in _OrtReleaseTensor). The
 * copy, [m, P+T, d] per cache tensor, makes the tensor's lifetime its holder's alone.
 */
export function adoptGpuOutput(ort: typeof OrtModule, device: GPUDevice, output: OrtModule.Tensor): GpuTensor {
  if (output.type !== 'float32' && output.type !== 'float16') throw new Error(`a GpuTensor holds floats, not ${output.type}`);
  const size = Math.ceil((output.size * (output.type === 'float16' ? 2 : 4)) / 4) * 4;
  const buffer = device.createBuffer({ size, usage: BUFFER_USAGE });
  const encoder = device.createCommandEncoder();
  // ORT has submitted the commands that wrote the output; the queue runs this copy after them.
  encoder.copyBufferToBuffer(output.gpuBuffer as GPUBuffer, 0, buffer, 0, size);
  device.queue.submit([encoder.finish()]);
  output.dispose();
  return new GpuTensor(ort.Tensor.fromGpuBuffer(buffer, { dataType: output.type, dims: output.dims, dispose: () => buffer.destroy() }));
}

function padded(data: Uint16Array | Float32Array, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return bytes;
}
