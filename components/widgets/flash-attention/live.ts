// Everything heavy, loaded on the reader's first use and never before: the runtime (onnxruntime-web,
// through the shared browser runtime) and the chart drawing. The math is in
// kernels/demos/flash-attention-demo.ts.
import { runFlashDemo, type FlashRun } from '../../../kernels/demos/flash-attention-demo.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import type { FlashState } from './state.ts';

export { drawFlash } from './charts.ts';

export async function computeFlash(state: FlashState): Promise<FlashRun> {
  return runFlashDemo(await browserRuntime(), state);
}
