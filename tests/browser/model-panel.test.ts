// The model panel in real headless Chromium, on the built site (run `npx astro build` first): every
// family page runs each of its variants with zero console errors, the trained model by default and
// the random-weight replica with the "untrained" switch; the attention it draws is a probability
// distribution with the family's mask, the logits equal Node's ModelRunner on the same checkpoint and
// ids, "next token" grows the KV cache, "Generate" streams a seeded sampled continuation equal to
// Node's sampler and Stop ends it, links restore the state, bad input and broken checkpoints get
// clear messages, and WebGPU (SwiftShader) runs it too.
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { folderSource } from '../../kernels/checkpoint/node-folder.ts';
import { memorySource, type CheckpointSource } from '../../kernels/checkpoint/source.ts';
import { trainedOfReplica, trainedPath } from '../../kernels/families/trained.ts';
import { hasTrained, sourceOf, type Weights } from '../../components/widgets/shared/weights.ts';
import { ModelRunner } from '../../kernels/families/forward/runner.ts';
import { tinyReplica, type ReplicaName } from '../../kernels/families/tiny/replica.ts';
import { seededRandom } from '../../kernels/random.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { sampleToken, type SamplingSettings } from '../../kernels/sampling.ts';
import { loadTokenizer } from '../../kernels/tokenizers/load.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';
import { useSite } from './harness/site.ts';
import { launchChromium, openWatchedPage, type WatchedPage } from './harness/browser.ts';

const fixture = useSite({ webgpu: false });
const ROOT = 'section[data-widget="model"]';
/** The first run loads ~27 MB of WASM; SwiftShader's WebGPU compiles shaders: be generous. */
const FIRST_RUN_MS = 120_000;

/** Each family page (English) with its replicas, as the MDX passes them; plus one page in Chinese. */
const FAMILY_PAGES: readonly { path: string; replicas: readonly ReplicaName[] }[] = [
  { path: '/en/families/llama/', replicas: ['llama'] },
  { path: '/en/families/llama-2/', replicas: ['llama2-gqa'] },
  { path: '/en/families/chatglm/', replicas: ['chatglm-6b', 'chatglm2-6b'] },
  { path: '/en/families/baichuan/', replicas: ['baichuan-7b', 'baichuan-13b', 'baichuan2-7b', 'baichuan2-13b'] },
  { path: '/en/families/qwen/', replicas: ['qwen', 'qwen2'] },
  { path: '/zh/families/qwen/', replicas: ['qwen2'] },
];

/** Waits for the action in flight to finish and returns the state it ended in. */
async function finished(page: Page, timeout = 30_000): Promise<string> {
  await page.locator(`${ROOT}[data-state="ready"], ${ROOT}[data-state="error"]`).waitFor({ timeout });
  return (await page.locator(ROOT).getAttribute('data-state'))!;
}

/** Like `finished`, and requires success. */
async function settled(page: Page, timeout = 30_000): Promise<void> {
  const state = await finished(page, timeout);
  assert.equal(state, 'ready', `panel ended in ${state}: ${await message(page)}`);
}

const message = (page: Page) => page.locator(`${ROOT} [data-role="message"]`).innerText();
const chipRoles = (page: Page) =>
  page.locator('[data-role="tokens"] > li').evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-role')));
const cacheLength = async (page: Page) => Number(await page.locator('[data-role="cache-length"]').innerText());
const tokenIds = (page: Page) =>
  page
    .locator('[data-role="tokens"] > li')
    .evaluateAll((chips) => chips.map((chip) => Number(chip.getAttribute('data-token-id'))));

/** The heatmap as a square matrix, from the cells' data attributes. */
async function attention(page: Page): Promise<number[][]> {
  const cells = await page
    .locator('[data-role="attention-heatmap"] rect[data-value]')
    .evaluateAll((rects) =>
      rects.map((rect) => [
        Number(rect.getAttribute('data-row')),
        Number(rect.getAttribute('data-col')),
        Number(rect.getAttribute('data-value')),
      ]),
    );
  const size = Math.round(Math.sqrt(cells.length));
  assert.equal(size * size, cells.length, 'the heatmap is square');
  const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(NaN));
  for (const [row, col, value] of cells) matrix[row!]![col!] = value!;
  return matrix;
}

