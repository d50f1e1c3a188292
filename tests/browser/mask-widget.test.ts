// The mask widget in real headless Chromium, on the built site (run `npx astro build` first):
// lazy loading, the charts following every control, the two consequences, shared links, clamping
// messages, and the backend badge with and without WebGPU. Every page must load and run with zero
// console errors and zero failed requests under the strict CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import { heavyRequests, runtimeBinaries } from './harness/heavy-assets.ts';
import { heatmapCanvas, heatmapCells, hoverCell } from './harness/heatmap.ts';
import { launchChromium, openWatchedPage, type WatchedPage } from './harness/browser.ts';
import { reasonText } from '../../components/widgets/shared/run-status.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/causal-vs-prefix/', en: '/en/ideas/causal-vs-prefix/' } as const;
const ROOT = 'section[data-widget="mask"]';
/** The first run loads 14–27 MB of WASM; SwiftShader's WebGPU compiles shaders: be generous. */
const FIRST_RUN_MS = 120_000;

/** Waits for the update in flight to finish, and requires that it succeeded. */
async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.locator(`${ROOT}[data-state="ready"], ${ROOT}[data-state="error"]`).waitFor({ timeout });
  const state = await page.locator(ROOT).getAttribute('data-state');
  assert.equal(state, 'ready', `widget ended in ${state}: ${await page.locator(`${ROOT} [data-role="message"]`).innerText()}`);
}

/**
 * A link restores the controls but computes nothing until the reader asks: the widget is idle, no
 * runtime was fetched; then Run computes what the link describes.
 */
async function runLink(page: Page): Promise<void> {
  assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle', 'a link alone starts nothing');
  assert.deepEqual(await heavyRequests(page), [], 'a link alone downloads no runtime');
  await page.locator(`${ROOT} button[data-action="run"]`).click();
  await settled(page, FIRST_RUN_MS);
}

type Cell = { row: number; col: number; value: number };

const cells = (page: Page, role: 'mask-heatmap' | 'probs-heatmap'): Promise<Cell[]> => heatmapCells(page.locator(`${ROOT} [data-role="${role}"]`));

/** The output change per position, from the bars' data attributes. */
async function outputChanges(page: Page): Promise<{ index: number; changed: boolean }[]> {
  return page
    .locator(`${ROOT} [data-role="output-change"] rect[data-index]`)
    .evaluateAll((rects) =>
      rects.map((rect) => ({
        index: Number(rect.getAttribute('data-index')),
        changed: rect.getAttribute('data-changed') === 'true',
      })),
    );
}

/** The rule the mask must follow: key j is visible to query i when j ≤ i or j < p. */
function expectMask(mask: Cell[], tokens: number, prefix: number): void {
  assert.equal(mask.length, tokens * tokens);
  for (const { row, col, value } of mask)
    assert.equal(value, col <= row || col < prefix ? 1 : 0, `cell ${row},${col} (p = ${prefix})`);
}

const tokenCount = (page: Page) => page.locator(`${ROOT} [data-role="tokens"] > li`).count();
const message = (page: Page) => page.locator(`${ROOT} [data-role="message"]`).innerText();

async function withPage(path: string, body: (watched: WatchedPage) => Promise<void>): Promise<void> {
  const watched = await openWatchedPage(fixture.browser, fixture.site.url + path);
  try {
    await body(watched);
    assert.deepEqual(watched.problems, []);
  } finally {
    await watched.page.close();
  }
}

