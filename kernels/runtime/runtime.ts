// The one place that runs ONNX graphs: picks the backend, caches sessions, converts tensors.
//
// Kernels build graphs as bytes; widgets and the CLI call `runtime.run(graph, feeds)`. The runtime
// tries WebGPU when an adapter exists and falls back to WASM when WebGPU cannot start or fails
// mid-run (device lost); every result says which backend produced it, and why a fallback happened.
//
// On WebGPU a caller may keep tensors on the GPU between runs (gpu-tensor.ts): weights uploaded once
// (`upload`) and outputs left where ORT wrote them (`RunOptions.keepOnGpu`), both fed back as
// `{ type: 'gpu' }` feeds. On WASM the same calls keep everything on the host, so callers need one
// code path: `upload` answers undefined and kept outputs come back in `outputs` like the rest.
import type * as OrtModule from 'onnxruntime-web';
import { SessionCache } from './session-cache.ts';
import type { Tensor32 } from '../tensor.ts';
import { reportLoadProgress } from './progress.ts';
import { adoptGpuOutput, GpuStateLost, GpuTensor, uploadToGpu, type HostFloats } from './gpu-tensor.ts';
import { graphSource } from '../onnx/graph-source.ts';

export { GpuStateLost, GpuTensor } from './gpu-tensor.ts';

export type Ort = typeof OrtModule;
export type Backend = 'webgpu' | 'wasm';

/** A graph to run: a cache key naming its structure and static shapes, and how to build it. */
export type GraphSource = { readonly key: string; build(): Uint8Array };

/**
 * Inputs by name. Floats go in as float32, or as float16 bit patterns for weights kept 16-bit (the
 * graph casts them); integer ids and positions as int64; a tensor already on the GPU as 'gpu' (its
 * element type is `tensor.dtype`; WebGPU only).
 */
export type Feed =
  | HostFloats
  | { readonly type: 'int64'; readonly data: readonly number[] | BigInt64Array; readonly dims: readonly number[] }
  | { readonly type: 'gpu'; readonly tensor: GpuTensor };

export type GpuFeed = Extract<Feed, { type: 'gpu' }>;

export type RunOptions = {
  /**
   * Outputs to leave on the GPU, returned in `gpuOutputs` and owned by the caller, when the run is on
   * WebGPU; on WASM they come back in `outputs` like the others.
   */
  readonly keepOnGpu?: readonly string[];
};

export type RunResult = {
  readonly outputs: Record<string, Tensor32>;
  /** The outputs named in `keepOnGpu`, when they stayed on the GPU (WebGPU); empty on WASM. */
  readonly gpuOutputs: Record<string, GpuTensor>;
  readonly backend: Backend;
  /** Why WebGPU was not used, when it was wanted but WASM ran. */
  readonly fallbackReason: string | undefined;
  /** Milliseconds spent in `session.run` (not building the session). */
  readonly runMs: number;
  /** Milliseconds spent creating the session; 0 when it came from the cache. */
  readonly buildMs: number;
};

export type RuntimeOptions = {
  /** 'auto' tries WebGPU first; 'wasm' never does (parity tests and Node). */
  readonly backend: 'auto' | 'wasm';
  /** Resolves to why WebGPU is unusable here, or undefined when an adapter exists. */
  readonly probeWebGpu: () => Promise<string | undefined>;
  readonly sessionCapacity?: number;
};

export class Runtime {
  private backend: Backend = 'wasm';
  private fallbackReason: string | undefined;
  private readonly ready: Promise<void>;
  private readonly sessions: SessionCache<OrtModule.InferenceSession>;
  private readonly ort: Ort;
  /** The last run asked for; the next one starts when it has settled. */
  private queue: Promise<unknown> = Promise.resolve();
  private uploaded = { count: 0, bytes: 0 };

