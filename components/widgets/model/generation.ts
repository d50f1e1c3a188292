// Streaming a generation into the model panel. "Generate" runs the prompt, then each token is handed
// to the panel as soon as it is chosen; between tokens the browser gets a turn, so it paints the new
// chip and hears a click on Stop. Stop, or any other action of the reader, ends the generation after
// the token in flight: that token is not drawn, and a note says how many were.
//
// Light on purpose (types only at run time): the panel's controller imports it before anything loads.
import type { PanelModel, PanelStep } from '../../../kernels/demos/model-panel.ts';
import type { Random } from '../../../kernels/random.ts';
import type { PanelSampling } from './sampling-state.ts';
import type { AddedCounts, StateNote } from './state.ts';

type Live = typeof import('./live.ts');

/** What the panel shows: the model, and its latest step (undefined when the cache is empty). */
export type Shown = {
  readonly module: Live;
  readonly model: PanelModel;
  readonly step: PanelStep | undefined;
  /** Template ids the panel added around the prompt (LLaMA's <s>, ChatGLM's [gMASK] and <sop>). */
  readonly added: AddedCounts;
  readonly notes: readonly StateNote[];
  /** The seeded draws since the prompt ran: "Next token" continues them, so Run + n × Next = Generate n. */
  readonly random: Random;
};

/** The sampler's settings from the panel's (the seed and the count are the panel's business). */
export const settingsOf = ({ temperature, topK, topP }: PanelSampling) => ({ temperature, topK, topP });

/** A generation in progress; `stop()` ends it after the token in flight. */
export class Generation {
  stopped = false;
  stop(): void {
    this.stopped = true;
  }
}

/**
 * Generates up to `sampling.maxNew` tokens after the prompt `prompt` ran, calling `onToken` with
 * each new state (and the count so far) until the count, an end-of-sequence id, the panel's
 * sequence limit or `generation.stop()`. Returns the last state, whose notes say why it ended.
 */
export async function streamGeneration(
  prompt: Shown,
  sampling: PanelSampling,
  generation: Generation,
  onToken: (shown: Shown, generated: number) => void,
): Promise<Shown> {
  let last = prompt;
  let generated = 0;
  for await (const { step, stop } of prompt.model.generate(settingsOf(sampling), sampling.maxNew, prompt.random)) {
    generated++;
    const ended = stop === 'eos' ? [{ kind: 'generation-ended', reason: 'eos', generated } as const] : [];
    last = { ...prompt, step, notes: [...prompt.notes, ...ended] };
    if (generation.stopped) break;
    onToken(last, generated);
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (generation.stopped) break;
  }
  if (!generation.stopped) return last;
  return { ...last, notes: [...last.notes, { kind: 'generation-ended', reason: 'stopped', generated }] };
}
