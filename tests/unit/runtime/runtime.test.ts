// The runtime's control flow — backend choice, WebGPU → WASM fallback, session reuse and release,
// outputs kept on the GPU and GPU feeds after a fallback — against a stand-in for onnxruntime-web
// that records what it is asked to do. (The real ORT runs in every kernel test and, on both
// backends, in the Chromium parity and layered WebGPU tests.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ort } from '../../../kernels/runtime/runtime.ts';
import { GpuStateLost, GpuTensor, Runtime, type GraphSource } from '../../../kernels/runtime/runtime.ts';
import { SessionCache } from '../../../kernels/runtime/session-cache.ts';

type Behaviour = { createFails?: string; runFails?: string };

/** A fake ORT: sessions echo their input `x` as output `y`; WebGPU can be made to fail. */
function fakeOrt(webgpu: Behaviour = {}) {
  const log = {
    created: [] as string[],
    /** Each session's `preferredOutputLocation` option, in the order they were created. */
    outputLocations: [] as unknown[],
    released: [] as string[],
    runs: [] as string[],
    feeds: [] as unknown[],
    mostAtOnce: 0,
  };
  let running = 0;
  class Tensor {
    readonly type: string;
    readonly data: unknown;
    readonly dims: readonly number[];
    constructor(type: string, data: unknown, dims: readonly number[]) {
      this.type = type;
      this.data = data;
      this.dims = dims;
    }
    dispose(): void {}
  }
  const InferenceSession = {
    async create(_bytes: Uint8Array, options: { executionProviders: string[]; preferredOutputLocation?: unknown }) {
      const ep = options.executionProviders[0]!;
      if (ep === 'webgpu' && webgpu.createFails) throw new Error(webgpu.createFails);
      const name = `${ep}#${log.created.length}`;
      log.created.push(name);
      log.outputLocations.push(options.preferredOutputLocation);
      return {
        async run(feeds: Record<string, Tensor>) {
          log.runs.push(name);
          log.feeds.push(feeds);
          running += 1;
          log.mostAtOnce = Math.max(log.mostAtOnce, running);
          // A real run takes time: a second run asked meanwhile would overlap it here.
          await new Promise((resolve) => setTimeout(resolve, 2));
          running -= 1;
          if (ep === 'webgpu' && webgpu.runFails) throw new Error(webgpu.runFails);
          const x = feeds['x']!;
          return { y: new Tensor('float32', x.data, x.dims) };
        },
        async release() {
          log.released.push(name);
        },
      };
    },
  };
  return { ort: { Tensor, InferenceSession } as unknown as Ort, log };
}

const graph = (key: string): GraphSource => ({ key, build: () => new Uint8Array([1]) });
const feeds = { x: { type: 'float32' as const, data: Float32Array.from([1, 2, 3]), dims: [3] } };
const adapterFound = async () => undefined;

test('WebGPU runs when an adapter exists', async () => {
  const { ort, log } = fakeOrt();
  const result = await new Runtime(ort, { backend: 'auto', probeWebGpu: adapterFound }).run(graph('g'), feeds);
  assert.equal(result.backend, 'webgpu');
  assert.equal(result.fallbackReason, undefined);
  assert.deepEqual([...result.outputs['y']!.data], [1, 2, 3]);
  assert.deepEqual(log.created, ['webgpu#0']);
});

test('no adapter: WASM runs and the reason is reported', async () => {
  const { ort, log } = fakeOrt();
  const runtime = new Runtime(ort, { backend: 'auto', probeWebGpu: async () => 'no WebGPU adapter is available' });
  const result = await runtime.run(graph('g'), feeds);
  assert.equal(result.backend, 'wasm');
  assert.equal(result.fallbackReason, 'no WebGPU adapter is available');
  assert.deepEqual(await runtime.status(), { backend: 'wasm', fallbackReason: 'no WebGPU adapter is available' });
  assert.deepEqual(log.created, ['wasm#0']);
});

test('a WebGPU session that cannot start falls back to WASM, says why, and stays on WASM', async () => {
  const { ort, log } = fakeOrt({ createFails: 'Failed to get GPU adapter' });
  const runtime = new Runtime(ort, { backend: 'auto', probeWebGpu: adapterFound });
  const first = await runtime.run(graph('g'), feeds);
  assert.equal(first.backend, 'wasm');
  assert.match(first.fallbackReason ?? '', /WebGPU failed: Failed to get GPU adapter/);
  const second = await runtime.run(graph('h'), feeds);
  assert.equal(second.backend, 'wasm');
  assert.deepEqual(log.created, ['wasm#0', 'wasm#1']);
});

test('a device lost mid-run: the WebGPU sessions are released and the run is repeated on WASM', async () => {
  const { ort, log } = fakeOrt({ runFails: 'device lost' });
  const runtime = new Runtime(ort, { backend: 'auto', probeWebGpu: adapterFound });
  const result = await runtime.run(graph('g'), feeds);
  assert.equal(result.backend, 'wasm');
  assert.equal(result.fallbackReason, 'WebGPU failed: device lost');
  assert.deepEqual(log.runs, ['webgpu#0', 'wasm#1']);
  assert.deepEqual(log.released, ['webgpu#0']);
});

