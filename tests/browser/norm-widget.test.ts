// The norm widget in headless Chromium, on the built site (run `npm run build` first): nothing heavy
// before use (not even with a link), every control, the numbers shown against the float64
// references (kernels/demos/norm-demo.ts), shared links, clamping notes, presenter mode, and zero
// console errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import type { WatchedPage } from './harness/browser.ts';
import { runtimeRequests, settledWidget, withWatchedPage } from './harness/widget-page.ts';
import { referenceNorms, referenceResidualRms } from '../../kernels/demos/norm-demo.ts';
import { PanelModel } from '../../kernels/demos/model-panel.ts';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { tinyReplica, type ReplicaName } from '../../kernels/families/tiny/replica.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { parseNormState, NORM_DEFAULTS, type NormWidgetState } from '../../components/widgets/norm/state.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/normalization/', en: '/en/ideas/normalization/' } as const;
const ROOT = 'section[data-widget="norm"]';
const FIRST_RUN_MS = 120_000;

const withPage = (path: string, body: (watched: WatchedPage) => Promise<void>, viewport?: { width: number; height: number }) =>
  withWatchedPage(fixture, path, body, viewport);
const settled = (page: Page, timeout?: number) => settledWidget(page, ROOT, timeout);

/** The state the page's URL holds (what the widget shows). */
async function urlState(page: Page): Promise<NormWidgetState> {
  return parseNormState(new URL(page.url()).search, NORM_DEFAULTS).state;
}

async function tableRow(page: Page, row: string): Promise<number[]> {
  return page.locator(`${ROOT} tr[data-row="${row}"] td[data-value]`).evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
}

function close(actual: readonly number[], expected: ArrayLike<number>, what: string, tolerance = 1e-4): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((value, i) => assert.ok(Math.abs(value - (expected[i] as number)) <= tolerance, `${what}[${i}]: ${value} vs ${expected[i]}`));
}

/** Every number in the table equals the float64 reference for the URL's state. */
async function expectReferenceNumbers(page: Page): Promise<void> {
  const state = await urlState(page);
  const reference = referenceNorms(state);
  close(await tableRow(page, 'x'), reference.original.input, 'x', 0);
  close(await tableRow(page, 'xt'), reference.transformed.input, 'x′', 0);
  close(await tableRow(page, 'ln-x'), reference.original.layerNorm, 'LN(x)', 1e-3);
  close(await tableRow(page, 'ln-xt'), reference.transformed.layerNorm, 'LN(x′)', 1e-3);
  close(await tableRow(page, 'rms-x'), reference.original.rmsNorm, 'RMS(x)');
  close(await tableRow(page, 'rms-xt'), reference.transformed.rmsNorm, 'RMS(x′)');
}

const diff = async (page: Page, norm: 'ln' | 'rms') => Number(await page.locator(`${ROOT} [data-role="${norm}-verdict"]`).getAttribute('data-diff'));

async function residualReference(name: ReplicaName): Promise<number[]> {
  const replica = tinyReplica(name);
  const model = await PanelModel.open(nodeRuntime(), memorySource(replica.files));
  const ids = model.preparePrompt([5, 17, 42, 8, 99, 23]).ids;
  return referenceResidualRms(model.spec, (await loadCheckpoint(memorySource(replica.files))).tensors, ids);
}

async function residualShown(page: Page, model: string): Promise<number[]> {
  return page
    .locator(`${ROOT} [data-role="residual-chart"] svg[data-model="${model}"] rect[data-value]`)
    .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-value'))));
}

for (const [lang, path] of Object.entries(PAGES)) {
  test(`${lang}: nothing loads before use; Run shows both norms and the residual stream equal to the float64 references`, async () => {
    await withPage(path, async ({ page }) => {
      const root = page.locator(ROOT);
      assert.equal(await root.getAttribute('data-state'), 'idle');
      assert.equal(await page.locator(`${ROOT} .editor-bar`).count(), 4, 'the editor is drawn before any run');
      assert.deepEqual(await runtimeRequests(page), []);
      await root.locator('button[data-action="run"]').click();
      await settled(page, FIRST_RUN_MS);
      assert.ok((await runtimeRequests(page)).length > 0, 'the run loaded the runtime (so the check above can fail)');
      await expectReferenceNumbers(page);
      close(await residualShown(page, 'llama'), await residualReference('llama'), 'LLaMA residual RMS', 1e-3);
      close(await residualShown(page, 'chatglm-6b'), await residualReference('chatglm-6b'), 'ChatGLM-6B residual RMS', 1e-3);
      assert.equal(await root.getAttribute('data-backend'), 'wasm');
      assert.ok(Number(await root.getAttribute('data-update-ms')) > 0);
      assert.match(await page.locator(`${ROOT} [data-role="status"]`).innerText(), /WASM/);
      assert.match((await page.locator(`${ROOT} [data-role="ln-chart"] svg`).getAttribute('aria-label'))!, /LayerNorm/);
    });
  });
}

