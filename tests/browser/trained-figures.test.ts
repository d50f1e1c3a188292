// The pages that show what the trained tiny models do, in headless Chromium on the built site: the
// ALiBi article's position-loss chart (drawn only when it scrolls into view, its table equal to
// positions.json, accessible in both themes), the family articles' "learned" tables (equal to
// learned.json, each head a link that opens the model panel on it) and training time (training.json),
// and the causal-vs-prefix article's trained ChatGLM-6B reading its prefix in both directions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import learned from '../../kernels/families/trained-figures/learned.json' with { type: 'json' };
import positions from '../../kernels/families/trained-figures/positions.json' with { type: 'json' };
import type { LearnedFigures, PositionFigures } from '../../kernels/families/trained-figures/types.ts';
import { trainingOf } from '../../kernels/families/trained-figures/lookup.ts';
import { firstHeldOutLine } from '../../components/article/learned/heldout.ts';
import { LEARNED_STRINGS } from '../../components/article/learned/strings.ts';
import type { WatchedPage } from './harness/browser.ts';
import { withCleanPage } from './harness/clean-page.ts';
import { seriousViolations } from './harness/axe.ts';
import { heavyRequests } from './harness/heavy-assets.ts';
import { useSite } from './harness/site.ts';
import { heatmapCells } from './harness/heatmap.ts';

const fixture = useSite({ webgpu: false });
const FIRST_RUN_MS = 120_000;
const CHART = 'figure[data-chart="position-loss"]';
const PANEL = 'section[data-widget="model"]';

const withPage = (path: string, body: (watched: WatchedPage) => Promise<void>) => withCleanPage(fixture, path, body);

async function axeBothThemes(page: Page, selector: string): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => (document.documentElement.dataset['theme'] = t), theme);
    for (const violation of await seriousViolations(page, selector)) found.push(`${theme}: ${JSON.stringify(violation)}`);
  }
  return found;
}

for (const lang of ['en', 'zh'] as const) {
  test(`ALiBi article (${lang}): the position-loss table is positions.json; the chart draws on scroll, one line per model`, async () => {
    await withPage(`/${lang}/ideas/alibi/`, async ({ page }) => {
      const figures = positions as PositionFigures;
      await page.waitForLoadState('networkidle');
      assert.equal(await page.locator(CHART).getAttribute('data-state'), 'idle');
      assert.deepEqual(await heavyRequests(page), [], 'no Plot before the chart is near the screen');
      for (const model of figures.models) {
        const cells = await page.locator(`${CHART} tr[data-model="${model.id}"] td`).evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-loss'))));
        assert.deepEqual(cells, model.runs.map((r) => r.meanLoss), model.id);
      }
      await page.locator(`${CHART} [data-role="chart"]`).scrollIntoViewIfNeeded();
      await page.locator(`${CHART}[data-state="ready"]`).waitFor({ timeout: 30_000 });
      const lines = await page.locator(`${CHART} svg path[data-series]`).evaluateAll((ps) => ps.map((p) => p.getAttribute('data-series')));
      assert.deepEqual(lines, figures.models.map((m) => m.id));
      assert.equal(await page.locator(`${CHART} line[data-role="marker"]`).getAttribute('data-x'), String(figures.trainingLength - 0.5));
      assert.deepEqual(await axeBothThemes(page, CHART), []);
    });
  });
}

test('family article: the learned table is learned.json, the training time training.json, and a head opens in the model panel', async () => {
  await withPage('/en/families/llama/', async ({ page }) => {
    const figures = (learned as LearnedFigures[]).find((f) => f.id === 'llama')!;
    const run = trainingOf('llama');
    assert.equal(await page.locator('[data-training="llama"]').innerText(), LEARNED_STRINGS.en.trainingTime(Math.round(run.seconds / 60), run.steps));
    const row = page.locator('.learned tr[data-model="llama"]');
    assert.deepEqual(
      await row.locator('td.number').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value')))),
      [figures.crossEntropy, figures.unigram],
    );
    const { layer, head } = figures.previousToken;
    await row.locator('td').nth(2).locator('a').click();
    await page.waitForURL((url) => url.searchParams.get('model-head') === String(head));
    await page.locator(`${PANEL} button[data-action="run"]`).click();
    await page.locator(`${PANEL}[data-state="ready"]`).waitFor({ timeout: FIRST_RUN_MS });
    assert.equal(await page.locator(`${PANEL} select[name="model-layer"]`).inputValue(), String(layer));
    assert.equal(await page.locator(`${PANEL} select[name="model-head"]`).inputValue(), String(head));
    assert.equal(await page.locator(`${PANEL} input[name="model-untrained"]`).isChecked(), false);
    assert.deepEqual(await axeBothThemes(page, '.learned'), []);
  });
});

test('causal vs prefix: the trained ChatGLM-6B reads a held-out line in both directions', async () => {
  await withPage('/zh/ideas/causal-vs-prefix/', async ({ page }) => {
    assert.equal(await page.locator(`${PANEL} textarea[name="model-text"]`).inputValue(), firstHeldOutLine());
    // The panel opens on the head learned.json names as reading furthest ahead in the prefix.
    const reader = (learned as LearnedFigures[]).find((f) => f.id === 'chatglm-6b')!.prefixReader!;
    const view = async () => [await page.locator(`${PANEL} select[name="model-layer"]`).inputValue(), await page.locator(`${PANEL} select[name="model-head"]`).inputValue()];
    assert.deepEqual(await view(), [String(reader.layer), String(reader.head)]);
    const article = await page.locator('main').innerText();
    for (const share of [reader.attention, reader.attention - reader.onMarkers, reader.onMarkers])
      assert.ok(article.includes(`${Math.round(share * 100)}%`), `the article quotes ${Math.round(share * 100)}%`);
    await page.locator(`${PANEL} button[data-action="run"]`).click();
    await page.locator(`${PANEL}[data-state="ready"]`).waitFor({ timeout: FIRST_RUN_MS });
    const cells = (await heatmapCells(page.locator(`${PANEL} [data-role="attention-heatmap"]`))).map(({ row, col, value }) => [row, col, value]);
    const size = Math.round(Math.sqrt(cells.length));
    // The whole prompt is prefix (it ends with <sop>): the first queries may read every later key, and
    // do (a causal decoder gives 0). Their mean, as one of them may keep its attention on itself.
    assert.deepEqual(await view(), [String(reader.layer), String(reader.head)], 'the run keeps the opening head');
    const early = 3;
    const forward = cells.filter(([row, col]) => row! < early && col! > row!).reduce((sum, [, , p]) => sum + p!, 0) / early;
    assert.ok(size > 5, `${size} tokens`);
    assert.ok(forward > 0.5, `the first ${early} queries give later prefix keys ${forward.toFixed(3)} of their attention on average`);
  });
});