test('keepOnGpu on WebGPU is a session option: the same graph with and without it is two sessions', async () => {
  const { ort, log } = fakeOrt();
  const runtime = new Runtime(ort, { backend: 'auto', probeWebGpu: adapterFound });
  await runtime.run(graph('g'), feeds);
  await runtime.run(graph('g'), feeds, { keepOnGpu: ['y'] });
  await runtime.run(graph('g'), feeds, { keepOnGpu: ['y'] });
  assert.deepEqual(log.created, ['webgpu#0', 'webgpu#1']);
  assert.deepEqual(log.outputLocations, [undefined, { y: 'gpu-buffer' }]);
});

test('on WASM, keepOnGpu and upload keep everything on the host; halves can be fed', async () => {
  const { ort, log } = fakeOrt();
  const runtime = new Runtime(ort, { backend: 'wasm', probeWebGpu: adapterFound });
  const result = await runtime.run(graph('g'), feeds, { keepOnGpu: ['y'] });
  assert.deepEqual([...result.outputs['y']!.data], [1, 2, 3]);
  assert.deepEqual(result.gpuOutputs, {});
  assert.deepEqual(log.outputLocations, [undefined]);
  assert.equal(await runtime.upload(feeds.x), undefined);
  assert.deepEqual(runtime.uploads, { count: 0, bytes: 0 });
  assert.equal(await runtime.canFeedHalves(), true);
});

test('after a fallback to WASM, a run fed a GPU tensor throws GpuStateLost instead of running', async () => {
  const { ort, log } = fakeOrt({ runFails: 'device lost' });
  const runtime = new Runtime(ort, { backend: 'auto', probeWebGpu: adapterFound });
  assert.equal((await runtime.run(graph('g'), feeds)).backend, 'wasm');
  const onGpu = { location: 'gpu-buffer', type: 'float32', dims: [3], dispose: () => undefined };
  const tensor = new GpuTensor(onGpu as unknown as ConstructorParameters<typeof GpuTensor>[0]);
  await assert.rejects(runtime.run(graph('h'), { x: { type: 'gpu', tensor } }), GpuStateLost);
  assert.deepEqual(log.runs, ['webgpu#0', 'wasm#1']);
});

test('pinned to WASM: WebGPU is never probed or tried', async () => {
  const { ort, log } = fakeOrt();
  let probed = false;
  const runtime = new Runtime(ort, { backend: 'wasm', probeWebGpu: async () => ((probed = true), undefined) });
  assert.equal((await runtime.run(graph('g'), feeds)).backend, 'wasm');
  assert.equal(probed, false);
  assert.deepEqual(log.created, ['wasm#0']);
});

test('a session is built once per graph key and reused', async () => {
  const { ort, log } = fakeOrt();
  const runtime = new Runtime(ort, { backend: 'wasm', probeWebGpu: adapterFound });
  await runtime.run(graph('a'), feeds);
  await runtime.run(graph('a'), feeds);
  await runtime.run(graph('b'), feeds);
  assert.deepEqual(log.created, ['wasm#0', 'wasm#1']);
  assert.deepEqual(log.runs, ['wasm#0', 'wasm#0', 'wasm#1']);
});

test('int64 feeds reach ORT as BigInt64Array', async () => {
  const { ort, log } = fakeOrt();
  const runtime = new Runtime(ort, { backend: 'wasm', probeWebGpu: adapterFound });
  await runtime.run(graph('a'), { ...feeds, ids: { type: 'int64', data: [3, 1, 4], dims: [3] } });
  const ids = (log.feeds[0] as Record<string, { data: unknown }>)['ids']!.data;
  assert.ok(ids instanceof BigInt64Array);
  assert.deepEqual([...(ids as BigInt64Array)], [3n, 1n, 4n]);
});

test('session cache: over capacity, the least recently used session is released; a failed build is forgotten', async () => {
  const released: string[] = [];
  const cache = new SessionCache<{ release(): Promise<void> }>(2);
  const make = (name: string) => async () => ({ release: async () => void released.push(name) });
  await cache.get('a', make('a'));
  await cache.get('b', make('b'));
  await cache.get('a', make('a-again'));
  await cache.get('c', make('c'));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(released, ['b']);
  assert.equal(cache.size, 2);

  await assert.rejects(cache.get('broken', async () => Promise.reject(new Error('bad graph'))), /bad graph/);
  await new Promise((resolve) => setTimeout(resolve, 0));
  let rebuilt = false;
  await cache.get('broken', async () => ((rebuilt = true), { release: async () => {} }));
  assert.ok(rebuilt, 'a failed build is not cached');
});

test('runs asked at once run one after another, in the order asked; a failing run does not block the next', async () => {
  const { ort, log } = fakeOrt();
  const runtime = new Runtime(ort, { backend: 'wasm', probeWebGpu: adapterFound });
  const bad = { x: { type: 'float32' as const, data: Float32Array.from([1]), dims: [2] } };
  const results = await Promise.allSettled([
    runtime.run(graph('a'), feeds),
    runtime.run(graph('b'), feeds),
    runtime.run({ key: 'broken', build: () => { throw new Error('no graph'); } }, bad),
    runtime.run(graph('a'), feeds),
  ]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  assert.equal(log.mostAtOnce, 1);
  assert.deepEqual(log.runs, ['wasm#0', 'wasm#1', 'wasm#0']);
});
