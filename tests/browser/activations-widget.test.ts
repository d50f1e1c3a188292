// The activations widget in headless Chromium, on the built site (run `npm run build` first):
// nothing heavy before use (not even with a link), every control, the values shown against the
// float64 references (kernels/demos/ffn-demo.ts, kernels/families/ffn-width.ts), shared links,
// clamping notes, presenter mode, and zero console errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import type { WatchedPage } from './harness/browser.ts';
import { runtimeRequests, settledWidget, withWatchedPage } from './harness/widget-page.ts';
import { ACTIVATIONS, referenceActivations } from '../../kernels/demos/ffn-demo.ts';
import { modelById } from '../../kernels/families/catalog.ts';
import { ffnWidthCheck } from '../../kernels/families/ffn-width.ts';
import { ACT_DEFAULTS, parseActivationsState, type ActivationsState } from '../../components/widgets/activations/state.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/activations/', en: '/en/ideas/activations/' } as const;
const ROOT = 'section[data-widget="activations"]';
const FIRST_RUN_MS = 120_000;

const withPage = (path: string, body: (watched: WatchedPage) => Promise<void>, viewport?: { width: number; height: number }) =>
  withWatchedPage(fixture, path, body, viewport);
const settled = (page: Page, timeout?: number) => settledWidget(page, ROOT, timeout);

async function urlState(page: Page): Promise<ActivationsState> {
  return parseActivationsState(new URL(page.url()).search, ACT_DEFAULTS).state;
}

/** The marked point's value on every curve, and the readouts, equal the float64 reference. */
async function expectReferenceValues(page: Page): Promise<void> {
  const state = await urlState(page);
  const reference = referenceActivations({ point: state.z, up: state.up });
  for (const name of ACTIVATIONS) {
    const dot = Number(await page.locator(`${ROOT} circle[data-point="${name}"]`).getAttribute('data-value'));
    const readout = Number(await page.locator(`${ROOT} li[data-activation="${name}"]`).getAttribute('data-value'));
    assert.ok(Math.abs(dot - reference.at[name]) <= 1e-5, `${name}: ${dot} vs ${reference.at[name]}`);
    assert.equal(readout, dot);
  }
  const focused = await page.locator(`${ROOT} polyline[data-focused="true"]`).getAttribute('data-curve');
  assert.equal(focused, state.focus);
}

/** The width derivation shows what ffnWidthCheck gives for the URL's state. */
async function expectWidth(page: Page): Promise<void> {
  const state = await urlState(page);
  const rule = state.multiplier === undefined ? { multipleOf: state.multipleOf } : { multipleOf: state.multipleOf, multiplier: state.multiplier };
  const check = ffnWidthCheck(modelById(state.model), rule);
  const text = await page.locator(`${ROOT} [data-role="derivation"]`).innerText();
  assert.ok(text.replace(/[,，]/g, '').includes(String(check.predicted)), `${text} lacks ${check.predicted}`);
  assert.equal(await page.locator(`${ROOT} [data-role="verdict"]`).getAttribute('data-matches'), String(check.matches));
}

for (const [lang, path] of Object.entries(PAGES)) {
  test(`${lang}: nothing loads before use; Run draws the curves with the float64 values`, async () => {
    await withPage(path, async ({ page }) => {
      const root = page.locator(ROOT);
      assert.equal(await root.getAttribute('data-state'), 'idle');
      assert.deepEqual(await runtimeRequests(page), []);
      await expectWidth(page); // rendered at build time, before any script
      await root.locator('button[data-action="run"]').click();
      await settled(page, FIRST_RUN_MS);
      assert.ok((await runtimeRequests(page)).length > 0);
      await expectReferenceValues(page);
      assert.equal(await root.getAttribute('data-backend'), 'wasm');
      assert.ok(Number(await root.getAttribute('data-update-ms')) > 0);
      assert.match(await root.locator('[data-role="status"]').innerText(), /WASM/);
      const gated = Number(await root.locator('li[data-activation="gated"]').getAttribute('data-value'));
      assert.ok(Math.abs(gated - 1.462) < 1e-3, 'the article’s silu(1)·2');
    });
  });
}