function expectDistributions(matrix: number[][]): void {
  matrix.forEach((row, i) => {
    const sum = row.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `row ${i} sums to ${sum}`);
    assert.ok(row.every((p) => p >= 0));
  });
}

/** Causal: nothing above the diagonal. */
function expectCausal(matrix: number[][]): void {
  matrix.forEach((row, i) => row.forEach((p, j) => j > i && assert.equal(p, 0, `query ${i} reads later key ${j}`)));
}

const runtime = nodeRuntime();

/** The files the panel opens for variant `name` with `weights`: the shipped trained folder, or the replica. */
function checkpointOf(name: ReplicaName, weights: Weights = 'trained'): CheckpointSource {
  const source = sourceOf(name, weights);
  return source.kind === 'trained'
    ? folderSource(join(import.meta.dirname, '..', '..', 'public', trainedPath(source.id)))
    : memorySource(tinyReplica(name).files);
}

/** Node's ModelRunner on the same checkpoint and ids: the last position's logits. */
async function nodeLogits(name: ReplicaName, ids: readonly number[], weights: Weights = 'trained'): Promise<Float32Array> {
  const runner = await ModelRunner.open(runtime, await loadCheckpoint(checkpointOf(name, weights)));
  const { logits } = await runner.prefill(ids);
  const [T, V] = logits.shape;
  return logits.data.slice((T - 1) * V, T * V);
}

async function panelLogits(page: Page): Promise<Float32Array> {
  const text = await page.locator('[data-role="top-tokens"]').getAttribute('data-logits');
  assert.ok(text, 'the top-token list carries the logits row');
  return Float32Array.from(text.split(' ').map(Number));
}

/** A link restores the controls but runs nothing (no runtime fetched) until the reader clicks Run. */
async function runLink(page: Page): Promise<void> {
  assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle', 'a link alone starts nothing');
  const ort = await page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\.wasm$|\/ort/.test(e.name)));
  assert.equal(ort, false, 'a link alone downloads no runtime');
  await page.locator(`${ROOT} button[data-action="run"]`).click();
  await settled(page, FIRST_RUN_MS);
}

async function withPage(url: string, body: (watched: WatchedPage) => Promise<void>, browser = fixture.browser): Promise<void> {
  const watched = await openWatchedPage(browser, url);
  try {
    await body(watched);
    assert.deepEqual(watched.problems, []);
  } finally {
    await watched.page.close();
  }
}