  constructor(ort: Ort, options: RuntimeOptions) {
    this.ort = ort;
    this.sessions = new SessionCache(options.sessionCapacity ?? 16);
    this.ready =
      options.backend === 'wasm'
        ? Promise.resolve()
        : options.probeWebGpu().then((reason) => {
            if (reason === undefined) this.backend = 'webgpu';
            else this.fallbackReason = reason;
          });
  }

  /** The backend the next run will try, and why it is not WebGPU (if so). */
  async status(): Promise<{ backend: Backend; fallbackReason: string | undefined }> {
    await this.ready;
    return { backend: this.backend, fallbackReason: this.fallbackReason };
  }

  /**
   * Runs `graph` on `feeds`, after every run asked for before it. ORT must not run two sessions at
   * once (on WASM an overlapping run fails inside ORT with a null output), and two widgets on a
   * page, or two charts of one widget, ask independently.
   */
  run(graph: GraphSource, feeds: Record<string, Feed>, options: RunOptions = {}): Promise<RunResult> {
    return this.enqueue(() => this.runNow(graph, feeds, options));
  }

  /**
   * Whether graphs may take float16 inputs: always on WASM (ORT runs the Cast on the CPU); on WebGPU
   * only where ORT's device has 'shader-f16', since without it ORT's WebGPU kernels refuse float16
   * outright (SwiftShader: "Program Gather requires f16 but the device does not support it").
   */
  canFeedHalves(): Promise<boolean> {
    return this.enqueue(async () => {
      const device = await this.webGpuDevice();
      return device === undefined || device.features.has('shader-f16');
    });
  }

