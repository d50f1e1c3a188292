// Everything heavy, loaded on the reader's first use and never before: the runtime (onnxruntime-web,
// through the shared browser runtime), the tiny replicas (opened the way the model panel opens
// them) and the chart drawing. The math is in kernels/demos/norm-demo.ts.
import { runNorms, runResidualRms, type NormRun, type ResidualRun } from '../../../kernels/demos/norm-demo.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { openModel } from '../shared/models.ts';
import { POST_NORM_MODEL, type NormWidgetState, type PreNormModel } from './state.ts';

export { drawNorms, drawResidual } from './charts.ts';

export async function computeNorms(state: NormWidgetState): Promise<NormRun> {
  return runNorms(await browserRuntime(), { vector: state.vector, shift: state.shift, scale: state.scale });
}

/** A short fixed prompt; each family wraps it in its own template (ChatGLM-6B adds [gMASK] <sop>). */
const PROMPT_IDS = [5, 17, 42, 8, 99, 23] as const;

async function residualOf(name: string): Promise<ResidualRun> {
  const model = await openModel({ kind: 'replica', name });
  return runResidualRms(model.runner, model.preparePrompt(PROMPT_IDS).ids);
}

export type ResidualPair = {
  readonly pre: ResidualRun;
  readonly post: ResidualRun;
  readonly fallbackReason: string | undefined;
};

export async function computeResidual(model: PreNormModel): Promise<ResidualPair> {
  const pre = await residualOf(model);
  const post = await residualOf(POST_NORM_MODEL);
  const { fallbackReason } = await (await browserRuntime()).status();
  return { pre, post, fallbackReason };
}
