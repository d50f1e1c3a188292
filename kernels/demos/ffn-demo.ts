// What the activations widget computes: the curves of ReLU, GELU (tanh form) and SiLU over a range
// of z, and SwiGLU's gated product silu(z)·up, where z is the gate projection's output (x·W_gate)
// and up the up projection's (x·W_up) in one channel. The reader picks a point z₀ and an up value;
// the curves are sampled on a fixed grid plus that point, so the marked values are computed by the
// same graph as the curves.
//
//   const result = await runActivations(runtime, { point: 1, up: 2 });
//   result.curves.silu[i]   // silu(result.z[i]);  result.at.gated = silu(1)·2 ≈ 1.462
import { activationsGraph } from '../ops/ffn/graph.ts';
import { geluTanh, relu, silu } from '../ops/ffn/reference.ts';
import type { Backend, Runtime } from '../runtime/runtime.ts';

/** The z range the curves cover, and how many grid points sample it. */
export const ACTIVATIONS_DEMO = { zMin: -6, zMax: 6, gridPoints: 121, upMin: -4, upMax: 4 } as const;

export const ACTIVATIONS = ['relu', 'gelu', 'silu', 'gated'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export type ActivationsRequest = {
  /** The marked point z₀ on the x axis (gate pre-activation). */
  readonly point: number;
  /** The up projection's value that multiplies silu(z) in the gated product. */
  readonly up: number;
};

export type ActivationValues = Readonly<Record<Activation, number>>;

export type ActivationsResult = {
  /** The grid, zMin..zMax. */
  readonly z: Float64Array;
  /** Each activation at every grid point; `gated` uses the request's `up` throughout. */
  readonly curves: Readonly<Record<Activation, Float64Array>>;
  /** Each activation at the marked point. */
  readonly at: ActivationValues;
};

export type ActivationsRun = ActivationsResult & {
  readonly backend: Backend;
  readonly fallbackReason: string | undefined;
  readonly runMs: number;
};

/** z_i = zMin + i·(zMax − zMin)/(N − 1): evenly spaced, both ends included. */
export function activationGrid(): Float64Array {
  const { zMin, zMax, gridPoints } = ACTIVATIONS_DEMO;
  return Float64Array.from({ length: gridPoints }, (_, i) => zMin + (i * (zMax - zMin)) / (gridPoints - 1));
}

/** The grid with z₀ appended: one graph call computes the curves and the marked point. */
function inputs({ point, up }: ActivationsRequest): { z: Float32Array; up: Float32Array } {
  const grid = activationGrid();
  const z = new Float32Array(grid.length + 1);
  z.set(grid);
  z[grid.length] = point;
  return { z, up: new Float32Array(z.length).fill(up) };
}

/** Splits an [N+1] output into the curve (first N) and the marked point (last). */
function split(values: ArrayLike<number>): { curve: Float64Array; at: number } {
  const curve = Float64Array.from({ length: values.length - 1 }, (_, i) => values[i] as number);
  return { curve, at: values[values.length - 1] as number };
}

function assemble(z: Float64Array, outputs: Readonly<Record<Activation, ArrayLike<number>>>): ActivationsResult {
  const curves = {} as Record<Activation, Float64Array>;
  const at = {} as Record<Activation, number>;
  for (const name of ACTIVATIONS) {
    const { curve, at: value } = split(outputs[name]);
    curves[name] = curve;
    at[name] = value;
  }
  return { z, curves, at };
}

/** The curves and the marked point through the ONNX graph (built once, cached by the runtime). */
export async function runActivations(runtime: Runtime, request: ActivationsRequest): Promise<ActivationsRun> {
  const feeds = inputs(request);
  const dims = [feeds.z.length];
  const { outputs, backend, fallbackReason, runMs } = await runtime.run(activationsGraph(), {
    z: { type: 'float32', data: feeds.z, dims },
    up: { type: 'float32', data: feeds.up, dims },
  });
  const output = (name: Activation): Float32Array => {
    const value = outputs[name];
    if (value === undefined) throw new Error(`activations graph returned no '${name}'`);
    return value.data;
  };
  const result = assemble(activationGrid(), {
    relu: output('relu'),
    gelu: output('gelu'),
    silu: output('silu'),
    gated: output('gated'),
  });
  return { ...result, backend, fallbackReason, runMs };
}

/** The float64 twin of `runActivations`, on the same float32-rounded inputs the graph sees. */
export function referenceActivations(request: ActivationsRequest): ActivationsResult {
  const feeds = inputs(request);
  const z = Float64Array.from(feeds.z);
  const up = Float64Array.from(feeds.up);
  return assemble(activationGrid(), {
    relu: z.map(relu),
    gelu: z.map(geluTanh),
    silu: z.map(silu),
    gated: z.map((value, i) => silu(value) * up[i]!),
  });
}
