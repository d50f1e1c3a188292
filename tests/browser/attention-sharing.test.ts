// The attention-sharing widget in headless Chromium, on the built site (run `npm run build` first):
// nothing heavy before the first interaction (a link only restores the controls), the mapping and
// the KV bytes for every control against an independent computation, the live attention of a trained
// model grouped by K/V head (and of its random-weight replica with the switch), URL round trip, presenter mode, both languages, zero console errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { models } from '../../kernels/families/catalog.ts';
import { openWatchedPage } from './harness/browser.ts';
import { heavyRequests } from './harness/heavy-assets.ts';
import { useSite } from './harness/site.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/attention-variants/', en: '/en/ideas/attention-variants/' } as const;
const ROOT = 'section[data-widget="attention-sharing"]';
const FIRST_RUN_MS = 120_000;
const BYTES = { fp32: 4, fp16: 2, int8: 1 } as const;

/** 2 · L · m · d_head · b, written out here rather than imported. */
const kvBytes = (layers: number, kvHeads: number, headDim: number, bytes: number) => 2 * layers * kvHeads * headDim * bytes;

async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.locator(`${ROOT}[data-state="ready"], ${ROOT}[data-state="error"]`).waitFor({ timeout });
  const state = await page.locator(ROOT).getAttribute('data-state');
  assert.equal(state, 'ready', `widget ended in ${state}: ${await page.locator(`${ROOT} [data-role="message"]`).innerText()}`);
}

/** data-bytes of every table row: id → [per token, at context]. */
async function tableBytes(page: Page): Promise<Map<string, [number, number]>> {
  const rows = await page.locator(`${ROOT} tr[data-row]`).evaluateAll((trs) =>
    trs.map((tr) => [
      tr.getAttribute('data-row')!,
      Number(tr.querySelector('[data-role="per-token"]')!.getAttribute('data-bytes')),
      Number(tr.querySelector('[data-role="at-context"]')!.getAttribute('data-bytes')),
    ] as const),
  );
  return new Map(rows.map(([id, a, b]) => [id, [a, b]]));
}

type Shape = { heads: number; kvHeads: number; layers: number; headDim: number; dtype: keyof typeof BYTES; context: number };

/** Every number the widget shows against the independent formula, for the reader's shape and each released model. */
async function expectNumbers(page: Page, shape: Shape): Promise<void> {
  const table = await tableBytes(page);
  const b = BYTES[shape.dtype];
  const yours = kvBytes(shape.layers, shape.kvHeads, shape.headDim, b);
  assert.deepEqual(table.get('yours'), [yours, yours * shape.context], 'your row');
  const released = models.filter((m) => m.role === 'release');
  assert.equal(table.size, released.length + 1);
  for (const m of released) {
    const perToken = kvBytes(m.layers, m.kvHeads, m.headDim, b);
    assert.deepEqual(table.get(m.id), [perToken, perToken * shape.context], m.id);
  }
  const lines = await page.locator(`${ROOT} [data-role="mapping"] line`).evaluateAll((ls) => ls.map((l) => [Number(l.getAttribute('data-head')), Number(l.getAttribute('data-kv-head'))]));
  assert.equal(lines.length, shape.heads);
  for (const [h, g] of lines) assert.equal(g, Math.floor(h! / (shape.heads / shape.kvHeads)), `head ${h}`);
}

async function setNumber(page: Page, name: string, value: number): Promise<void> {
  const input = page.locator(`${ROOT} input[name="${name}"]`);
  await input.fill(String(value));
  await input.dispatchEvent('change');
}

