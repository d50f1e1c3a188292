// The model panel driven from a test: waiting for an action, reading what it drew (tokens, attention,
// logits) and Node's ModelRunner on the same checkpoint and ids, the yardstick the panel's numbers
// are held to. Shared by the model-panel*.test.ts files (and any test of a model the panel opens).
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { folderSource } from '../../../kernels/checkpoint/node-folder.ts';
import { memorySource, type CheckpointSource } from '../../../kernels/checkpoint/source.ts';
import { trainedOfReplica, trainedPath } from '../../../kernels/families/trained.ts';
import { untrainedTwin } from '../../../kernels/families/untrained.ts';
import { sourceOf, type Weights } from '../../../components/widgets/shared/weights.ts';
import { ModelRunner } from '../../../kernels/families/forward/runner.ts';
import { tinyReplica, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { seededRandom } from '../../../kernels/random.ts';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';
import { sampleToken, type SamplingSettings } from '../../../kernels/sampling.ts';
import { withWatchedPage, type WatchedPage } from './browser.ts';
import { heatmapMatrix } from './heatmap.ts';

export const ROOT = 'section[data-widget="model"]';
/** The first run loads ~27 MB of WASM; SwiftShader's WebGPU compiles shaders: be generous. */
export const FIRST_RUN_MS = 120_000;

/** Waits for the action in flight to finish and returns the state it ended in. */
export async function finished(page: Page, timeout = 30_000): Promise<string> {
  await page.locator(`${ROOT}[data-state="ready"], ${ROOT}[data-state="error"]`).waitFor({ timeout });
  return (await page.locator(ROOT).getAttribute('data-state'))!;
}

/** Like `finished`, and requires success. */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  const state = await finished(page, timeout);
  assert.equal(state, 'ready', `panel ended in ${state}: ${await message(page)}`);
}

export const message = (page: Page) => page.locator(`${ROOT} [data-role="message"]`).innerText();
export const chipRoles = (page: Page) =>
  page.locator('[data-role="tokens"] > li').evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-role')));
export const cacheLength = async (page: Page) => Number(await page.locator('[data-role="cache-length"]').innerText());
export const tokenIds = (page: Page) =>
  page
    .locator('[data-role="tokens"] > li')
    .evaluateAll((chips) => chips.map((chip) => Number(chip.getAttribute('data-token-id'))));

/** The heatmap as a square matrix, from the values its canvas carries. */
export async function attention(page: Page): Promise<number[][]> {
  const matrix = await heatmapMatrix(page.locator('[data-role="attention-heatmap"]'));
  assert.ok(matrix.every((row) => row.length === matrix.length), 'the heatmap is square');
  return matrix;
}

export function expectDistributions(matrix: number[][]): void {
  matrix.forEach((row, i) => {
    const sum = row.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `row ${i} sums to ${sum}`);
    assert.ok(row.every((p) => p >= 0));
  });
}

/** Causal: nothing above the diagonal. */
export function expectCausal(matrix: number[][]): void {
  matrix.forEach((row, i) => row.forEach((p, j) => j > i && assert.equal(p, 0, `query ${i} reads later key ${j}`)));
}

const runtime = nodeRuntime();

/** The files the panel opens for variant `name` with `weights`: the shipped trained folder, its untrained twin, or the replica. */
export async function checkpointOf(name: ReplicaName, weights: Weights = 'trained'): Promise<CheckpointSource> {
  const source = sourceOf(name, weights);
  if (source.kind === 'replica') return memorySource(tinyReplica(name).files);
  const folder = folderSource(join(import.meta.dirname, '..', '..', '..', 'public', trainedPath(source.id)));
  return source.kind === 'trained' ? folder : untrainedTwin(trainedOfReplica(name)!, folder);
}

/** Node's ModelRunner on the same checkpoint and ids: the last position's logits. */
export async function nodeLogits(name: ReplicaName, ids: readonly number[], weights: Weights = 'trained'): Promise<Float32Array> {
  return nodeLastLogits(await checkpointOf(name, weights), ids);
}

/** The last position's logits of `ids`, from Node's ModelRunner on `source` (any checkpoint the panel opened). */
export async function nodeLastLogits(source: CheckpointSource, ids: readonly number[]): Promise<Float32Array> {
  const runner = await ModelRunner.open(runtime, await loadCheckpoint(source));
  const { logits } = await runner.prefill(ids);
  const [T, V] = logits.shape;
  return logits.data.slice((T - 1) * V, T * V);
}

/** The last position's logits as the panel computed them (the row its top tokens come from). */
export async function panelLogits(page: Page): Promise<Float32Array> {
  const text = await page.locator('[data-role="top-tokens"]').getAttribute('data-logits');
  assert.ok(text, 'the top-token list carries the logits row');
  // Float32 bytes in base64; copied into a buffer of their own, aligned for a Float32Array.
  return new Float32Array(Uint8Array.from(Buffer.from(text, 'base64')).buffer);
}

/** A link restores the controls but runs nothing (no runtime fetched) until the reader clicks Run. */
export async function runLink(page: Page): Promise<void> {
  assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle', 'a link alone starts nothing');
  const ort = await page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\.wasm$|\/ort/.test(e.name)));
  assert.equal(ort, false, 'a link alone downloads no runtime');
  await page.locator(`${ROOT} button[data-action="run"]`).click();
  await settled(page, FIRST_RUN_MS);
}

/**
 * `withPage(url, body, browser?)` for a test file's site fixture: opens the page in the fixture's
 * browser (or `browser`), runs `body`, then requires that nothing went wrong on the page.
 */
export function pageOpener(fixture: { readonly browser: Browser }) {
  return (url: string, body: (watched: WatchedPage) => Promise<void>, browser?: Browser) =>
    withWatchedPage(browser ?? fixture.browser, url, body);
}

/** Node's generation on the same checkpoint: prefill, then sampleToken and decode, seeded as the panel is. */
export async function nodeSampled(name: ReplicaName, prompt: readonly number[], settings: SamplingSettings, seed: number, count: number) {
  const runner = await ModelRunner.open(runtime, await loadCheckpoint(await checkpointOf(name)));
  const random = seededRandom(seed);
  const last = (logits: { data: Float32Array; shape: readonly number[] }) => logits.data.slice(-logits.shape[1]!);
  let logits = last((await runner.prefill(prompt)).logits);
  const ids: number[] = [];
  while (ids.length < count) {
    ids.push(sampleToken(logits, settings, random));
    if (ids.length < count) logits = last((await runner.decode(ids.at(-1)!)).logits);
  }
  return ids;
}

export const generatedChips = (page: Page) => page.locator('[data-role="tokens"] > li[data-role="generated"]');
