// The FFN-width calculator's text: the derivation from 8d/3 (or 4d) to the width the rule gives,
// the verdict against the released width, and the parameter counts. Pure arithmetic from
// kernels/families/ffn-width.ts, light enough to run with the page (no runtime needed), and used
// both by the server-rendered markup and by the client on every change.
import { modelById } from '../../../kernels/families/catalog.ts';
import { ffnWidthCheck, type FfnWidthCheck } from '../../../kernels/families/ffn-width.ts';
import type { ActivationsState } from './state.ts';
import type { ActivationsStrings } from './strings.ts';

export type WidthText = { readonly check: FfnWidthCheck; readonly derivation: string[]; readonly verdict: string; readonly params: string[] };

export function widthText(state: ActivationsState, strings: ActivationsStrings): WidthText {
  const model = modelById(state.model);
  const rule = state.multiplier === undefined ? { multipleOf: state.multipleOf } : { multipleOf: state.multipleOf, multiplier: state.multiplier };
  const check = ffnWidthCheck(model, rule);
  return {
    check,
    derivation: strings.derivation(check, model.ffn.configValue),
    verdict: strings.verdict(check),
    params: strings.params(check),
  };
}