/** The live heatmaps: per head, its K/V group and row sums. */
async function liveHeads(page: Page): Promise<{ head: number; group: number; rowSums: number[] }[]> {
  return page.locator(`${ROOT} .kv-group .head-attention`).evaluateAll((cells) =>
    cells.map((cell) => {
      // The heatmap's canvas carries its values, row-major (components/plots/heatmap.ts).
      const canvas = cell.querySelector('canvas.heatmap-cells')!;
      const cols = Number(canvas.getAttribute('data-cols'));
      const values = canvas.getAttribute('data-values')!.split(' ').map(Number);
      const rowSums = Array.from({ length: values.length / cols }, (_, row) => values.slice(row * cols, (row + 1) * cols).reduce((a, b) => a + b, 0));
      return {
        head: Number((cell as HTMLElement).dataset['head']),
        group: Number(cell.closest<HTMLElement>('.kv-group')!.dataset['kvHead']),
        rowSums,
      };
    }),
  );
}

test('idle until first use; every control changes the numbers, equal to 2·L·m·d·b; live attention grouped by K/V head', async () => {
  const { page, problems } = await openWatchedPage(fixture.browser, fixture.site.url + PAGES.en);
  try {
    await page.locator(`${ROOT} [data-role="mapping"] svg`).waitFor();
    assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle');
    const shape: Shape = { heads: 8, kvHeads: 2, layers: 32, headDim: 128, dtype: 'fp16', context: 4096 };
    await expectNumbers(page, shape);
    assert.deepEqual(await heavyRequests(page), [], 'nothing heavy before the first interaction');

    await setNumber(page, 'share-heads', 16);
    await settled(page, FIRST_RUN_MS);
    shape.heads = 16; // m = 2 still divides 16
    await expectNumbers(page, shape);
    assert.deepEqual(
      await page.locator(`${ROOT} select[name="share-kv"] option`).evaluateAll((os) => os.map((o) => Number((o as HTMLOptionElement).value))),
      [1, 2, 4, 8, 16],
    );
    assert.match((await page.locator(`${ROOT} [data-role="status"]`).innerText()), /WASM/);
    assert.ok(Number(await page.locator(ROOT).getAttribute('data-update-ms')) > 0);
    assert.ok((await page.locator(`${ROOT} [data-role="memory-chart"] svg`).count()) === 1, 'memory chart drawn');

    const heads = await liveHeads(page);
    assert.equal(heads.length, 8, 'the trained Llama 2 GQA model has 8 query heads');
    for (const { head, group, rowSums } of heads) {
      assert.equal(group, Math.floor(head / 2), `head ${head} sits in the box of K/V head ${Math.floor(head / 2)}`);
      for (const sum of rowSums) assert.ok(Math.abs(sum - 1) < 1e-3, `head ${head}: a row sums to ${sum}`);
    }

    await page.locator(`${ROOT} select[name="share-kv"]`).selectOption('4');
    await settled(page);
    shape.kvHeads = 4;
    await expectNumbers(page, shape);
    for (const [name, key, value] of [['share-layers', 'layers', 80], ['share-dim', 'headDim', 64], ['share-ctx', 'context', 32_768]] as const) {
      await setNumber(page, name, value);
      await settled(page);
      shape[key] = value;
      await expectNumbers(page, shape);
    }
    for (const dtype of ['int8', 'fp32'] as const) {
      await page.locator(`${ROOT} select[name="share-dtype"]`).selectOption(dtype);
      await settled(page);
      shape.dtype = dtype;
      await expectNumbers(page, shape);
    }

    const values = () => page.locator(`${ROOT} .head-attention canvas`).evaluateAll((canvases) => canvases.map((c) => c.getAttribute('data-values')));
    const before = await values();
    await page.locator(`${ROOT} select[name="share-layer"]`).selectOption('0');
    await settled(page);
    assert.notDeepEqual(await values(), before, 'layer 0 draws other attention');
    // The untrained switch: the same architecture with random weights draws other attention.
    const trained = await values();
    await page.locator(`${ROOT} input[name="share-untrained"]`).check();
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('share-weights'), 'random');
    assert.notDeepEqual(await values(), trained, 'random weights, other attention');
    for (const { rowSums } of await liveHeads(page)) for (const sum of rowSums) assert.ok(Math.abs(sum - 1) < 1e-3);
    await page.locator(`${ROOT} select[name="share-model"]`).selectOption('chatglm2-6b');
    await settled(page);
    const glm = await liveHeads(page);
    assert.equal(glm.length, 8, 'the trained ChatGLM2 and its untrained twin have 8 query heads');
    assert.equal(new Set(glm.map((h) => h.group)).size, 2, 'ChatGLM2: 2 groups');
    for (const { head, group } of glm) assert.equal(group, Math.floor(head / 4));

    // The link follows the state and restores it.
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('share-heads'), '16');
    assert.equal(url.searchParams.get('share-model'), 'chatglm2-6b');
    const again = await openWatchedPage(fixture.browser, page.url());
    await again.page.locator(`${ROOT} [data-role="mapping"] svg`).waitFor();
    assert.equal(await again.page.locator(`${ROOT} input[name="share-ctx"]`).inputValue(), '32768');
    assert.equal(await again.page.locator(`${ROOT} select[name="share-dtype"]`).inputValue(), 'fp32');
    assert.ok(await again.page.locator(`${ROOT} input[name="share-untrained"]`).isChecked(), 'the link restores random weights');
    await expectNumbers(again.page, shape);
    await again.page.waitForTimeout(500);
    assert.equal(await again.page.locator(ROOT).getAttribute('data-state'), 'idle', 'a link does not start the computation');
    assert.deepEqual(await heavyRequests(again.page), [], 'a link loads nothing heavy');
    assert.deepEqual(again.problems, []);
    await again.page.close();
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('out-of-range link values are clamped and said; m snaps to a divisor; phone width', async () => {
  const page = await fixture.browser.newPage({ viewport: { width: 360, height: 740 } });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(fixture.site.url + `${PAGES.zh}?share-heads=12&share-kv=5&share-ctx=99999999&share-dtype=fp64`);
    await page.locator(`${ROOT} [data-role="mapping"] svg`).waitFor();
    assert.equal(await page.locator(`${ROOT} select[name="share-kv"]`).inputValue(), '4');
    assert.equal(await page.locator(`${ROOT} input[name="share-ctx"]`).inputValue(), '1048576');
    const message = await page.locator(`${ROOT} [data-role="message"]`).innerText();
    assert.match(message, /约数 4/);
    assert.match(message, /fp64/);
    assert.match(message, /1,048,576/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling at 360 px (page is ${width} px wide)`);
    await page.locator(`${ROOT} button[data-action="run"]`).click();
    await settled(page, FIRST_RUN_MS);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('presenter mode opens, steps MHA → GQA → MQA with the KV bytes, and closes', async () => {
  const { page, problems } = await openWatchedPage(fixture.browser, fixture.site.url + PAGES.en);
  try {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.locator(`${ROOT} button[data-action="present"]`).click();
    await page.locator(`${ROOT}[data-presenting]`).waitFor();
    await settled(page, FIRST_RUN_MS);
    const perToken = async () => Number(await page.locator(`${ROOT} tr[data-row="yours"] [data-role="per-token"]`).getAttribute('data-bytes'));
    assert.equal(await perToken(), kvBytes(32, 8, 128, 2));
    assert.match(await page.locator(`${ROOT} .presenter-caption`).innerText(), /MHA/);
    await page.keyboard.press('ArrowRight');
    await page.locator(`${ROOT}[data-step="1"]`).waitFor();
    await settled(page);
    assert.equal(await perToken(), kvBytes(32, 2, 128, 2));
    await page.locator(`${ROOT} button[data-presenter="next"]`).click();
    await settled(page);
    assert.equal(await perToken(), kvBytes(32, 1, 128, 2));
    assert.equal(await page.locator(`${ROOT} [data-role="mapping"] rect`).count(), 1, 'MQA: one K/V head');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator(`${ROOT}[data-presenting]`).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
