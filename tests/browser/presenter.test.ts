// Presenter mode in real Chromium on the built site (run `npm run build` first): opened by the
// button and by ?present=, stepped with the arrow keys (each step changes what the widget shows),
// closed with Escape; type sized for a projector at 1024×768. Screenshots of presenter mode (light
// and dark) go to $SCREENSHOT_DIR when it is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import { IDEA_WIDGET_PAGES } from './site-pages.ts';
import { withWatchedPage, type WatchedPage } from './harness/browser.ts';
import { heatmapCanvas } from './harness/heatmap.ts';

const fixture = useSite({ webgpu: false });
const FIRST_RUN_MS = 120_000;
const PROJECTOR = { width: 1024, height: 768 };
const MASK = 'section[data-widget="mask"]';
const MODEL = 'section[data-widget="model"]';

const withPage = (path: string, body: (watched: WatchedPage) => Promise<void>) =>
  withWatchedPage(fixture.browser, fixture.site.url + path, body);

async function settled(page: Page, root: string, timeout = 30_000): Promise<void> {
  await page.locator(`${root}[data-state="ready"], ${root}[data-state="error"]`).waitFor({ timeout });
  assert.equal(await page.locator(root).getAttribute('data-state'), 'ready', await page.locator(`${root} [data-role="message"]`).innerText());
}

/** The values the heatmap in `role` shows, cell by cell. */
const cellValues = async (page: Page, root: string, role: string) =>
  ((await heatmapCanvas(page.locator(`${root} [data-role="${role}"]`)).getAttribute('data-values')) ?? '').split(' ');

/** Presenter mode covers the viewport, and its caption, body and every chart's text are big enough for a projector. */
async function expectProjectorSized(page: Page, root: string): Promise<void> {
  const sizes = await page.locator(root).evaluate((element) => {
    const box = element.getBoundingClientRect();
    const px = (el: Element | null) => (el === null ? 0 : Number.parseFloat(getComputedStyle(el).fontSize));
    // Every drawn chart's text, at its font size times the SVG's scale on screen.
    const chartText = [...element.querySelectorAll<SVGSVGElement>('svg')].flatMap((svg) => {
      const width = svg.getBoundingClientRect().width;
      if (width === 0) return [];
      const scale = svg.viewBox.baseVal.width > 0 ? width / svg.viewBox.baseVal.width : 1;
      return [...svg.querySelectorAll('text')].map((t) => px(t) * scale);
    });
    return {
      covers: box.left === 0 && box.top === 0 && box.width === innerWidth && box.height === innerHeight,
      caption: px(element.querySelector('.presenter-caption')),
      body: px(element),
      chartMin: chartText.length === 0 ? Infinity : Math.min(...chartText),
    };
  });
  assert.ok(sizes.covers, 'presenter mode fills the viewport');
  assert.ok(sizes.caption >= 24, `caption ${sizes.caption}px`);
  assert.ok(sizes.body >= 20, `body text ${sizes.body}px`);
  assert.ok(sizes.chartMin >= 16, `chart text ${sizes.chartMin}px on screen`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env['SCREENSHOT_DIR'];
  if (dir === undefined) return;
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => (document.documentElement.dataset['theme'] = t), theme);
    await page.screenshot({ path: join(dir, `presenter-${name}-${theme}.png`) });
  }
}

