// The ALiBi widget in headless Chromium, on the built site (run `npm run build` first): nothing heavy
// before the first interaction (a link only restores the controls), slopes for 8, 12 and 40 heads and
// the bias heatmap equal to the float64 reference, every control changes the output, the summary's
// numbers, URL round trip, presenter mode, both languages, zero console errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { alibiDemoReference, attentionBeyond } from '../../kernels/demos/alibi-demo.ts';
import { openWatchedPage } from './harness/browser.ts';
import { heavyRequests } from './harness/heavy-assets.ts';
import { useSite } from './harness/site.ts';
import { heatmapCells, heatmapMatrix } from './harness/heatmap.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/alibi/', en: '/en/ideas/alibi/' } as const;
const ROOT = 'section[data-widget="alibi"]';
const FIRST_RUN_MS = 120_000;

async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.locator(`${ROOT}[data-state="ready"], ${ROOT}[data-state="error"]`).waitFor({ timeout });
  const state = await page.locator(ROOT).getAttribute('data-state');
  assert.equal(state, 'ready', `widget ended in ${state}: ${await page.locator(`${ROOT} [data-role="message"]`).innerText()}`);
}

/** Does `action` and waits for the update it starts to be drawn. */
async function redrawn(page: Page, action: () => Promise<void>): Promise<void> {
  await action();
  await settled(page);
}

type Shown = { heads: number; head: number; trainLength: number; length: number; qk: number };

async function shown(page: Page): Promise<Shown> {
  const value = (name: string) => page.locator(`${ROOT} [name="${name}"]`).inputValue().then(Number);
  return {
    heads: await value('alibi-heads'),
    head: await value('alibi-head'),
    trainLength: await value('alibi-train'),
    length: await value('alibi-length'),
    qk: await value('alibi-qk'),
  };
}

/** Slopes, bias heatmap and summary against the float64 reference for what the controls say. */
async function expectReference(page: Page): Promise<Shown> {
  const state = await shown(page);
  const reference = alibiDemoReference(state);
  const slopes = await page.locator(`${ROOT} [data-role="slopes"] li`).evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-value'))));
  assert.deepEqual(slopes, Array.from(reference.slopes), `slopes for ${state.heads} heads`);
  const cells = (await heatmapCells(page.locator(`${ROOT} [data-role="bias-heatmap"]`))).map(({ row, col, value }) => [row, col, value]);
  const shownPositions = Math.min(32, state.length);
  assert.equal(cells.length, shownPositions ** 2);
  const T = state.length;
  for (const [i, j, value] of cells) {
    if (j! > i!) {
      assert.ok(Number.isNaN(value), `bias ${i},${j}: a masked key has no penalty, not ${value}`);
      continue;
    }
    const expected = -reference.bias[(state.head * T + i!) * T + j!]!;
    assert.ok(Math.abs(value! - expected) < 1e-4, `bias ${i},${j}: ${value} vs ${expected}`);
  }
  // The unseen-angle map: one row per RoPE pair, one 0/1 per distance.
  const angles = await heatmapMatrix(page.locator(`${ROOT} [data-role="angles-heatmap"]`));
  assert.equal(angles.length, reference.ropePairs);
  angles.forEach((values, k) => {
    assert.deepEqual(values, Array.from(reference.unseenAngles.subarray(k * T, (k + 1) * T)), `unseen angles of pair ${k}`);
  });
  const summary = await page.locator(`${ROOT} [data-role="summary"]`).innerText();
  assert.ok(summary.includes(reference.slopes[state.head]!.toPrecision(4)), `summary ${summary} names the slope`);
  if (T > state.trainLength) {
    const beyond = attentionBeyond(reference.lastRow, T, state.head, state.trainLength);
    assert.ok(summary.includes(`${(100 * beyond).toPrecision(3)}%`), `summary ${summary} names ${beyond}`);
    assert.ok(summary.includes(` ${reference.unseenPairs} `), 'summary names the unseen RoPE pairs');
  }
  return state;
}