for (const [lang, path] of Object.entries(PAGES)) {
  test(`${lang}: nothing heavy loads before use; Run draws a causal mask and reports WASM with the reason`, async () => {
    await withPage(path, async ({ page }) => {
      const root = page.locator(ROOT);
      assert.equal(await root.getAttribute('data-state'), 'idle');
      assert.ok((await tokenCount(page)) > 3, 'tokens are shown before any interaction');
      assert.match(await page.locator(`${ROOT} button[data-action="run"]`).innerText(), /14–27 MB/);
      assert.deepEqual(await heavyRequests(page), [], 'no onnxruntime-web or Plot before use');
      assert.equal(await page.locator(`${ROOT} [data-role="mask-heatmap"] svg`).count(), 0);

      await page.locator(`${ROOT} button[data-action="run"]`).click();
      await settled(page, FIRST_RUN_MS);
      assert.ok((await heavyRequests(page)).length > 0, 'the run loaded the runtime (so the check above can fail)');
      assert.deepEqual(await runtimeBinaries(page), ['wasm-only'], 'no WebGPU adapter: the 14 MB build without Asyncify');

      expectMask(await cells(page, 'mask-heatmap'), await tokenCount(page), 0);
      assert.equal(await root.getAttribute('data-backend'), 'wasm');
      assert.notEqual(await root.getAttribute('data-fallback-reason'), '');
      assert.ok(Number(await root.getAttribute('data-update-ms')) > 0);
      const status = await page.locator(`${ROOT} [data-role="status"]`).innerText();
      assert.match(status, /WASM/);
      assert.match(status, /WebGPU/);
      const reason = (await root.getAttribute('data-fallback-reason'))!;
      assert.ok(status.includes(reasonText(reason, lang === 'zh' ? 'zh' : 'en')), 'the status gives the reason, in the page language');
      assert.equal(await page.locator(`${ROOT} [data-role="status"]`).getAttribute('aria-live'), 'polite');
      assert.match((await page.locator(`${ROOT} [data-role="mask-heatmap"]`).getAttribute('aria-label'))!, /\d+×\d+/);
      assert.equal(await message(page), '');
    });
  });
}

test('the mask follows the prefix slider (keyboard) and the mode; rapid moves end on the last value', async () => {
  await withPage(PAGES.en, async ({ page }) => {
    const tokens = await tokenCount(page);
    const slider = page.locator('input[type=range][name="mask-prefix"]');
    await page.locator('input[name="mask-mode"][value="prefix"]').check();
    await settled(page, FIRST_RUN_MS);
    let prefix = Number(await slider.inputValue());
    expectMask(await cells(page, 'mask-heatmap'), tokens, prefix);
    const before = await cells(page, 'mask-heatmap');

    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await settled(page);
    prefix = Number(await slider.inputValue());
    const after = await cells(page, 'mask-heatmap');
    assert.notDeepEqual(after, before, 'one step of the slider changes the mask');
    expectMask(after, tokens, prefix);

    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    await settled(page);
    prefix = Number(await slider.inputValue());
    expectMask(await cells(page, 'mask-heatmap'), tokens, prefix);
    assert.match(page.url(), new RegExp(`mask-prefix=${prefix}(&|$)`));

    await page.locator('input[name="mask-mode"][value="bidirectional"]').check();
    await settled(page);
    expectMask(await cells(page, 'mask-heatmap'), tokens, tokens);
    assert.ok(await slider.isDisabled(), 'the prefix slider only applies to prefix mode');

    await page.locator('input[name="mask-mode"][value="causal"]').check();
    await settled(page);
    expectMask(await cells(page, 'mask-heatmap'), tokens, 0);
    assert.equal(await page.locator(`${ROOT} [data-role="loss-targets"]`).getAttribute('data-count'), String(tokens - 1));

    const head0 = await cells(page, 'probs-heatmap');
    await page.locator('select[name="mask-head"]').selectOption('1');
    await settled(page);
    assert.notDeepEqual(await cells(page, 'probs-heatmap'), head0, 'the head selector changes the probabilities');
  });
});

test('consequence 1: causal keeps positions before k unchanged; a probe inside the prefix changes them', async () => {
  await withPage(`${PAGES.en}?mask-mode=causal&mask-probe=5`, async ({ page }) => {
    await runLink(page);
    const causal = await outputChanges(page);
    assert.ok(causal.length > 5);
    for (const { index, changed } of causal) assert.equal(changed, index >= 5, `causal, position ${index}`);

    await page.locator('input[name="mask-mode"][value="prefix"]').check();
    await settled(page);
    const slider = page.locator('input[type=range][name="mask-probe"]');
    await slider.focus();
    while (Number(await slider.inputValue()) > 1) await page.keyboard.press('ArrowLeft');
    await settled(page);
    const prefix = Number(await page.locator('input[type=range][name="mask-prefix"]').inputValue());
    assert.ok(prefix > 1, 'the probe lies inside the prefix');
    const inside = await outputChanges(page);
    assert.equal(inside[0]!.changed, true, 'position 0 comes before k = 1 and still changes');
    assert.ok(
      inside.every((p) => p.changed),
      'every position reads the prefix',
    );
    assert.equal(await page.locator(`${ROOT} [data-role="loss-targets"]`).getAttribute('data-count'), String(inside.length - prefix));
  });
});

