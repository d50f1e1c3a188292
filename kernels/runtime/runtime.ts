// The one place that runs ONNX graphs: picks the backend, caches sessions, converts tensors.
//
// Kernels build graphs as bytes; widgets and the CLI call `runtime.run(graph, feeds)`. The runtime
// tries WebGPU when an adapter exists and falls back to WASM when WebGPU cannot start or fails
// mid-run (device lost); every result says which backend produced it, and why a fallback happened.
import type * as OrtModule from 'onnxruntime-web';
import { SessionCache } from './session-cache.ts';
import type { Tensor32 } from '../tensor.ts';
import { reportLoadProgress } from './progress.ts';

export type Ort = typeof OrtModule;
export type Backend = 'webgpu' | 'wasm';

/** A graph to run: a cache key naming its structure and static shapes, and how to build it. */
export type GraphSource = { readonly key: string; build(): Uint8Array };

/**
 * Inputs by name. Floats go in as float32, or as float16 bit patterns for weights kept 16-bit (the
 * graph casts them); integer ids and positions as int64.
 */
export type Feed =
  | { readonly type: 'float32'; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly type: 'float16'; readonly data: Uint16Array; readonly dims: readonly number[] }
  | { readonly type: 'int64'; readonly data: readonly number[] | BigInt64Array; readonly dims: readonly number[] };

export type RunResult = {
  readonly outputs: Record<string, Tensor32>;
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
  run(graph: GraphSource, feeds: Record<string, Feed>): Promise<RunResult> {
    const result = this.queue.then(() => this.runNow(graph, feeds));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(graph: GraphSource, feeds: Record<string, Feed>): Promise<RunResult> {
    await this.ready;
    try {
      return await this.runOn(this.backend, graph, feeds);
    } catch (error) {
      if (this.backend !== 'webgpu') throw error;
      await this.fallBackToWasm(`WebGPU failed: ${messageOf(error)}`);
      return this.runOn('wasm', graph, feeds);
    }
  }

  private async fallBackToWasm(reason: string): Promise<void> {
    this.backend = 'wasm';
    this.fallbackReason = reason;
    await this.sessions.clear();
  }

  private async runOn(backend: Backend, graph: GraphSource, feeds: Record<string, Feed>): Promise<RunResult> {
    let buildMs = 0;
    const session = await this.sessions.get(`${backend}|${graph.key}`, async () => {
      reportLoadProgress({ stage: 'session' });
      const started = performance.now();
      // Severity 3 (errors only): at its default, warning, ORT reports through console.error that it
      // keeps shape ops on the CPU under WebGPU, which is expected and would read as a page error.
      const created = await this.ort.InferenceSession.create(graph.build(), { executionProviders: [backend], logSeverityLevel: 3 });
      buildMs = performance.now() - started;
      return created;
    });
    const ortFeeds: Record<string, OrtModule.Tensor> = {};
    for (const [name, feed] of Object.entries(feeds)) ortFeeds[name] = this.toOrtTensor(feed);
    const started = performance.now();
    const results = await session.run(ortFeeds);
    const runMs = performance.now() - started;
    const outputs: Record<string, Tensor32> = {};
    for (const [name, value] of Object.entries(results)) {
      if (value.type !== 'float32') throw new Error(`output '${name}' is ${value.type}; kernels return float32`);
      outputs[name] = { data: value.data as Float32Array, shape: [...value.dims] };
      value.dispose();
    }
    return { outputs, backend, fallbackReason: this.fallbackReason, runMs, buildMs };
  }

  private toOrtTensor(feed: Feed): OrtModule.Tensor {
    if (feed.type === 'float32') return new this.ort.Tensor('float32', feed.data, feed.dims);
    if (feed.type === 'float16') return new this.ort.Tensor('float16', feed.data, feed.dims);
    const ints = feed.data instanceof BigInt64Array ? feed.data : BigInt64Array.from(feed.data, (n) => BigInt(n));
    return new this.ort.Tensor('int64', ints, feed.dims);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