for (const { path, replicas } of FAMILY_PAGES) {
  test(`${path}: idle until used, then every variant runs, trained and untrained, and matches Node's logits`, async () => {
    await withPage(fixture.site.url + path, async ({ page }) => {
      const root = page.locator(ROOT);
      assert.equal(await root.getAttribute('data-state'), 'idle');
      assert.ok((await page.locator('[data-role="architecture"] dd').count()) >= 10, 'the card is there before use');
      const ort = await page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\.wasm$|\/ort/.test(e.name)));
      assert.equal(ort, false, 'no runtime before use');

      await page.locator('button[data-action="run"]').click();
      await settled(page, FIRST_RUN_MS);
      assert.equal(await root.getAttribute('data-backend'), 'wasm');
      assert.notEqual(await root.getAttribute('data-fallback-reason'), '');
      assert.match(await page.locator('[data-role="status"]').innerText(), /WASM/);

      for (const name of replicas) {
        if ((await page.locator('select[name="model-replica"]').inputValue()) !== name) {
          await page.locator('select[name="model-replica"]').selectOption(name);
          await settled(page);
        }
        const ids = await tokenIds(page);
        assert.ok(ids.length > 2, `${name}: tokens shown`);
        // The family's special tokens (<s> in front, [gMASK] <sop> behind, ...) are there and marked as added.
        const untrained = page.locator('input[name="model-untrained"]');
        assert.equal(await untrained.isChecked(), !hasTrained(name), `${name}: trained weights where there are some`);
        assert.equal(await untrained.isDisabled(), !hasTrained(name), `${name}: the switch is off without a trained model`);
        const { prefix, suffix } = (await loadTokenizer(checkpointOf(name))).template;
        const roles = await chipRoles(page);
        const added = roles.flatMap((role, i) => (role === 'added' ? [i] : []));
        const expectedAdded = [...prefix.keys(), ...suffix.map((_, k) => ids.length - suffix.length + k)];
        assert.deepEqual(added, expectedAdded, `${name}: added chips`);
        assert.deepEqual([...ids.slice(0, prefix.length), ...ids.slice(ids.length - suffix.length)], [...prefix, ...suffix]);
        assert.equal(await cacheLength(page), ids.length);
        const matrix = await attention(page);
        assert.equal(matrix.length, ids.length);
        expectDistributions(matrix);
        if (name !== 'chatglm-6b') expectCausal(matrix);
        const top = await page
          .locator('[data-role="top-tokens"] > li')
          .evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-prob'))));
        assert.equal(top.length, 5);
        assert.deepEqual(
          [...top].sort((a, b) => b - a),
          top,
          `${name}: most likely first`,
        );
        const diff = maxAbsDiff(await panelLogits(page), await nodeLogits(name, ids));
        assert.ok(diff < 1e-4, `${name}: browser logits differ from Node's by ${diff}`);
        assert.match(
          (await page.locator('[data-role="architecture"] [data-fact="family"]').innerText()).toLowerCase(),
          new RegExp(name.replace(/-.*/, '').replace(/2$/, '')),
        );
        if (!hasTrained(name)) continue;
        const trainedLogits = await panelLogits(page);
        const weightsFile = `/${trainedPath(trainedOfReplica(name)!.id)}model.safetensors`;
        const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
        assert.ok(fetched.includes(weightsFile), `${name}: the trained weights came from the site (${weightsFile})`);
        // The switch: the same prompt on the random-weight replica, then back.
        await untrained.check();
        await settled(page);
        assert.match(page.url(), /model-weights=random/);
        const randomIds = await tokenIds(page);
        const randomDiff = maxAbsDiff(await panelLogits(page), await nodeLogits(name, randomIds, 'random'));
        assert.ok(randomDiff < 1e-4, `${name} untrained: browser logits differ from Node's by ${randomDiff}`);
        await untrained.uncheck();
        await settled(page);
        assert.match(page.url(), /model-weights=trained/);
        assert.deepEqual(await panelLogits(page), trainedLogits, `${name}: back to the trained model`);
      }
    });
  });
}

test('ChatGLM-6B: [gMASK] <sop> added and announced, bidirectional prefix block, next token grows the cache', async () => {
  await withPage(
    `${fixture.site.url}/en/families/chatglm/?model-replica=chatglm-6b&model-text=${encodeURIComponent('The model reads')}`,
    async ({ page }) => {
      await runLink(page);
      assert.match(await message(page), /\[gMASK\] \(\d+\) <sop> \(\d+\)/);
      const roles = await chipRoles(page);
      assert.deepEqual(roles.slice(-2), ['added', 'added']);
      const T = roles.length;
      const ctx = T - 1; // <sop> is last: every earlier key is in the bidirectional prefix
      const before = await attention(page);
      for (let i = 0; i < ctx; i++)
        for (let j = 0; j < ctx; j++) assert.ok(before[i]![j]! > 0, `prefix query ${i} reads prefix key ${j}`);
      assert.equal(before[ctx]![ctx]! > 0, true);

      await page.locator('button[data-action="next-token"]').click();
      await settled(page);
      assert.equal(await cacheLength(page), T + 1);
      const after = await attention(page);
      assert.equal(after.length, T + 1);
      expectDistributions(after);
      for (let i = 0; i < T; i++) assert.equal(after[i]![T], 0, 'earlier rows never saw the generated token');
      assert.equal((await chipRoles(page)).at(-1), 'generated');

      await page.locator('button[data-action="reset"]').click();
      await settled(page);
      assert.equal(await cacheLength(page), 0);
      assert.ok(await page.locator('button[data-action="next-token"]').isDisabled());
    },
  );
});

