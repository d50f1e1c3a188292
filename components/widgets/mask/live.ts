// Everything heavy, loaded on the reader's first use and never before: the computation (through the
// shared browser runtime, which imports onnxruntime-web) and the charts (Observable Plot).
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { runMaskDemo, type MaskDemoResult } from '../../../kernels/demos/mask-demo.ts';
import type { ResolvedMaskState } from './state.ts';

export { drawMaskCharts } from './charts.ts';

export async function computeMask({ tokens, state }: ResolvedMaskState): Promise<MaskDemoResult> {
  return runMaskDemo(await browserRuntime(), { tokens, mode: state.mode, prefix: state.prefix, probe: state.probe });
}