test('mask (en): the button opens presenter mode; arrows walk causal → growing prefix → bidirectional; Escape closes', async () => {
  await withPage('/en/ideas/causal-vs-prefix/', async ({ page }) => {
    await page.setViewportSize(PROJECTOR);
    const root = page.locator(MASK);
    const trigger = root.locator('button[data-action="present"]');
    await trigger.click();
    assert.equal(await root.getAttribute('data-presenting'), '');
    assert.equal(await root.getAttribute('data-step'), '0');
    assert.match(await root.locator('.presenter-caption').innerText(), /Causal/);
    assert.match(await root.locator('.presenter-counter').innerText(), /Step 1 of 5/);
    await settled(page, MASK, FIRST_RUN_MS);
    assert.ok(await root.locator('input[name="mask-mode"][value="causal"]').isChecked());
    await expectProjectorSized(page, MASK);
    await screenshot(page, 'mask-en');

    const seen = [await cellValues(page, MASK, 'mask-heatmap')];
    for (let step = 1; step <= 4; step++) {
      await page.keyboard.press('ArrowRight');
      assert.equal(await root.getAttribute('data-step'), String(step));
      await settled(page, MASK);
      const mask = await cellValues(page, MASK, 'mask-heatmap');
      assert.notDeepEqual(mask, seen.at(-1), `step ${step} changes the mask`);
      seen.push(mask);
    }
    assert.ok(await root.locator('input[name="mask-mode"][value="bidirectional"]').isChecked());
    assert.ok(seen.at(-1)!.every((value) => value === '1'), 'the last step is bidirectional');
    assert.match(page.url(), /mask-mode=bidirectional/, 'a step is a link: the URL follows it');
    assert.ok(await root.locator('button[data-presenter="next"]').isDisabled(), 'no step after the last');

    await page.keyboard.press('ArrowLeft');
    await settled(page, MASK);
    assert.deepEqual(await cellValues(page, MASK, 'mask-heatmap'), seen[3], 'back one step shows that step again');

    await page.keyboard.press('Escape');
    assert.equal(await root.getAttribute('data-presenting'), null);
    assert.equal(await root.locator('.presenter-bar').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-action')), 'present', 'focus returns to the button');
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-presenting')), false);
  });
});

test('mask (zh): ?present=1 opens the first widget in presenter mode at load and runs its first step', async () => {
  await withPage('/zh/ideas/causal-vs-prefix/?present=1', async ({ page }) => {
    await page.setViewportSize(PROJECTOR);
    const root = page.locator(MASK);
    await root.locator('.presenter-bar').waitFor();
    assert.match(await root.locator('.presenter-counter').innerText(), /第 1 步，共 5 步/);
    assert.match(await root.locator('.presenter-caption').innerText(), /因果/);
    await settled(page, MASK, FIRST_RUN_MS);
    await expectProjectorSized(page, MASK);
    await screenshot(page, 'mask-zh');
    await root.locator('button[data-presenter="next"]').click();
    await settled(page, MASK);
    assert.ok(await root.locator('input[name="mask-mode"][value="prefix"]').isChecked(), 'the Next button steps too');
    await page.keyboard.press('Escape');
    assert.equal(await root.getAttribute('data-presenting'), null);
  });
});

test('model panel (en): ?present=model runs the prompt, arrows walk heads and layers, then random weights, Escape closes', async () => {
  await withPage('/en/families/llama/?present=model', async ({ page }) => {
    await page.setViewportSize(PROJECTOR);
    const root = page.locator(MODEL);
    await root.locator('.presenter-bar').waitFor();
    await settled(page, MODEL, FIRST_RUN_MS);
    assert.equal(await root.getAttribute('data-step'), '0');
    await expectProjectorSized(page, MODEL);
    await screenshot(page, 'model-en');
    const count = Number((await root.locator('.presenter-counter').innerText()).match(/of (\d+)/)![1]);
    assert.ok(count >= 3, `${count} steps`);

    let before = await cellValues(page, MODEL, 'attention-heatmap');
    for (let step = 1; step < count; step++) {
      await page.keyboard.press('ArrowRight');
      const view = (await root.locator('select[name="model-layer"]').inputValue()) + '/' + (await root.locator('select[name="model-head"]').inputValue());
      await page.waitForFunction(
        ([selector, old]) =>
          document.querySelector(`${selector} [data-role="attention-heatmap"] canvas`)?.getAttribute('data-values') !== old,
        [MODEL, before.join(' ')] as const,
      );
      const after = await cellValues(page, MODEL, 'attention-heatmap');
      assert.notDeepEqual(after, before, `step ${step} (layer/head ${view}) shows other attention`);
      before = after;
    }
    assert.ok(await root.locator('input[name="model-untrained"]').isChecked(), 'the last step runs the same prompt with random weights');
    await page.keyboard.press('Home');
    assert.equal(await root.getAttribute('data-step'), '0');
    await settled(page, MODEL);
    assert.equal(await root.locator('input[name="model-untrained"]').isChecked(), false, 'back to the trained model');
    await page.keyboard.press('Escape');
    assert.equal(await root.getAttribute('data-presenting'), null);
  });
});

for (const { widget: name, path, computes } of IDEA_WIDGET_PAGES) {
  test(`${name}: at 1024×768 every step's text, charts included, reads from the back of a room`, async () => {
    await withPage(`${path}?present=${name}`, async ({ page }) => {
      await page.setViewportSize(PROJECTOR);
      const selector = `section[data-widget="${name}"]`;
      const root = page.locator(selector);
      await root.locator('.presenter-bar').waitFor();
      const count = Number((await root.locator('.presenter-counter').innerText()).match(/(\d+)\D*$/)![1]);
      for (let step = 0; step < count; step++) {
        if (step > 0) await page.keyboard.press('ArrowRight');
        assert.equal(await root.getAttribute('data-step'), String(step));
        if (computes) await settled(page, selector, FIRST_RUN_MS);
        await expectProjectorSized(page, selector);
      }
      await screenshot(page, `${name}-${path.slice(1, 3)}`);
    });
  });
}
