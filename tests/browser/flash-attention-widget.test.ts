// The FlashAttention widget in headless Chromium, on the built site (run `npm run build` first):
// nothing heavy before use, both languages computing the same output twice (difference below 1e-5)
// with the traced m and ℓ and the tile counts equal to the float64 reference, a parameter change
// redrawing them, a clamp note that keeps the typed text, a phone-width page, and no console errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import type { WatchedPage } from './harness/browser.ts';
import { runtimeRequests, settledWidget, withWatchedPage } from './harness/widget-page.ts';
import { referenceFlashDemo } from '../../kernels/demos/flash-attention-demo.ts';
import { FLASH_DEFAULTS, parseFlashState, type FlashState } from '../../components/widgets/flash-attention/state.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/flash-attention/', en: '/en/ideas/flash-attention/' } as const;
const ROOT = 'section[data-widget="flash-attention"]';
const FIRST_RUN_MS = 120_000;

const withPage = (path: string, body: (watched: WatchedPage) => Promise<void>, viewport?: { width: number; height: number }) =>
  withWatchedPage(fixture, path, body, viewport);
const settled = (page: Page, timeout?: number) => settledWidget(page, ROOT, timeout);

async function urlState(page: Page): Promise<FlashState> {
  return parseFlashState(new URL(page.url()).search, FLASH_DEFAULTS).state;
}

async function shown(page: Page): Promise<{ diff: number; m: number[]; ell: number[]; skipped: number; held: number }> {
  const column = (name: string) =>
    page.locator(`${ROOT} tbody[data-role="trace-table"] td[data-column="${name}"]`).evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
  return {
    diff: Number(await page.locator(`${ROOT} [data-role="verdict"]`).getAttribute('data-diff')),
    m: await column('m'),
    ell: await column('ell'),
    skipped: Number(await page.locator(`${ROOT} [data-role="tiles"]`).getAttribute('data-skipped')),
    held: Number(await page.locator(`${ROOT} [data-role="held-tiled"]`).getAttribute('data-held')),
  };
}

function close(actual: readonly number[], expected: ArrayLike<number>, what: string, tolerance = 1e-4): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((value, i) => assert.ok(Math.abs(value - (expected[i] as number)) <= tolerance, `${what}[${i}]: ${value} vs ${expected[i]}`));
}

/** What the widget shows equals the float64 reference for the URL's state; the two outputs agree. */
async function expectReference(page: Page): Promise<void> {
  const reference = referenceFlashDemo(await urlState(page));
  const view = await shown(page);
  assert.ok(view.diff < 1e-5, `largest difference ${view.diff}`);
  close(view.m, reference.m, 'm');
  close(view.ell, reference.ell, 'ℓ', 1e-3);
  assert.equal(view.skipped, reference.counts.skipped);
  assert.equal(view.held, reference.counts.tileHeld);
  assert.equal(await page.locator(`${ROOT} [data-role="m-chart"] svg path[data-series="m"]`).count(), 1);
  assert.equal(await page.locator(`${ROOT} [data-role="ell-chart"] svg path[data-series="ell"]`).count(), 1);
}

for (const [lang, path] of Object.entries(PAGES)) {
  test(`${lang}: nothing loads before use; Run and a new block size show equal outputs, m and ℓ and counts as the reference`, async () => {
    await withPage(path, async ({ page }) => {
      const root = page.locator(ROOT);
      assert.equal(await root.getAttribute('data-state'), 'idle');
      assert.deepEqual(await runtimeRequests(page), []);
      await root.locator('button[data-action="run"]').click();
      await settled(page, FIRST_RUN_MS);
      assert.deepEqual(await urlState(page), FLASH_DEFAULTS);
      await expectReference(page);
      const before = await shown(page);
      assert.equal(before.m.length, 4, 'the last row reads all four blocks');
      assert.equal(before.skipped, 6);
      assert.equal(await root.getAttribute('data-backend'), 'wasm');
      assert.match(await root.locator('[data-role="status"]').innerText(), /WASM/);
      assert.match(await root.locator('[data-role="verdict"]').innerText(), lang === 'zh' ? /舍入/ : /rounding/);

      await root.locator('input[name="flash-bc"]').fill('2');
      await root.locator('input[name="flash-bc"]').dispatchEvent('change');
      await settled(page);
      assert.equal((await urlState(page)).Bc, 2);
      await expectReference(page);
      const after = await shown(page);
      assert.equal(after.m.length, 8, 'eight blocks of two');
      assert.equal(after.skipped, 28);
      assert.equal(after.held, 4);
    });
  });
}

test('an out-of-range value is clamped, said, and left as typed; the causal switch and a link restore', async () => {
  let link = '';
  await withPage(PAGES.en, async ({ page }) => {
    const root = page.locator(ROOT);
    const n = root.locator('input[name="flash-n"]');
    await n.fill('500');
    await n.dispatchEvent('change');
    await settled(page, FIRST_RUN_MS);
    assert.equal((await urlState(page)).N, 64);
    assert.equal(await n.inputValue(), '500', 'the typed text stays');
    assert.match(await root.locator('[data-role="message"]').innerText(), /flash-n must be a whole number from 4 to 64: 64 is used instead of 500/);
    await expectReference(page);

    await root.locator('input[name="flash-causal"]').uncheck();
    await settled(page);
    assert.equal((await urlState(page)).causal, false);
    assert.equal((await shown(page)).skipped, 0);
    await expectReference(page);

    await n.fill('8');
    await n.dispatchEvent('change');
    await settled(page);
    // The row (15) and Bc (4) were set for N = 16: the row now exceeds N − 1 and is clamped too.
    assert.deepEqual([(await urlState(page)).N, (await urlState(page)).row], [8, 7]);
    assert.match(await root.locator('[data-role="message"]').innerText(), /flash-row/);
    await expectReference(page);
    link = new URL(page.url()).search;
  });

  await withPage(`${PAGES.zh}${link}`, async ({ page }) => {
    const root = page.locator(ROOT);
    assert.equal(await root.getAttribute('data-state'), 'idle', 'a link restores, it does not run');
    assert.deepEqual(await runtimeRequests(page), []);
    assert.equal(await root.locator('input[name="flash-n"]').inputValue(), '8');
    assert.equal(await root.locator('input[name="flash-causal"]').isChecked(), false);
    await root.locator('button[data-action="run"]').click();
    await settled(page, FIRST_RUN_MS);
    assert.equal(new URL(page.url()).search, link, 'the link round-trips');
    await expectReference(page);
  });
});

test('a bad link on a phone: every problem is said in Chinese, the page fits 360 px', async () => {
  await withPage(`${PAGES.zh}?flash-n=2&flash-bc=lots&flash-d=99`, async ({ page }) => {
    const root = page.locator(ROOT);
    const messages = await root.locator('[data-role="message"] p').allInnerTexts();
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.match(messages.join('\n'), /不是数字/);
    assert.match(messages.join('\n'), /已用 4 代替 2/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width} px wide`);
    await root.locator('button[data-action="run"]').click();
    await settled(page, FIRST_RUN_MS);
    assert.deepEqual(await urlState(page), { ...FLASH_DEFAULTS, N: 4, Bc: 4, d: 16, row: 3 });
    await expectReference(page);
    const after = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(after <= 360, `with results the page is ${after} px wide`);
  }, { width: 360, height: 740 });
});
