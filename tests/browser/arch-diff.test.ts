// The compare widget in headless Chromium on the built site: the table from the build, every
// control (both selects, swap), rows equal to the catalog diff, links that resolve, URL round trip,
// bad links said, presenter mode, zero console errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import type { WatchedPage } from './harness/browser.ts';
import { withCleanPage } from './harness/clean-page.ts';
import { archDiff } from '../../kernels/families/arch-diff.ts';
import { modelById, type ModelId } from '../../kernels/families/catalog.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/compare/', en: '/en/ideas/compare/' } as const;
const ROOT = 'section[data-widget="arch-diff"]';

const withPage = (path: string, body: (watched: WatchedPage) => Promise<void>) => withCleanPage(fixture, path, body);

const shownAspects = (page: Page) => page.locator(`${ROOT} tbody tr`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-aspect')));
const expectedAspects = (a: ModelId, b: ModelId) => archDiff(modelById(a), modelById(b)).differences.map((d) => d.aspect);

for (const [lang, path] of Object.entries(PAGES)) {
  test(`${lang}: the built table, both selects and swap follow the catalog diff; links resolve`, async () => {
    await withPage(path, async ({ page }) => {
      assert.deepEqual(await shownAspects(page), expectedAspects('llama-7b', 'llama-2-7b'));
      await page.locator(`${ROOT} select[name="diff-b"]`).selectOption('chatglm2-6b');
      assert.deepEqual(await shownAspects(page), expectedAspects('llama-7b', 'chatglm2-6b'));
      assert.equal(new URL(page.url()).searchParams.get('diff-b'), 'chatglm2-6b');
      assert.match(await page.locator(`${ROOT} [data-role="status"]`).innerText(), /CPU \(JavaScript\)/);
      assert.ok(Number(await page.locator(ROOT).getAttribute('data-update-ms')) >= 0);
      await page.locator(`${ROOT} select[name="diff-a"]`).selectOption('baichuan-13b');
      assert.deepEqual(await shownAspects(page), expectedAspects('baichuan-13b', 'chatglm2-6b'));
      await page.locator(`${ROOT} button[data-action="swap"]`).click();
      const params = new URL(page.url()).searchParams;
      assert.deepEqual([params.get('diff-a'), params.get('diff-b')], ['chatglm2-6b', 'baichuan-13b']);
      assert.equal(await page.locator(`${ROOT} [data-role="name-a"]`).innerText(), 'ChatGLM2-6B');
      for (const href of new Set(await page.locator(`${ROOT} tbody a`).evaluateAll((links) => links.map((a) => a.getAttribute('href')!)))) {
        assert.ok(href.startsWith(`/${lang}/`), href);
        const response = await page.request.get(fixture.site.url + href);
        assert.equal(response.status(), 200, href);
      }
    });
  });
}

test('a link restores both models; an unknown model is said and the default kept', async () => {
  await withPage(`${PAGES.en}?diff-a=qwen-7b&diff-b=baichuan-13b`, async ({ page }) => {
    assert.equal(await page.locator(`${ROOT} select[name="diff-a"]`).inputValue(), 'qwen-7b');
    assert.deepEqual(await shownAspects(page), expectedAspects('qwen-7b', 'baichuan-13b'));
  });
  await withPage(`${PAGES.zh}?diff-a=gpt-4&diff-b=qwen-7b`, async ({ page }) => {
    assert.match(await page.locator(`${ROOT} [data-role="message"]`).innerText(), /gpt-4/);
    assert.deepEqual(await shownAspects(page), expectedAspects('llama-7b', 'qwen-7b'));
  });
});

test('presenter mode opens, steps through LLaMA-7B vs Llama 2 → ChatGLM2 → Baichuan-13B, and closes', async () => {
  await withPage(PAGES.en, async ({ page }) => {
    const root = page.locator(ROOT);
    await page.locator(`${ROOT} button[data-action="present"]`).click();
    assert.equal(await root.getAttribute('data-presenting'), '');
    assert.deepEqual(await shownAspects(page), expectedAspects('llama-7b', 'llama-2-7b'));
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await shownAspects(page), expectedAspects('llama-7b', 'chatglm2-6b'));
    await page.locator(`${ROOT} button[data-presenter="next"]`).click();
    assert.deepEqual(await shownAspects(page), expectedAspects('llama-7b', 'baichuan-13b'));
    assert.equal(await root.getAttribute('data-step'), '2');
    await page.keyboard.press('Escape');
    assert.equal(await root.getAttribute('data-presenting'), null);
  });
});
