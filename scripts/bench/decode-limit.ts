// The decode limit of a machine: generating one token reads every weight once (one matrix-vector
// product per linear layer), so tokens/s can be no more than memory bandwidth ÷ weight bytes per
// token. A runner near that limit is memory-bound; one far below it loses its time elsewhere.
//
//   bytes per token = Σ bytes of every tensor the model reads − the embedding table when the head
//                     is untied (a decode step gathers one row of it; a tied head reads it whole)
//   limit           = bandwidth ÷ bytes per token                          [tokens/s]
//
// Bytes are counted as stored (BF16: 2 per weight), which is what a runner that keeps them 16-bit
// must at least read; widening them to float32 on the way only adds traffic.
import { dtypeBytes } from '../../kernels/checkpoint/safetensors.ts';
import type { TensorStore } from '../../kernels/checkpoint/load.ts';
import { requiredTensors, type ModelSpec } from '../../kernels/families/spec.ts';
import { median } from './types.ts';

/** A tensor as far as the count needs it: its name and its stored size. */
export type StoredTensor = { readonly name: string; readonly bytes: number };

/** Weight bytes one decode step reads: every tensor, less the embedding table an untied head leaves alone. */
export function weightBytesPerToken(tensors: readonly StoredTensor[], embedding: string, tiedHead: boolean): number {
  return tensors.reduce((sum, t) => sum + (t.name === embedding && !tiedHead ? 0 : t.bytes), 0);
}

/** Tokens per second no decoder can pass on this machine: bandwidth ÷ bytes read per token. */
export function decodeLimit(bytesPerToken: number, bandwidthBytesPerSecond: number): number {
  if (!(bytesPerToken > 0) || !(bandwidthBytesPerSecond > 0)) throw new Error('decode limit: bytes per token and bandwidth must be positive');
  return bandwidthBytesPerSecond / bytesPerToken;
}

/** The tensors `spec` reads, with their stored sizes from the checkpoint's headers. */
export function storedTensors(spec: ModelSpec, store: TensorStore): StoredTensor[] {
  return requiredTensors(spec.tensors).map(({ name }) => {
    const { dtype, shape } = store.info(name);
    return { name, bytes: shape.reduce((n, k) => n * k, 1) * dtypeBytes(dtype) };
  });
}

/**
 * Read bandwidth of one core, in bytes/s: the median of `samples` sums over a Float64Array of
 * `bytes` (far larger than the caches, so every pass comes from memory). One core, because the
 * runners measured beside it run ORT's WASM backend on one thread.
 */
export function measureReadBandwidth(bytes = 512 * 2 ** 20, samples = 7): number {
  const values = new Float64Array(bytes / 8);
  for (let i = 0; i < values.length; i++) values[i] = i & 7;
  const rates: number[] = [];
  let sink = 0;
  for (let s = 0; s < samples + 1; s++) {
    const started = performance.now();
    // four running sums, so the loop waits on loads rather than on one chain of additions
    let a = 0, b = 0, c = 0, d = 0;
    for (let i = 0; i < values.length; i += 4) {
      a += values[i]!;
      b += values[i + 1]!;
      c += values[i + 2]!;
      d += values[i + 3]!;
    }
    const sum = a + b + c + d;
    const seconds = (performance.now() - started) / 1000;
    sink += sum;
    if (s > 0) rates.push(bytes / seconds); // the first pass warms the JIT and faults the pages in
  }
  if (!Number.isFinite(sink)) throw new Error('bandwidth: the sum went wrong');
  return median(rates);
}