/** Node's generation on the same checkpoint: prefill, then sampleToken and decode, seeded as the panel is. */
async function nodeSampled(name: ReplicaName, prompt: readonly number[], settings: SamplingSettings, seed: number, count: number) {
  const runner = await ModelRunner.open(runtime, await loadCheckpoint(checkpointOf(name)));
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

const generatedChips = (page: Page) => page.locator('[data-role="tokens"] > li[data-role="generated"]');

test('sampling: Generate streams a seeded continuation equal to Node, repeats it, another seed differs, Stop ends it', async () => {
  const text = '床前明月光';
  const sampling = '&model-temperature=0.9&model-top-k=40&model-top-p=0.95&model-seed=7&model-new=12';
  const url = `${fixture.site.url}/en/families/llama/?model-text=${encodeURIComponent(text)}${sampling}`;
  await withPage(url, async ({ page }) => {
    assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle', 'a link alone starts nothing');
    assert.equal(await page.locator('input[name="model-temperature"]').inputValue(), '0.9');
    assert.equal(await page.locator('input[name="model-new"]').inputValue(), '12');
    // count the generated chips each time the list changes: streaming shows 1, 2, … before the end
    await page.evaluate(() => {
      const list = document.querySelector('[data-role="tokens"]')!;
      const seen: number[] = [];
      (window as unknown as { seen: number[] }).seen = seen;
      new MutationObserver(() => seen.push(list.querySelectorAll('li[data-role="generated"]').length)).observe(list, { childList: true });
    });
    await page.locator('button[data-action="generate"]').click();
    await settled(page, FIRST_RUN_MS);
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
    const generated = await generatedChips(page).count();
    assert.ok(generated >= 1 && generated <= 12);
    assert.ok(new Set(seen.filter((n) => n > 0 && n < generated)).size >= Math.min(3, generated - 1), `streamed: ${seen}`);
    const ids = await tokenIds(page);
    const prompt = ids.slice(0, ids.length - generated);
    const settings = { temperature: 0.9, topK: 40, topP: 0.95 };
    assert.deepEqual(ids.slice(prompt.length), await nodeSampled('llama', prompt, settings, 7, generated), "Node's sampler, same seed");
    assert.equal(await cacheLength(page), ids.length);
    const poem = (await generatedChips(page).allInnerTexts()).join('');
    assert.ok((poem.match(/\p{Script=Han}/gu) ?? []).length >= generated / 2, `poem characters: ${poem}`);

    await page.locator('button[data-action="generate"]').click();
    await settled(page);
    assert.deepEqual(await tokenIds(page), ids, 'the same seed draws the same continuation');

    await page.locator('input[name="model-seed"]').fill('8');
    await page.locator('input[name="model-seed"]').press('Tab');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('model-seed') === '8');
    await page.locator('button[data-action="generate"]').click();
    await settled(page);
    assert.notDeepEqual(await tokenIds(page), ids, 'another seed, another continuation');

    // Run + Next token continues the same seeded draws as Generate
    await page.locator('button[data-action="run"]').click();
    await settled(page);
    await page.locator('button[data-action="next-token"]').click();
    await settled(page);
    const seed8 = await nodeSampled('llama', prompt, settings, 8, 1);
    assert.deepEqual((await tokenIds(page)).slice(prompt.length), seed8);

    // Stop: ask for 64 tokens and stop after the first ones arrive
    await page.locator('input[name="model-new"]').fill('64');
    await page.locator('input[name="model-new"]').press('Tab');
    assert.ok(await page.locator('button[data-action="stop"]').isDisabled(), 'nothing to stop yet');
    await page.locator('button[data-action="generate"]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-role="tokens"] > li[data-role="generated"]').length >= 2);
    await page.locator('button[data-action="stop"]').click();
    await settled(page);
    const stoppedAt = await generatedChips(page).count();
    assert.ok(stoppedAt >= 2 && stoppedAt < 64, `stopped after ${stoppedAt}`);
    assert.match(await message(page), new RegExp(`Stopped after ${stoppedAt} tokens`));
    assert.equal(await cacheLength(page), prompt.length + stoppedAt);
    assert.ok(await page.locator('button[data-action="stop"]').isDisabled());
    assert.equal(await page.locator('button[data-action="next-token"]').isDisabled(), false, 'the stopped sequence can continue');
  });
});

