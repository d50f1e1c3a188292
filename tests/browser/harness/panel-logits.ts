// The model panel's logits against Node's: the row the panel drew its top tokens from (the list's
// data-logits), and Node's ModelRunner on the same checkpoint and ids.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import type { CheckpointSource } from '../../../kernels/checkpoint/source.ts';
import { ModelRunner } from '../../../kernels/families/forward/runner.ts';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';

/** The last position's logits as the panel computed them. */
export async function panelLogits(page: Page): Promise<Float32Array> {
  const text = await page.locator('[data-role="top-tokens"]').getAttribute('data-logits');
  assert.ok(text, 'the top-token list carries the logits row');
  return Float32Array.from(text.split(' ').map(Number));
}

/** The last position's logits of `ids`, from Node's ModelRunner on `source`. */
export async function nodeLastLogits(source: CheckpointSource, ids: readonly number[]): Promise<Float32Array> {
  const runner = await ModelRunner.open(nodeRuntime(), await loadCheckpoint(source));
  const { logits } = await runner.prefill(ids);
  const [T, V] = logits.shape;
  return logits.data.slice((T - 1) * V, T * V);
}
