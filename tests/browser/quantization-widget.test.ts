// The quantization widget in headless Chromium, on the built site (run `npm run build` first): nothing
// heavy before use (not even with a link), the default run in both languages, 8 bits keeping the
// trained model's prediction (KL near 0, same top token) and 2 bits moving it, the notes for bad
// values with the typed text kept, and zero console errors (withWatchedPage fails on any).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import type { WatchedPage } from './harness/browser.ts';
import { runtimeRequests, settledWidget, withWatchedPage } from './harness/widget-page.ts';
import { parseQuantState, QUANT_DEFAULTS, type QuantState } from '../../components/widgets/quantization/state.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/quantization/', en: '/en/ideas/quantization/' } as const;
const ROOT = 'section[data-widget="quantization"]';
const FIRST_RUN_MS = 120_000;

const withPage = (path: string, body: (watched: WatchedPage) => Promise<void>) => withWatchedPage(fixture, path, body);
const settled = (page: Page, timeout?: number) => settledWidget(page, ROOT, timeout);

async function urlState(page: Page): Promise<QuantState> {
  return parseQuantState(new URL(page.url()).search, QUANT_DEFAULTS).state;
}

const kl = async (page: Page) => Number(await page.locator(`${ROOT} [data-role="kl"]`).getAttribute('data-value'));
const topIds = async (page: Page, side: 'original' | 'quantized') =>
  page.locator(`${ROOT} td[data-side="${side}"]`).evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-id'))));

async function setBits(page: Page, bits: string): Promise<void> {
  await page.locator(`${ROOT} input[name="quant-bits"]`).fill(bits);
  await settled(page);
}

for (const [lang, path] of Object.entries(PAGES)) {
  test(`${lang}: nothing loads before use; the default runs; 8 bits keeps the prediction, 2 bits moves it`, async () => {
    await withPage(path, async ({ page }) => {
      const root = page.locator(ROOT);
      assert.equal(await root.getAttribute('data-state'), 'idle');
      assert.deepEqual(await runtimeRequests(page), []);
      await root.locator('button[data-action="run"]').click();
      await settled(page, FIRST_RUN_MS);
      assert.ok((await runtimeRequests(page)).length > 0, 'the run loaded the runtime');
      assert.deepEqual(await urlState(page), QUANT_DEFAULTS);
      assert.equal((await topIds(page, 'original')).length, 5);
      assert.equal((await topIds(page, 'quantized')).length, 5);
      assert.ok(Number.isFinite(await kl(page)));
      assert.ok(Number(await root.locator('[data-role="bytes"]').getAttribute('data-bytes')) > 0);
      assert.equal(await root.locator('[data-role="chart"] svg [data-series]').count(), 2, 'groups of 32 and whole rows');
      assert.equal(await root.getAttribute('data-backend'), 'wasm');
      assert.match(await root.locator('[data-role="status"]').innerText(), /WASM/);

      await setBits(page, '8');
      const eight = await kl(page);
      assert.ok(eight < 1e-3, `8-bit KL ${eight}`);
      assert.equal((await topIds(page, 'quantized'))[0], (await topIds(page, 'original'))[0], '8 bits keeps the top token');
      await setBits(page, '2');
      const two = await kl(page);
      assert.ok(two > 10 * eight, `2-bit KL ${two} against 8-bit ${eight}`);
      assert.equal((await urlState(page)).bits, 2);
    });
  });
}

test('bad values: bits clamped or refused and a blank prompt refused, each with a note, the typed text kept; a link restores without computing', async () => {
  await withPage(PAGES.en, async ({ page }) => {
    const root = page.locator(ROOT);
    const bits = root.locator('input[name="quant-bits"]');
    const message = root.locator('[data-role="message"]');
    await root.locator('select[name="quant-group"]').selectOption('row');
    await settled(page, FIRST_RUN_MS);
    await setBits(page, '12');
    assert.match(await message.innerText(), /from 2 to 8: 12 is outside, so 8 is used/);
    assert.equal(await bits.inputValue(), '12', 'the typed text stays');
    assert.deepEqual({ bits: (await urlState(page)).bits, group: (await urlState(page)).groupSize }, { bits: 8, group: 'row' });
    await setBits(page, 'x');
    assert.match(await message.innerText(), /“x” is not a whole number/);
    assert.equal((await urlState(page)).bits, 8, 'the last good value');
    await root.locator('input[name="quant-text"]').fill('  ');
    await settled(page);
    assert.match(await message.innerText(), /prompt is empty/);
    assert.equal(await root.locator('input[name="quant-text"]').inputValue(), '  ');
    assert.equal((await urlState(page)).text, QUANT_DEFAULTS.text);
  });
  await withPage(`${PAGES.zh}?quant-model=qwen&quant-bits=3&quant-group=50`, async ({ page }) => {
    const root = page.locator(ROOT);
    assert.equal(await root.locator('select[name="quant-model"]').inputValue(), 'qwen');
    assert.equal(await root.locator('input[name="quant-bits"]').inputValue(), '3');
    assert.equal(await root.locator('select[name="quant-group"]').inputValue(), '32');
    assert.match(await root.locator('[data-role="message"]').innerText(), /50/);
    assert.equal(await root.getAttribute('data-state'), 'idle');
    assert.deepEqual(await runtimeRequests(page), []);
  });
});