test('a shared link restores the controls; the computation waits for Run', async () => {
  const text = 'I like cats and dogs very much';
  await withPage(
    `${PAGES.zh}?mask-text=${encodeURIComponent(text)}&mask-mode=prefix&mask-prefix=3&mask-probe=1&mask-head=1`,
    async ({ page }) => {
      assert.equal(await page.locator('textarea[name="mask-text"]').inputValue(), text);
      assert.equal(await tokenCount(page), 7, 'the chips follow the link before any run');
      await runLink(page);
      assert.equal(await page.locator('textarea[name="mask-text"]').inputValue(), text);
      assert.ok(await page.locator('input[name="mask-mode"][value="prefix"]').isChecked());
      assert.equal(await page.locator('input[type=range][name="mask-prefix"]').inputValue(), '3');
      assert.equal(await page.locator('input[type=range][name="mask-probe"]').inputValue(), '1');
      assert.equal(await page.locator('select[name="mask-head"]').inputValue(), '1');
      assert.equal(await tokenCount(page), 7);
      assert.equal(await page.locator(`${ROOT} [data-role="tokens"] > li[data-prefix]`).count(), 3);
      expectMask(await cells(page, 'mask-heatmap'), 7, 3);
      assert.equal(await message(page), '');
    },
  );
});

test('out-of-range input on a phone: empty text, 500 tokens, prefix and probe past T, unknown mode', async () => {
  await withPage(`${PAGES.en}?mask-text=one+two+three&mask-mode=encoder&mask-prefix=9&mask-probe=7`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    assert.match(await message(page), /encoder/, 'what the link could not use is said before any run');
    await runLink(page);
    const notes = await message(page);
    assert.match(notes, /encoder/, 'unknown mode is reported');
    assert.match(notes, /Prefix length 9/);
    assert.match(notes, /Position 7/);
    assert.ok(await page.locator('input[name="mask-mode"][value="causal"]').isChecked());
    assert.equal(await page.locator('input[type=range][name="mask-prefix"]').inputValue(), '3');
    assert.equal(await page.locator('input[type=range][name="mask-probe"]').inputValue(), '2');

    const textarea = page.locator('textarea[name="mask-text"]');
    await textarea.fill('');
    await settled(page);
    assert.match(await message(page), /empty/);
    assert.equal(await page.locator(`${ROOT} [data-role="mask-heatmap"] svg`).count(), 1, 'the charts keep the last result');

    const long = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    await textarea.fill(long);
    await settled(page);
    assert.match(await message(page), /first 64 of 500/);
    assert.equal(await tokenCount(page), 64);
    assert.equal((await cells(page, 'mask-heatmap')).length, 64 * 64);
    assert.equal(await textarea.inputValue(), long, "the reader's text is never cut");
    assert.equal(new URL(page.url()).searchParams.get('mask-text'), long);
    const overflow = await page
      .locator(ROOT)
      .evaluate((root) => [root.scrollWidth - root.clientWidth, document.documentElement.scrollWidth - innerWidth]);
    assert.deepEqual(overflow, [0, 0], 'a 64×64 heatmap still fits a 360 px screen');
  });
});

/** Everything the charts show: each heatmap's values, pixels and labels, each bar's geometry, all chart text. */
function chartPicture(page: Page): Promise<unknown> {
  return page.locator(ROOT).evaluate((root) => {
    const attrs = (element: Element, names: string[]) => names.map((name) => element.getAttribute(name));
    const svg = (role: string) => root.querySelector(`[data-role="${role}"] svg`)!;
    return {
      heatmaps: ['mask-heatmap', 'probs-heatmap'].map((role) => {
        const canvas = root.querySelector<HTMLCanvasElement>(`[data-role="${role}"] canvas`)!;
        return [canvas.dataset['values'], canvas.toDataURL(), svg(role).innerHTML, root.querySelector(`[data-role="${role}"] .heatmap-legend`)!.innerHTML];
      }),
      bars: [...svg('output-change').querySelectorAll('rect')].map((rect) =>
        attrs(rect, ['data-index', 'data-value', 'data-changed', 'x', 'y', 'width', 'height', 'fill']),
      ),
      barsText: [...svg('output-change').querySelectorAll('text')].map((text) => [
        text.textContent,
        text.getAttribute('transform'),
      ]),
      lists: ['tokens', 'mask-rows', 'loss-targets'].map((role) => root.querySelector(`[data-role="${role}"]`)!.innerHTML),
    };
  });
}