test('every control: drag, keys, typed entries, entry count, shift, scale, replica; a link restores it without computing', async () => {
  let link = '';
  await withPage(PAGES.en, async ({ page }) => {
    const root = page.locator(ROOT);
    // Pointer: drag entry 1's bar to the top of the axis.
    const bar = root.locator('.editor-bar').first();
    await root.locator('[data-role="editor"]').evaluate((editor) => editor.scrollIntoView({ block: 'center' }));
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 2, { steps: 4 });
    await page.mouse.up();
    await settled(page, FIRST_RUN_MS);
    const dragged = (await urlState(page)).vector[0]!;
    assert.ok(dragged > 8, `dragged to ${dragged}`);
    assert.equal(await root.locator('input[data-entry="0"]').inputValue(), String(dragged));
    await expectReferenceNumbers(page);

    // Keyboard on a bar: Home goes to −10, ↑ adds 0.1.
    await root.locator('.editor-bar').nth(1).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    await settled(page);
    assert.equal((await urlState(page)).vector[1], -9.9);
    assert.equal(await root.locator('.editor-bar').nth(1).getAttribute('aria-valuenow'), '-9.9');

    // Typed entries: a number, then 1e9 (clamped, said, text kept), then text that is no number.
    await root.locator('input[data-entry="2"]').fill('0.5');
    await settled(page);
    assert.equal((await urlState(page)).vector[2], 0.5);
    await root.locator('input[data-entry="3"]').fill('1e9');
    await settled(page);
    assert.equal((await urlState(page)).vector[3], 10);
    assert.equal(await root.locator('input[data-entry="3"]').inputValue(), '1e9');
    assert.match(await root.locator('[data-role="message"]').innerText(), /outside/);
    await root.locator('input[data-entry="3"]').fill('four');
    await settled(page);
    assert.equal((await urlState(page)).vector[3], 10, 'the last good value stays');
    assert.match(await root.locator('[data-role="message"]').innerText(), /“four” is not a number/);
    await root.locator('input[data-entry="3"]').fill('4');
    await settled(page);
    assert.equal(await root.locator('[data-role="message"]').innerText(), '');

    // Entry count: six entries, six bars, six columns.
    await root.locator('select[name="norm-count"]').selectOption('6');
    await settled(page);
    assert.equal(await root.locator('.editor-bar').count(), 6);
    assert.equal((await tableRow(page, 'x')).length, 6);
    await expectReferenceNumbers(page);

    // Shift c = +3 (six steps of 0.5): LayerNorm unchanged, RMSNorm changed.
    await root.locator('input[name="norm-shift"]').focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await settled(page);
    assert.equal((await urlState(page)).shift, 3);
    assert.ok((await diff(page, 'ln')) < 1e-3 && (await diff(page, 'rms')) > 0.01);
    await expectReferenceNumbers(page);

    // Back to c = 0, then scale k up: both unchanged.
    await root.locator('input[name="norm-shift"]').focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
    await root.locator('input[name="norm-scale"]').focus();
    await page.keyboard.press('End');
    await settled(page);
    assert.deepEqual([(await urlState(page)).shift, (await urlState(page)).scale], [0, 10]);
    assert.ok((await diff(page, 'ln')) < 1e-3 && (await diff(page, 'rms')) < 1e-3);
    await expectReferenceNumbers(page);

    // Replica: Qwen beside ChatGLM-6B.
    await root.locator('select[name="norm-model"]').selectOption('qwen');
    await settled(page);
    close(await residualShown(page, 'qwen'), await residualReference('qwen'), 'Qwen residual RMS', 1e-3);
    link = new URL(page.url()).search;
  });

  await withPage(`${PAGES.en}${link}`, async ({ page }) => {
    const root = page.locator(ROOT);
    assert.equal(await root.getAttribute('data-state'), 'idle', 'a link restores, it does not run');
    assert.deepEqual(await runtimeRequests(page), []);
    assert.equal(await root.locator('select[name="norm-model"]').inputValue(), 'qwen');
    assert.equal(await root.locator('input[name="norm-scale"]').inputValue(), '10');
    assert.equal(await root.locator('.editor-bar').count(), 6);
    await root.locator('button[data-action="run"]').click();
    await settled(page, FIRST_RUN_MS);
    assert.equal(new URL(page.url()).search, link, 'the link round-trips');
    await expectReferenceNumbers(page);
  });
});

test('a bad link on a phone: every problem is said, the numbers are clamped', async () => {
  const link = '?norm-x=1e9,abc,3&norm-shift=99&norm-scale=0&norm-model=gpt';
  await withPage(`${PAGES.zh}${link}`, async ({ page }) => {
    const root = page.locator(ROOT);
    const messages = await root.locator('[data-role="message"] p').allInnerTexts();
    assert.equal(messages.length, 5, messages.join('\n'));
    assert.equal(await root.locator('input[data-entry="0"]').inputValue(), '10');
    assert.equal(await root.locator('input[name="norm-shift"]').inputValue(), '10');
    assert.equal(await root.locator('input[name="norm-scale"]').inputValue(), '0.1');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width} px wide`);
    await root.locator('button[data-action="run"]').click();
    await settled(page, FIRST_RUN_MS);
    await expectReferenceNumbers(page);
  }, { width: 360, height: 740 });
});

test('presenter mode opens, steps through shift and scale, and closes', async () => {
  await withPage(PAGES.en, async ({ page }) => {
    const root = page.locator(ROOT);
    await root.locator('button[data-action="present"]').click();
    await settled(page, FIRST_RUN_MS);
    assert.equal(await root.getAttribute('data-presenting'), '');
    assert.equal(await root.getAttribute('data-step'), '0');
    await page.keyboard.press('ArrowRight');
    await settled(page);
    assert.equal(await root.getAttribute('data-step'), '1');
    assert.equal((await urlState(page)).shift, 3);
    assert.ok((await diff(page, 'ln')) < 1e-3 && (await diff(page, 'rms')) > 0.01);
    await root.locator('button[data-presenter="next"]').click();
    await settled(page);
    assert.equal((await urlState(page)).scale, 10);
    assert.ok((await diff(page, 'rms')) < 1e-3);
    await expectReferenceNumbers(page);
    await page.keyboard.press('Escape');
    assert.equal(await root.getAttribute('data-presenting'), null);
  });
});
