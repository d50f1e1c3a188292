// What the reader gives the model panel, in headless Chromium: links restore the state (unknown or
// out-of-range values named and clamped), bad ids and text get clear messages on a phone, and the
// reader's own checkpoint files run (one layer at a time when they do not fit the memory, refused
// with the plan's figures when not even that fits), or get the loader's message when broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { PANEL_TOKENS } from '../../kernels/demos/model-panel.ts';
import { tinyReplica } from '../../kernels/families/tiny/replica.ts';
import { planHeaders } from '../../kernels/hub/plan.ts';
import { LAYERED_RUNNER } from '../../kernels/hub/runner.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';
import { useSite } from './harness/site.ts';
import {
  ROOT,
  FIRST_RUN_MS,
  finished,
  settled,
  message,
  tokenIds,
  attention,
  nodeLogits,
  panelLogits,
  runLink,
  pageOpener,
} from './harness/model-panel.ts';

const fixture = useSite({ webgpu: false });
const withPage = pageOpener(fixture);

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

test('your own checkpoint larger than the memory: one layer at a time with Node’s logits and generation off; larger still, refused with the plan’s figures', async () => {
  const files = tinyReplica('qwen2').files;
  const checkpoint = await loadCheckpoint(memorySource(files));
  const weightBytes = files.get('model.safetensors')!.length;
  const options = { budgetBytes: Infinity, runner: LAYERED_RUNNER.limits, ...PANEL_TOKENS };
  const { memory } = planHeaders(checkpoint.config, checkpoint.tensors, weightBytes, options, 'qwen2').plan;
  assert.ok(memory.layerByLayerBytes < memory.residentBytes, 'a budget between the two exists');
  const file = (name: string) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(files.get(name)!) });
  /** Stands in for a device with this much memory: the panel's plan reads navigator.deviceMemory when it opens files. */
  const device = (page: Page, bytes: number) =>
    page.evaluate((gib) => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => gib, configurable: true }), bytes / 2 ** 30);

  await withPage(`${fixture.site.url}/en/families/llama/`, async ({ page }) => {
    const input = page.locator('input[type=file][name="model-files"]');
    await device(page, (memory.layerByLayerBytes + memory.residentBytes) / 2);
    await input.setInputFiles([...files.keys()].map(file));
    await settled(page, FIRST_RUN_MS);
    assert.equal(await page.locator('select[name="model-replica"]').inputValue(), 'upload');
    const diff = maxAbsDiff(await panelLogits(page), await nodeLogits('qwen2', await tokenIds(page), 'random'));
    assert.ok(diff < 1e-4, `one layer at a time: logits differ by ${diff}`);
    assert.match(await message(page), /runs one layer at a time/);
    assert.equal(await page.locator(`${ROOT} button[data-action="generate"]`).isDisabled(), true);
    assert.equal(await page.locator(`${ROOT} button[data-action="next-token"]`).isDisabled(), true);

    const text = await page.locator('textarea[name="model-text"]').inputValue();
    await device(page, memory.layerByLayerBytes / 2);
    // The same files picked again are a new choice: the input is cleared first, as a reader's second pick would be.
    await input.setInputFiles([]);
    await input.setInputFiles([...files.keys()].map(file));
    assert.equal(await finished(page), 'error');
    assert.match(await message(page), /Refused: all layers need .*even one layer at a time needs .*more than the .* this page counts on/);
    assert.equal(await page.locator('textarea[name="model-text"]').inputValue(), text, 'the reader’s text stays');
  });
});
