// A checkpoint's linear weights through fake quantization (kernels/ops/quantize/): the quantization
// widget's model is the trained model with these weights in place of the originals.
//
// Only the blocks' linear layers are quantized, as GPTQ and bitsandbytes do by default (the
// quantization article says so): a 2-D tensor inside a numbered layer. The token embedding, the
// output head, the norms and every bias stay as they are.
import type { Checkpoint, TensorStore } from '../checkpoint/load.ts';
import { fakeQuantizeFeeds, fakeQuantizeGraph } from '../ops/quantize/graph.ts';
import type { GroupSize } from '../ops/quantize/groups.ts';
import type { Backend, Runtime } from '../runtime/runtime.ts';

export type QuantizeSetting = { readonly bits: number; readonly groupSize: GroupSize };

/** A block's linear weight [out, in]: two dimensions, and a layer number in its name (`layers.0.`, `h.1.`). */
export function isBlockLinear(name: string, shape: readonly number[]): boolean {
  return shape.length === 2 && /\.\d+\./.test(name);
}

export function blockLinearNames(tensors: TensorStore): string[] {
  return tensors.names().filter((name) => isBlockLinear(name, tensors.info(name).shape));
}

export type QuantizedWeights = {
  /** ŵ of every block linear weight, by tensor name. */
  readonly replaced: ReadonlyMap<string, Float32Array>;
  /** mean |w − ŵ| over those weights. */
  readonly meanAbsError: number;
  readonly backend: Backend;
  readonly runMs: number;
};

/**
 * Every block linear weight quantized and restored at `setting`. Groups run along each row, so the
 * matrices with the same row length are stacked and go through the graph in one run.
 */
export async function quantizeWeights(runtime: Runtime, tensors: TensorStore, setting: QuantizeSetting): Promise<QuantizedWeights> {
  const byRowLength = new Map<number, string[]>();
  for (const name of blockLinearNames(tensors)) {
    const cols = tensors.info(name).shape[1]!;
    byRowLength.set(cols, [...(byRowLength.get(cols) ?? []), name]);
  }
  const replaced = new Map<string, Float32Array>();
  let errorSum = 0;
  let count = 0;
  let runMs = 0;
  let backend: Backend = 'wasm';
  for (const [cols, names] of byRowLength) {
    const matrices = names.map((name) => tensors.get(name).data);
    const stacked = new Float32Array(matrices.reduce((n, m) => n + m.length, 0));
    let offset = 0;
    for (const m of matrices) {
      stacked.set(m, offset);
      offset += m.length;
    }
    const rows = stacked.length / cols;
    const result = await runtime.run(fakeQuantizeGraph(), fakeQuantizeFeeds(stacked, [rows, cols], setting.groupSize, setting.bits));
    const wHat = result.outputs['w_hat']!.data;
    runMs += result.runMs;
    backend = result.backend;
    for (let i = 0; i < stacked.length; i++) errorSum += Math.abs(stacked[i]! - wHat[i]!);
    count += stacked.length;
    offset = 0;
    names.forEach((name, k) => {
      replaced.set(name, wHat.slice(offset, offset + matrices[k]!.length));
      offset += matrices[k]!.length;
    });
  }
  return { replaced, meanAbsError: count === 0 ? 0 : errorSum / count, backend, runMs };
}

/** The checkpoint with `replaced` read in place of its own tensors of those names. */
export function withWeights(checkpoint: Checkpoint, replaced: ReadonlyMap<string, Float32Array>): Checkpoint {
  const own = checkpoint.tensors;
  return {
    config: checkpoint.config,
    tensors: {
      names: () => own.names(),
      has: (name) => own.has(name),
      info: (name) => own.info(name),
      get: (name) => {
        const data = replaced.get(name);
        return data === undefined ? own.get(name) : { shape: own.info(name).shape, data };
      },
    },
  };
}

/** mean |w − ŵ| at each of `bits` for one group size: the widget's chart of error against bits. */
export async function errorByBits(
  runtime: Runtime,
  tensors: TensorStore,
  groupSize: GroupSize,
  bits: readonly number[],
): Promise<{ readonly points: { readonly bits: number; readonly meanAbsError: number }[]; readonly runMs: number }> {
  const points = [];
  let runMs = 0;
  for (const b of bits) {
    const result = await quantizeWeights(runtime, tensors, { bits: b, groupSize });
    points.push({ bits: b, meanAbsError: result.meanAbsError });
    runMs += result.runMs;
  }
  return { points, runMs };
}
