// Everything heavy, loaded on the reader's first use and never before: the runtime (onnxruntime-web,
// through the shared browser runtime) and the curve drawing. The math is in kernels/demos/ffn-demo.ts.
import { runActivations, type ActivationsRun } from '../../../kernels/demos/ffn-demo.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import type { ActivationsState } from './state.ts';

export { drawCurves } from './charts.ts';

export async function computeCurves(state: ActivationsState): Promise<ActivationsRun> {
  return runActivations(await browserRuntime(), { point: state.z, up: state.up });
}