test('an empty text in the link: says so, loads nothing, and Run leaves a finished status', async () => {
  await withPage(`${PAGES.en}?mask-text=`, async ({ page }) => {
    assert.match(await message(page), /empty/);
    assert.equal(await tokenCount(page), 0);
    await page.locator(`${ROOT} button[data-action="run"]`).click();
    await settled(page);
    assert.match(await page.locator(`${ROOT} [data-role="status"]`).innerText(), /Waiting for text/);
    assert.deepEqual(await heavyRequests(page), [], 'nothing to compute, nothing downloaded');
    await page.locator('textarea[name="mask-text"]').fill('a b c');
    await settled(page, FIRST_RUN_MS);
    expectMask(await cells(page, 'mask-heatmap'), 3, 0);
  });
});

test('slider steps redraw in place exactly what a fresh page shows for the same state', async () => {
  const words = ['the', 'quick', 'model', 'reads', 'every', 'token', 'before', 'it', 'writes', 'the', 'next', 'one'];
  const text = Array.from({ length: 32 }, (_, i) => words[i % words.length]).join(' ');
  const link = (prefix: number) =>
    `${PAGES.en}?mask-text=${encodeURIComponent(text)}&mask-mode=prefix&mask-prefix=${prefix}&mask-probe=3`;
  await withPage(link(8), async ({ page }) => {
    await runLink(page);
    // The tooltip names the cell under the pointer, and follows its value from then on.
    const probs = page.locator(`${ROOT} [data-role="probs-heatmap"]`);
    const tooltip = async () => [
      await heatmapCanvas(probs).getAttribute('title'),
      `query 2 → key 5: ${(await cells(page, 'probs-heatmap')).find((c) => c.row === 2 && c.col === 5)!.value.toFixed(3)}`,
    ];
    assert.equal(await heatmapCanvas(probs).getAttribute('title'), null, 'no tooltip before the pointer comes');
    await hoverCell(probs, 2, 5);
    const [before, expected] = await tooltip();
    assert.equal(before, expected);
    let barsKept = 0;
    for (const prefix of [9, 10, 11]) {
      await page.evaluate(() => {
        (window as unknown as { drawn: Element[] }).drawn = [...document.querySelectorAll('section[data-widget="mask"] :is(svg, canvas)')];
      });
      await page.locator('input[type=range][name="mask-prefix"]').press('ArrowRight');
      await settled(page);
      const kept = await page.evaluate(() =>
        [...document.querySelectorAll('section[data-widget="mask"] :is(svg, canvas)')].map(
          (chart, i) => chart === (window as unknown as { drawn: Element[] }).drawn[i],
        ),
      );
      // In document order: each heatmap's labels and canvas, then the change chart.
      assert.deepEqual(kept.slice(0, 4), [true, true, true, true], 'the heatmaps are repainted, not drawn again');
      if (kept[4]) barsKept += 1;
      const fresh = await openWatchedPage(fixture.browser, fixture.site.url + link(prefix));
      try {
        await fresh.page.locator(`${ROOT} button[data-action="run"]`).click();
        await settled(fresh.page, FIRST_RUN_MS);
        assert.deepEqual(await chartPicture(page), await chartPicture(fresh.page), `prefix ${prefix}`);
      } finally {
        await fresh.page.close();
      }
    }
    const [after, expectedAfter] = await tooltip();
    assert.equal(after, expectedAfter);
    assert.notEqual(after, before, 'the hovered cell changed value, and its tooltip with it');
    // With this text the y axis stays the same on some of these steps, so the bars moved in place.
    assert.ok(barsKept > 0, 'some step kept the change chart');
  });
});

test('with WebGPU (SwiftShader) the widget runs on WebGPU and says so', async () => {
  const browser = await launchChromium({ webgpu: true });
  try {
    const watched = await openWatchedPage(
      browser,
      `${fixture.site.url}${PAGES.en}?mask-text=a+b+c+d&mask-mode=prefix&mask-prefix=2`,
    );
    await runLink(watched.page);
    const root = watched.page.locator(ROOT);
    assert.equal(await root.getAttribute('data-backend'), 'webgpu');
    assert.equal(await root.getAttribute('data-fallback-reason'), '');
    assert.deepEqual(await runtimeBinaries(watched.page), ['webgpu'], 'an adapter: the build with WebGPU');
    assert.match(await watched.page.locator(`${ROOT} [data-role="status"]`).innerText(), /WebGPU/);
    expectMask(await cells(watched.page, 'mask-heatmap'), 4, 2);
    assert.deepEqual(watched.problems, []);
  } finally {
    await browser.close();
  }
});