test('every control: focus, z₀, up, model, multiple_of, multiplier; a link restores it without computing', async () => {
  let link = '';
  await withPage(PAGES.en, async ({ page }) => {
    const root = page.locator(ROOT);
    await root.locator('input[name="act-focus"][value="relu"]').check();
    await settled(page, FIRST_RUN_MS);
    await expectReferenceValues(page);
    const before = await root.locator('li[data-activation="silu"]').getAttribute('data-value');

    await root.locator('input[name="act-z"]').focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft'); // z₀ 1 → −1
    await settled(page);
    assert.equal((await urlState(page)).z, -1);
    assert.notEqual(await root.locator('li[data-activation="silu"]').getAttribute('data-value'), before, 'moving z₀ changes the values');
    await expectReferenceValues(page);

    await root.locator('input[name="act-up"]').focus();
    await page.keyboard.press('Home'); // up = −4
    await root.locator('input[name="act-focus"][value="gated"]').check();
    await settled(page);
    assert.equal((await urlState(page)).up, -4);
    await expectReferenceValues(page);

    // Width: Qwen-14B brings LLaMA's default rule, which does not give 13696; multiple_of 128 does.
    await root.locator('select[name="act-model"]').selectOption('qwen-14b');
    await expectWidth(page);
    assert.equal(await root.locator('[data-role="verdict"]').getAttribute('data-matches'), 'false');
    assert.match(await root.locator('[data-role="verdict"]').innerText(), /multiple of 128/);
    await root.locator('select[name="act-multiple"]').selectOption('128');
    await expectWidth(page);
    assert.equal(await root.locator('[data-role="verdict"]').getAttribute('data-matches'), 'true');

    // Llama 2 70B brings its own rule: multiplier 1.3, multiple_of 4096.
    await root.locator('select[name="act-model"]').selectOption('llama-2-70b');
    assert.equal(await root.locator('input[name="act-multiplier"]').inputValue(), '1.3');
    assert.equal(await root.locator('select[name="act-multiple"]').inputValue(), '4096');
    await expectWidth(page);
    await root.locator('input[name="act-multiplier"]').fill('1e9');
    assert.match(await root.locator('[data-role="message"]').innerText(), /outside/);
    assert.equal(await root.locator('input[name="act-multiplier"]').inputValue(), '1e9', 'the typed text stays');
    assert.equal((await urlState(page)).multiplier, 3);
    await expectWidth(page);
    await root.locator('input[name="act-multiplier"]').fill('x');
    assert.match(await root.locator('[data-role="message"]').innerText(), /“x” is not a number/);
    await root.locator('input[name="act-multiplier"]').fill('1.3');
    assert.equal(await root.locator('[data-role="message"]').innerText(), '');
    await expectWidth(page);
    link = new URL(page.url()).search;
  });

  await withPage(`${PAGES.en}${link}`, async ({ page }) => {
    const root = page.locator(ROOT);
    assert.equal(await root.getAttribute('data-state'), 'idle', 'a link restores, it does not run');
    assert.deepEqual(await runtimeRequests(page), []);
    assert.equal(await root.locator('select[name="act-model"]').inputValue(), 'llama-2-70b');
    assert.equal(await root.locator('input[name="act-focus"]:checked').getAttribute('value'), 'gated');
    await expectWidth(page);
    await root.locator('button[data-action="run"]').click();
    await settled(page, FIRST_RUN_MS);
    assert.equal(new URL(page.url()).search, link, 'the link round-trips');
    await expectReferenceValues(page);
  });
});

test('a bad link on a phone: every problem is said, the numbers are clamped', async () => {
  const link = '?act-focus=tanh&act-z=1e9&act-up=abc&act-model=gpt-4&act-multiple=300&act-multiplier=0';
  await withPage(`${PAGES.zh}${link}`, async ({ page }) => {
    const root = page.locator(ROOT);
    const messages = await root.locator('[data-role="message"] p').allInnerTexts();
    assert.equal(messages.length, 6, messages.join('\n'));
    assert.equal(await root.locator('input[name="act-z"]').inputValue(), '6');
    assert.equal(await root.locator('select[name="act-multiple"]').inputValue(), '256');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width} px wide`);
    await root.locator('button[data-action="run"]').click();
    await settled(page, FIRST_RUN_MS);
    await expectReferenceValues(page);
  }, { width: 360, height: 740 });
});

test('presenter mode opens, steps ReLU → GELU → SiLU → gated, and closes', async () => {
  await withPage(PAGES.en, async ({ page }) => {
    const root = page.locator(ROOT);
    await root.locator('button[data-action="present"]').click();
    await settled(page, FIRST_RUN_MS);
    assert.equal(await root.getAttribute('data-presenting'), '');
    assert.equal((await urlState(page)).focus, 'relu');
    for (const focus of ['gelu', 'silu', 'gated']) {
      await page.keyboard.press('ArrowRight');
      await settled(page);
      assert.equal((await urlState(page)).focus, focus);
      await expectReferenceValues(page);
    }
    assert.equal(await root.getAttribute('data-step'), '3');
    await root.locator('button[data-presenter="exit"]').click();
    assert.equal(await root.getAttribute('data-presenting'), null);
  });
});