test('sampling: out-of-range values in a link are clamped and said so, in Chinese too', async () => {
  const url = `${fixture.site.url}/zh/families/qwen/?model-temperature=9&model-top-p=0&model-new=500`;
  await withPage(url, async ({ page }) => {
    const notes = await message(page);
    assert.match(notes, /model-temperature = 9 超出 0…2，改用 2/);
    assert.match(notes, /model-top-p = 0 超出 0\.05…1，改用 0\.05/);
    assert.match(notes, /model-new = 500 超出 1…64，改用 64/);
    assert.equal(await page.locator('input[name="model-temperature"]').inputValue(), '2');
    assert.equal(await page.locator('button[data-action="generate"]').innerText(), '生成');
  });
});

test('a link restores replica, text, layer and head; out-of-range ones are clamped with a note; keyboard moves the head', async () => {
  const url = `${fixture.site.url}/en/families/baichuan/?model-replica=baichuan2-13b&model-text=a+b&model-layer=7&model-head=20`;
  await withPage(url, async ({ page }) => {
    await runLink(page);
    assert.equal(await page.locator('select[name="model-replica"]').inputValue(), 'baichuan2-13b');
    assert.ok(await page.locator('input[name="model-untrained"]').isChecked(), 'no trained Baichuan2: random weights');
    assert.match(await page.locator('[data-role="weights-hint"]').innerText(), /no trained model/);
    assert.equal(await page.locator('textarea[name="model-text"]').inputValue(), 'a b');
    const notes = await message(page);
    assert.match(notes, /Layer 7 does not exist \(2 layers\)/);
    assert.match(notes, /Head 20 does not exist \(12 heads\)/);
    assert.equal(await page.locator('select[name="model-layer"]').inputValue(), '1');
    assert.equal(await page.locator('select[name="model-head"]').inputValue(), '11');
    assert.match(page.url(), /model-head=11/);

    const before = await attention(page);
    await page.locator('select[name="model-head"]').focus();
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('model-head') === '10');
    assert.notDeepEqual(await attention(page), before, 'another head, other probabilities');
    assert.match(await page.locator('[data-role="kv-head"]').innerText(), /head 10/);
  });
});

test('an unknown replica in the link is named at once, before any run, and the default is used', async () => {
  await withPage(`${fixture.site.url}/zh/families/qwen/?model-replica=qwen9`, async ({ page }) => {
    assert.match(await message(page), /qwen9/);
    const first = await page.locator('select[name="model-replica"] option').first().getAttribute('value');
    assert.equal(await page.locator('select[name="model-replica"]').inputValue(), first, 'the default replica');
    await runLink(page);
    assert.match(await message(page), /qwen9/, 'the note stays after the first run');
  });
});

test('a link with random weights restores the switch and runs the replica; an unknown choice is named', async () => {
  await withPage(`${fixture.site.url}/zh/families/llama/?model-weights=random&model-text=a`, async ({ page }) => {
    assert.ok(await page.locator('input[name="model-untrained"]').isChecked());
    await runLink(page);
    const diff = maxAbsDiff(await panelLogits(page), await nodeLogits('llama', await tokenIds(page), 'random'));
    assert.ok(diff < 1e-4, `random weights from a link: logits differ by ${diff}`);
  });
  await withPage(`${fixture.site.url}/en/families/llama/?model-weights=half`, async ({ page }) => {
    assert.match(await message(page), /“half” is not a choice of weights/);
    assert.equal(await page.locator('input[name="model-untrained"]').isChecked(), false);
  });
});

test('GQA: the head selector says which KV head each query head reads', async () => {
  await withPage(`${fixture.site.url}/zh/families/llama-2/?model-head=3`, async ({ page }) => {
    await runLink(page);
    assert.match(await page.locator('[data-role="kv-head"]').innerText(), /查询头 3 读取键值头 1/);
    assert.match(await page.locator('[data-role="architecture"] [data-fact="heads"]').innerText(), /GQA/);
  });
});

