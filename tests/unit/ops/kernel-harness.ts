// Shared helpers for kernel tests: random tensors, feeds built from tensors, one WASM runtime per
// test file, and the |Δ| check against a float64 reference.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';
import type { Feed, GraphSource } from '../../../kernels/runtime/runtime.ts';
import { normals, seededRandom, type Random } from '../../../kernels/random.ts';
import { maxAbsDiff, tensor, type Tensor, type Tensor32 } from '../../../kernels/tensor.ts';

/** The tolerance of every graph-vs-reference check: float32 graph against float64 math. */
export const TOLERANCE = 1e-4;

const runtime = nodeRuntime();

/** Runs a graph on ORT's WASM backend and returns its outputs by name. */
export async function runGraph(graph: GraphSource, feeds: Record<string, Feed>): Promise<Record<string, Tensor32>> {
  return (await runtime.run(graph, feeds)).outputs;
}

/** Runs a graph and returns the one output called `name` (throws if it is missing). */
export async function runOutput(graph: GraphSource, feeds: Record<string, Feed>, name = 'y'): Promise<Tensor32> {
  const outputs = await runGraph(graph, feeds);
  const out = outputs[name];
  if (!out) throw new Error(`graph ${graph.key} has no output '${name}' (got ${Object.keys(outputs).join(', ')})`);
  return out;
}

/** A float32 feed holding a float64 tensor (rounded to float32, as the graph will see it). */
export function floatFeed(t: Tensor): Feed {
  return { type: 'float32', data: Float32Array.from(t.data), dims: [...t.shape] };
}

/** An int64 feed (token ids, positions); 1-D unless `dims` says otherwise. */
export function int64Feed(values: readonly number[], dims: readonly number[] = [values.length]): Feed {
  return { type: 'int64', data: values, dims };
}

/**
 * A random normal tensor, values already rounded to float32 so that the reference and the graph
 * start from exactly the same numbers.
 */
export function randomTensor<Dims extends readonly string[]>(
  random: Random,
  shape: { readonly [K in keyof Dims]: number },
  scale = 1,
): Tensor<Dims> {
  const count = (shape as readonly number[]).reduce((a, b) => a * b, 1);
  return tensor<Dims>(Float64Array.from(normals(random, count, scale), Math.fround), shape);
}

/** Asserts max |actual − expected| ≤ tolerance, naming the graph and the shape on failure. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  tolerance = TOLERANCE,
): void {
  const diff = maxAbsDiff(actual, expected);
  assert.ok(diff <= tolerance, `${what}: max |Δ| = ${diff} > ${tolerance}`);
}

/** A seed for `seededRandom`: fast-check shrinks the seed, we draw the data from it. */
export const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

export { fc, seededRandom };

/** Runs an async property `numRuns` times (few by default: each run is a WASM session call). */
export async function checkProperty<T>(
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  numRuns = 30,
): Promise<void> {
  await fc.assert(fc.asyncProperty(arb, predicate), { numRuns });
}
