// Where each released FFN width comes from. A SwiGLU block has three d×I matrices; matching the
// 2·d·4d weights of a GELU MLP of width 4d gives I = 8d/3, which the families then round:
//
//   LLaMA         I = 256 · ⌈⌊8d/3⌋ / 256⌉                       (multiple_of = 256, model.py FeedForward)
//   Llama 2 70B   I = 4096 · ⌈⌊1.3 · ⌊8d/3⌋⌋ / 4096⌉              (ffn_dim_multiplier 1.3, multiple_of 4096)
//   others        the config states I outright (intermediate_size, ffn_hidden_size, inner_hidden_size)
//
// `ffnWidthCheck` applies a rule to a catalog model and says whether it gives the released width;
// `roundingThatFits` finds the largest power-of-two multiple that rounds 8d/3 to it, which explains
// Baichuan-13B's and Qwen's widths (multiples of 128) and shows which widths no rounding explains
// (ChatGLM2's 13696 at d = 4096, Qwen-72B's 3d). Pure arithmetic on kernels/families/catalog.ts.
import { parameterBreakdown, type ReleasedModel } from './catalog.ts';

/** LLaMA's sizing parameters: multiple_of and, for Llama 2 70B, ffn_dim_multiplier. */
export type FfnRule = { readonly multipleOf: number; readonly multiplier?: number };

/** The default rule of Meta's code (LLaMA 1 and 2 up to 13B). */
export const LLAMA_RULE: FfnRule = { multipleOf: 256 };

/** The width the parameter-matching argument asks for: 8d/3 for SwiGLU, 4d for a GELU MLP. */
export function baseFfnWidth(model: Pick<ReleasedModel, 'hidden' | 'activation'>): number {
  return model.activation === 'swiglu' ? (8 * model.hidden) / 3 : 4 * model.hidden;
}

/** Each step of `rule` on the model's base width, as Meta's FeedForward takes them. */
export type RuleSteps = {
  /** ⌊base⌋: `int(2 * hidden_dim / 3)` with hidden_dim = 4d (a GELU MLP's 4d is whole already). */
  readonly floor: number;
  /** ⌊multiplier · floor⌋, or floor when there is no multiplier. */
  readonly scaled: number;
  /** scaled rounded up to a multiple of multipleOf: the width. */
  readonly width: number;
};

export function ruleSteps(model: Pick<ReleasedModel, 'hidden' | 'activation'>, rule: FfnRule): RuleSteps {
  const floor = Math.trunc(baseFfnWidth(model));
  const scaled = rule.multiplier === undefined ? floor : Math.trunc(rule.multiplier * floor);
  return { floor, scaled, width: rule.multipleOf * Math.ceil(scaled / rule.multipleOf) };
}

/** The width `rule` gives (for SwiGLU the same as catalog.ts's llamaFfnWidth). */
export function ruleWidth(model: Pick<ReleasedModel, 'hidden' | 'activation'>, rule: FfnRule): number {
  return ruleSteps(model, rule).width;
}

/** The rule the model's own code uses where the catalog records one, else LLaMA's default. */
export function ruleOf(model: ReleasedModel): { readonly rule: FfnRule; readonly fromCatalog: boolean } {
  const rule = model.ffn.rule;
  return rule === undefined ? { rule: LLAMA_RULE, fromCatalog: false } : { rule, fromCatalog: true };
}

const POWERS_OF_TWO = [4096, 2048, 1024, 512, 256, 128, 64, 32, 16, 8, 4, 2, 1] as const;

/**
 * The largest power of two p such that rounding the base width up to a multiple of p (with the
 * model's multiplier, if any) gives the released width; undefined when none does.
 */
export function roundingThatFits(model: ReleasedModel): number | undefined {
  const multiplier = model.ffn.rule?.multiplier;
  return POWERS_OF_TWO.find(
    (multipleOf) => ruleWidth(model, multiplier === undefined ? { multipleOf } : { multipleOf, multiplier }) === model.ffn.width,
  );
}

export type FfnWidthCheck = {
  readonly model: ReleasedModel;
  readonly rule: FfnRule;
  /** 8d/3 (SwiGLU) or 4d (GELU), before any rounding. */
  readonly base: number;
  /** `rule`'s steps; steps.width is what it predicts. */
  readonly steps: RuleSteps;
  readonly predicted: number;
  /** The released width (the catalog's; Qwen's config states twice it). */
  readonly released: number;
  readonly matches: boolean;
  /** The largest power-of-two rounding that gives the released width, if any (see roundingThatFits). */
  readonly fits: number | undefined;
  /** I / d. */
  readonly ratio: number;
  /** FFN weights in one layer and in the whole model, and their share of all parameters. */
  readonly perLayerParams: number;
  readonly totalParams: number;
  readonly share: number;
  /** What a plain 4d GELU MLP of the same d would weigh per layer (8d², no biases). */
  readonly geluEquivalentParams: number;
};

/** Applies `rule` (default: the model's own, see ruleOf) to a catalog model and compares. */
export function ffnWidthCheck(model: ReleasedModel, rule: FfnRule = ruleOf(model).rule): FfnWidthCheck {
  const steps = ruleSteps(model, rule);
  const predicted = steps.width;
  const breakdown = parameterBreakdown(model);
  const totalParams = breakdown.layers * breakdown.perLayer.ffn;
  return {
    model,
    rule,
    base: baseFfnWidth(model),
    steps,
    predicted,
    released: model.ffn.width,
    matches: predicted === model.ffn.width,
    fits: roundingThatFits(model),
    ratio: model.ffn.width / model.hidden,
    perLayerParams: breakdown.perLayer.ffn,
    totalParams,
    share: totalParams / breakdown.total,
    geluEquivalentParams: 8 * model.hidden * model.hidden,
  };
}