test('bad input on a phone: an id outside the vocabulary, empty text, too many tokens', async () => {
  await withPage(`${fixture.site.url}/en/families/qwen/?model-replica=qwen2`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await runLink(page);
    const ids = page.locator('input[name="model-ids"]');
    await ids.fill('1 2 999');
    await ids.press('Tab');
    assert.equal(await finished(page), 'error');
    assert.match(await message(page), /token id 999 is outside the vocabulary \(0\.\.255\)/);
    assert.equal(await ids.inputValue(), '1 2 999', 'the reader’s ids stay');

    await ids.fill('1 2 x');
    await ids.press('Tab');
    await settled(page);
    assert.match(await message(page), /“x” is not a token id/);

    const text = page.locator('textarea[name="model-text"]');
    await text.fill('');
    await settled(page);
    assert.match(await message(page), /The prompt is empty/);

    const long = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    await text.fill(long);
    await settled(page);
    assert.match(await message(page), /running the first 64/);
    assert.equal((await tokenIds(page)).length, 64);
    assert.equal(await text.inputValue(), long, 'the reader’s text is never cut');
    const overflow = await page.locator(ROOT).evaluate((root) => {
      const right = root.getBoundingClientRect().right;
      const sticking = [...root.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > right + 0.5)
        .map((e) => e.tagName);
      return [root.scrollWidth - root.clientWidth, document.documentElement.scrollWidth - innerWidth, sticking];
    });
    assert.deepEqual(overflow, [0, 0, []], 'a 64-token panel fits 360 px');
  });
});

test('your own checkpoint: broken files get the loader’s message, good files run', async () => {
  await withPage(`${fixture.site.url}/en/families/llama/`, async ({ page }) => {
    await page.locator('button[data-action="run"]').click();
    await settled(page, FIRST_RUN_MS);
    const files = tinyReplica('qwen2').files;
    const file = (name: string, buffer: Uint8Array) => ({
      name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(buffer),
    });
    const input = page.locator('input[type=file][name="model-files"]');
    const text = await page.locator('textarea[name="model-text"]').inputValue();

    await input.setInputFiles([
      file('config.json', new TextEncoder().encode('{"model_type": "gpt2"}')),
      file('model.safetensors', files.get('model.safetensors')!),
    ]);
    assert.equal(await finished(page), 'error');
    assert.match(await message(page), /'gpt2' is not a supported family/);
    assert.equal(await page.locator('textarea[name="model-text"]').inputValue(), text);

    const weights = files.get('model.safetensors')!;
    await input.setInputFiles([
      file('config.json', files.get('config.json')!),
      file('model.safetensors', weights.subarray(0, weights.length - 100)),
    ]);
    assert.equal(await finished(page), 'error');
    assert.match(await message(page), /model\.safetensors/);

    await input.setInputFiles([...files].map(([name, bytes]) => file(name, bytes)));
    await settled(page);
    assert.equal(await page.locator('select[name="model-replica"]').inputValue(), 'upload');
    assert.ok(await page.locator('input[name="model-untrained"]').isDisabled(), 'no weights switch for the reader’s files');
    assert.match(await page.locator('[data-role="architecture"] [data-fact="family"]').innerText(), /Qwen2/);
    const diff = maxAbsDiff(await panelLogits(page), await nodeLogits('qwen2', await tokenIds(page)));
    assert.ok(diff < 1e-4, `uploaded checkpoint: logits differ by ${diff}`);
  });
});

test('with WebGPU (SwiftShader) the smallest replica runs on WebGPU and says so', async () => {
  const browser = await launchChromium({ webgpu: true });
  try {
    await withPage(
      `${fixture.site.url}/en/families/baichuan/?model-replica=baichuan-13b&model-text=a+b+c`,
      async ({ page }) => {
        await runLink(page);
        const root = page.locator(ROOT);
        assert.equal(await root.getAttribute('data-backend'), 'webgpu');
        assert.equal(await root.getAttribute('data-fallback-reason'), '');
        assert.match(await page.locator('[data-role="status"]').innerText(), /WebGPU/);
        const matrix = await attention(page);
        expectDistributions(matrix);
        expectCausal(matrix);
        const diff = maxAbsDiff(await panelLogits(page), await nodeLogits('baichuan-13b', await tokenIds(page)));
        assert.ok(diff < 1e-3, `WebGPU logits differ from Node's WASM by ${diff}`);
      },
      browser,
    );
  } finally {
    await browser.close();
  }
});
