// Everything heavy, loaded on the reader's first use and never before: the computation (through the
// shared browser runtime, which imports onnxruntime-web) and the charts (Observable Plot).
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { runRopeDemo, type RopeDemoResult } from '../../../kernels/demos/rope-demo.ts';
import type { RopeWidgetState } from './state.ts';

export { drawRopeCharts } from './charts.ts';

export async function computeRope(state: RopeWidgetState): Promise<RopeDemoResult> {
  return runRopeDemo(await browserRuntime(), { ...state, maxDistance: state.range });
}