  /**
   * `feed` copied into GPU memory, once, to be fed to any number of runs; undefined when the runtime
   * is not on WebGPU, or the tensor is larger than the device lets one buffer be or one kernel bind
   * (the caller keeps feeding the host array). Float16 only where `canFeedHalves`.
   */
  upload(feed: HostFloats): Promise<GpuTensor | undefined> {
    return this.enqueue(async () => {
      const device = await this.webGpuDevice();
      if (device === undefined) return undefined;
      if (feed.data.byteLength > Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize)) return undefined;
      const tensor = uploadToGpu(this.ort, device, feed);
      this.uploaded = { count: this.uploaded.count + 1, bytes: this.uploaded.bytes + tensor.bytes };
      return tensor;
    });
  }

  /** How many tensors `upload` has copied to the GPU, and their bytes (for tests and the bench). */
  get uploads(): { readonly count: number; readonly bytes: number } {
    return this.uploaded;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(graph: GraphSource, feeds: Record<string, Feed>, options: RunOptions): Promise<RunResult> {
    await this.ready;
    try {
      return await this.runOn(this.backend, graph, feeds, options);
    } catch (error) {
      if (this.backend !== 'webgpu' || error instanceof GpuStateLost) throw error;
      await this.fallBackToWasm(`WebGPU failed: ${messageOf(error)}`);
      return this.runOn('wasm', graph, feeds, options);
    }
  }

  /**
   * ORT's WebGPU device, or undefined when the runtime is not (or no longer) on WebGPU. ORT creates
   * the device with its first WebGPU session and publishes it as `env.webgpu.device`; before any
   * session exists, a one-node session makes it (buffers must be made on ORT's device, or ORT cannot
   * bind them). If that session fails, WebGPU is unusable here: the runtime falls back to WASM.
   */
  private async webGpuDevice(): Promise<GPUDevice | undefined> {
    await this.ready;
    if (this.backend !== 'webgpu') return undefined;
    try {
      const published = this.ort.env.webgpu as { device?: unknown };
      if (published.device === undefined) {
        await this.runOn('webgpu', DEVICE_WARM_UP, { x: { type: 'float32', data: new Float32Array(1), dims: [1] } }, {});
      }
      return await this.publishedDevice();
    } catch (error) {
      await this.fallBackToWasm(`WebGPU failed: ${messageOf(error)}`);
      return undefined;
    }
  }

  /** The device ORT published with its first WebGPU session (a session must exist). */
  private async publishedDevice(): Promise<GPUDevice> {
    // Typed as a promise; this build of ORT sets a plain GPUDevice once it has one, undefined before.
    const device = await (this.ort.env.webgpu.device as Promise<GPUDevice | undefined>);
    if (device === undefined) throw new Error('ORT runs a WebGPU session but published no device');
    return device;
  }

  private async fallBackToWasm(reason: string): Promise<void> {
    this.backend = 'wasm';
    this.fallbackReason = reason;
    await this.sessions.clear();
  }

  private async runOn(backend: Backend, graph: GraphSource, feeds: Record<string, Feed>, options: RunOptions): Promise<RunResult> {
    if (backend !== 'webgpu' && Object.values(feeds).some((feed) => feed.type === 'gpu')) {
      throw new GpuStateLost(`the runtime now runs on ${backend} (${this.fallbackReason ?? 'WebGPU unavailable'})`);
    }
    // Where outputs go is a session option, so a graph kept partly on the GPU is a session of its own.
    const kept = backend === 'webgpu' ? (options.keepOnGpu ?? []) : [];
    const preferredOutputLocation = Object.fromEntries(kept.map((name) => [name, 'gpu-buffer' as const]));
    let buildMs = 0;
    const session = await this.sessions.get(`${backend}|${graph.key}|gpu-out:${kept.join(',')}`, async () => {
      reportLoadProgress({ stage: 'session' });
      const started = performance.now();
      // Severity 3 (errors only): at its default, warning, ORT reports through console.error that it
      // keeps shape ops on the CPU under WebGPU, which is expected and would read as a page error.
      const created = await this.ort.InferenceSession.create(graph.build(), {
        executionProviders: [backend],
        logSeverityLevel: 3,
        ...(kept.length > 0 && { preferredOutputLocation }),
      });
      buildMs = performance.now() - started;
      return created;
    });
    const ortFeeds: Record<string, OrtModule.Tensor> = {};
    for (const [name, feed] of Object.entries(feeds)) ortFeeds[name] = this.toOrtTensor(feed);
    const started = performance.now();
    const results = await session.run(ortFeeds);
    const runMs = performance.now() - started;
    const outputs: Record<string, Tensor32> = {};
    const gpuOutputs: Record<string, GpuTensor> = {};
    for (const [name, value] of Object.entries(results)) {
      if (value.type !== 'float32') throw new Error(`output '${name}' is ${value.type}; kernels return float32`);
      if (value.location === 'gpu-buffer') {
        gpuOutputs[name] = adoptGpuOutput(this.ort, await this.publishedDevice(), value);
        continue;
      }
      outputs[name] = { data: value.data as Float32Array, shape: [...value.dims] };
      value.dispose();
    }
    return { outputs, gpuOutputs, backend, fallbackReason: this.fallbackReason, runMs, buildMs };
  }

  private toOrtTensor(feed: Feed): OrtModule.Tensor {
    if (feed.type === 'gpu') return feed.tensor.ortTensor;
    if (feed.type === 'float32') return new this.ort.Tensor('float32', feed.data, feed.dims);
    if (feed.type === 'float16') return new this.ort.Tensor('float16', feed.data, feed.dims);
    const ints = feed.data instanceof BigInt64Array ? feed.data : BigInt64Array.from(feed.data, (n) => BigInt(n));
    return new this.ort.Tensor('int64', ints, feed.dims);
  }
}

/** Frees a feed's GPU buffer, if it has one (host arrays are left to the garbage collector). */
export function disposeFeed(feed: Feed): void {
  if (feed.type === 'gpu') feed.tensor.dispose();
}

/** x → y: the smallest graph, run once so that ORT creates its WebGPU device (see `webGpuDevice`). */
const DEVICE_WARM_UP: GraphSource = graphSource('device-warm-up', (g) => {
  g.output(g.op('Identity', [g.input('x', 'float32', [1])]), 'y', 'float32', [1]);
});

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