test('idle until first use; every control changes the output and matches the float64 reference', async () => {
  const { page, problems } = await openWatchedPage(fixture.browser, fixture.site.url + PAGES.en);
  try {
    assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle');
    await page.waitForTimeout(300);
    assert.deepEqual(await heavyRequests(page), []);

    await page.locator(`${ROOT} button[data-action="run"]`).click();
    await settled(page, FIRST_RUN_MS);
    assert.match(await page.locator(`${ROOT} [data-role="status"]`).innerText(), /WASM/);
    assert.ok(Number(await page.locator(ROOT).getAttribute('data-update-ms')) > 0);
    await expectReference(page);
    const summaryBefore = await page.locator(`${ROOT} [data-role="summary"]`).innerText();

    // Heads: 40 (Baichuan-13B) and 12, typed into the field.
    for (const heads of ['40', '12']) {
      await redrawn(page, async () => {
        await page.locator(`${ROOT} input[name="alibi-heads"]`).fill(heads);
        await page.locator(`${ROOT} input[name="alibi-heads"]`).dispatchEvent('change');
      });
      assert.equal(await page.locator(`${ROOT} select[name="alibi-head"] option`).count(), Number(heads));
      await expectReference(page);
    }
    await redrawn(page, () => page.locator(`${ROOT} select[name="alibi-head"]`).selectOption('9').then(() => undefined));
    await expectReference(page);
    assert.notEqual(await page.locator(`${ROOT} [data-role="summary"]`).innerText(), summaryBefore, 'the summary follows the head');

    // The sliders, by keyboard.
    for (const [name, key] of [['alibi-length', 'End'], ['alibi-train', 'Home'], ['alibi-qk', 'ArrowLeft']] as const) {
      const before = await page.locator(`${ROOT} [data-role="logit-chart"]`).innerHTML();
      await redrawn(page, () => page.locator(`${ROOT} input[name="${name}"]`).press(key));
      assert.notEqual(await page.locator(`${ROOT} [data-role="logit-chart"]`).innerHTML(), before, `${name} changes the chart`);
      await expectReference(page);
    }
    const state = await shown(page);
    assert.deepEqual([state.length, state.trainLength, state.qk], [128, 4, 0.5]);

    // The link follows the state and restores it without computing.
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('alibi-heads'), '12');
    assert.equal(url.searchParams.get('alibi-head'), '9');
    const again = await openWatchedPage(fixture.browser, page.url());
    assert.deepEqual(await shown(again.page), state);
    await again.page.waitForTimeout(500);
    assert.equal(await again.page.locator(ROOT).getAttribute('data-state'), 'idle');
    assert.deepEqual(await heavyRequests(again.page), []);
    assert.deepEqual(again.problems, []);
    await again.page.close();
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('out-of-range link values are clamped and said, in Chinese, at phone width', async () => {
  const page = await fixture.browser.newPage({ viewport: { width: 360, height: 740 } });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(fixture.site.url + `${PAGES.zh}?alibi-heads=40&alibi-head=70&alibi-length=9999&alibi-qk=abc`);
    await page.locator(`${ROOT} [data-role="message"] p`).first().waitFor();
    const state = await shown(page);
    assert.deepEqual([state.heads, state.head, state.length], [40, 39, 128]);
    const message = await page.locator(`${ROOT} [data-role="message"]`).innerText();
    assert.match(message, /alibi-head 须在 0 到 39 之间/);
    assert.match(message, /abc/);
    await page.locator(`${ROOT} button[data-action="run"]`).click();
    await settled(page, FIRST_RUN_MS);
    await expectReference(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling at 360 px (page is ${width} px wide)`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('presenter mode opens, steps 8 heads → 40 heads → past the training length, and closes', async () => {
  const { page, problems } = await openWatchedPage(fixture.browser, fixture.site.url + PAGES.en);
  try {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.locator(`${ROOT} button[data-action="present"]`).click();
    await page.locator(`${ROOT}[data-presenting]`).waitFor();
    await settled(page, FIRST_RUN_MS);
    assert.equal((await expectReference(page)).heads, 8);
    await page.keyboard.press('ArrowRight');
    await page.locator(`${ROOT}[data-step="1"]`).waitFor();
    await settled(page);
    assert.equal((await expectReference(page)).heads, 40);
    await page.keyboard.press('ArrowRight');
    await page.locator(`${ROOT}[data-step="2"]`).waitFor();
    await settled(page);
    assert.equal((await expectReference(page)).length, 48);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator(`${ROOT}[data-presenting]`).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
