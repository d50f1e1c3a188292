// Everything heavy, loaded on the reader's first use and never before: the runtime, the trained
// model and its quantized copy (both opened through shared/models.ts), and the chart. The math is in
// kernels/demos/quantized-weights.ts, quantized-bytes.ts and quantization-demo.ts.
import { compareNextToken, type NextTokenComparison } from '../../../kernels/demos/quantization-demo.ts';
import { quantizedWeightBytes, type WeightBytes } from '../../../kernels/demos/quantized-bytes.ts';
import { errorByBits } from '../../../kernels/demos/quantized-weights.ts';
import type { PanelModel } from '../../../kernels/demos/model-panel.ts';
import type { GroupSize } from '../../../kernels/ops/quantize/groups.ts';
import { browserRuntime } from '../../../kernels/runtime/browser.ts';
import { openModel, trainedCheckpoint } from '../shared/models.ts';
import { CHART_BITS, type QuantState } from './state.ts';

export { drawQuantization } from './charts.ts';

export type ErrorSeries = { readonly groupSize: GroupSize; readonly points: readonly { readonly bits: number; readonly meanAbsError: number }[] };

export type QuantRun = {
  readonly comparison: NextTokenComparison;
  /** The top tokens as their tokenizer spells them, in the comparison's order. */
  readonly tokens: { readonly original: readonly string[]; readonly quantized: readonly string[] };
  readonly bytes: WeightBytes;
  readonly meanAbsError: number;
  /** The chosen group size's error at every bit width, then whole rows' (when the choice is not already that). */
  readonly series: readonly ErrorSeries[];
  readonly runMs: number;
};

/** Error curves by model and group size: they do not depend on the prompt or on the bits chosen. */
const curves = new Map<string, Promise<{ series: ErrorSeries; runMs: number }>>();

function errorCurve(model: string, groupSize: GroupSize): Promise<{ series: ErrorSeries; runMs: number }> {
  const key = `${model}:${groupSize}`;
  let curve = curves.get(key);
  if (curve === undefined) {
    curve = Promise.all([browserRuntime(), trainedCheckpoint(model)])
      .then(([runtime, { tensors }]) => errorByBits(runtime, tensors, groupSize, CHART_BITS))
      .then(({ points, runMs }) => ({ series: { groupSize, points }, runMs }));
    curves.set(key, curve);
    curve.catch(() => curves.delete(key));
  }
  return curve;
}

const spell = (model: PanelModel, id: number) => model.tokenizer?.tokenOf(id) ?? `#${id}`;

export async function computeQuantization(state: QuantState): Promise<QuantRun> {
  const original = await openModel({ kind: 'trained', id: state.model });
  const quantized = await openModel({ kind: 'quantized', id: state.model, bits: state.bits, groupSize: state.groupSize });
  const ids = original.tokenizer?.encode(state.text, { addSpecialTokens: false }) ?? [];
  const comparison = await compareNextToken(original, quantized, ids);
  const { tensors } = await trainedCheckpoint(state.model);
  const chosen = await errorCurve(state.model, state.groupSize);
  const rows = state.groupSize === 'row' ? undefined : await errorCurve(state.model, 'row');
  const current = chosen.series.points.find((p) => p.bits === state.bits);
  return {
    comparison,
    tokens: { original: comparison.original.map((t) => spell(original, t.id)), quantized: comparison.quantized.map((t) => spell(quantized, t.id)) },
    bytes: quantizedWeightBytes(tensors, state),
    meanAbsError: current?.meanAbsError ?? Number.NaN,
    series: rows === undefined ? [chosen.series] : [chosen.series, rows.series],
    runMs: comparison.runMs + chosen.runMs + (rows?.runMs ?? 0),
  };
}
