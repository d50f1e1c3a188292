// The quantization widget's comparison: the same prompt through the original model and its
// quantized copy, their next-token top-5 and how far the quantized distribution moved (KL).
import { klDivergence } from './kl-divergence.ts';
import { PANEL_LIMITS, type PanelModel, type TokenChoice } from './model-panel.ts';
import type { Backend } from '../runtime/runtime.ts';

export type NextTokenComparison = {
  readonly original: readonly TokenChoice[];
  readonly quantized: readonly TokenChoice[];
  /** KL(original ‖ quantized) of the next-token distributions, in nats. */
  readonly kl: number;
  readonly backend: Backend;
  readonly fallbackReason: string | undefined;
  readonly runMs: number;
};

/** Both models on the reader's ids (each in its family's template), top-k each and the KL between them. */
export async function compareNextToken(original: PanelModel, quantized: PanelModel, readerIds: readonly number[]): Promise<NextTokenComparison> {
  const a = await original.prefill(original.preparePrompt(readerIds).ids);
  const b = await quantized.prefill(quantized.preparePrompt(readerIds).ids);
  return {
    original: a.top.slice(0, PANEL_LIMITS.topK),
    quantized: b.top.slice(0, PANEL_LIMITS.topK),
    kl: klDivergence(a.lastLogits, b.lastLogits),
    backend: b.backend,
    fallbackReason: b.fallbackReason,
    runMs: a.runMs + b.runMs,
  };
}
