// Generation with the KV cache: the prompt once (prefill), then one token at a time (decode), each
// token chosen by the sampler from the last logits row and yielded as soon as it is chosen.
//
//   for await (const token of generate(runner, promptIds, settings, rule, seededRandom(seed))) print(token.id);
//
// Stops after an EOS id, after `rule.maxNewTokens`, or when the model's context is full.
import type { Random } from '../../random.ts';
import { sampleToken, stopReason, type SamplingSettings, type StopReason, type StopRule } from '../../sampling.ts';
import type { StepResult } from './runner.ts';
import type { SequenceRunner } from './sequence-runner.ts';

export type GeneratedToken = {
  readonly id: number;
  /** 1 for the first generated token. */
  readonly count: number;
  /** Why generation ends with this token ('context': the model's context is full), or undefined when more may follow. */
  readonly stop: StopReason | 'context' | undefined;
  /** The logits row it was chosen from (a view, valid until the next step runs). */
  readonly row: Float32Array;
};

/** The logits row the next token is chosen from: the last position of a call. */
export function lastRow(result: StepResult): Float32Array {
  const [T, V] = result.logits.shape;
  return result.logits.data.subarray((T - 1) * V, T * V);
}

export async function* generate(
  runner: SequenceRunner,
  promptIds: readonly number[],
  settings: SamplingSettings,
  rule: StopRule,
  random: Random,
): AsyncGenerator<GeneratedToken> {
  const room = runner.spec.contextLength - promptIds.length;
  if (room <= 0 || rule.maxNewTokens <= 0) return;
  let result = await runner.prefill(promptIds);
  for (let count = 1; ; count++) {
    const row = lastRow(result);
    const id = sampleToken(row, settings, random);
    const stop = stopReason(id, count, rule) ?? (count >= room ? 'context' : undefined);
    yield { id, count, stop, row };
    if (stop !== undefined) return;
    result = await runner.decode(id);
  }
}
