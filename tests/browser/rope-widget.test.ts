// The RoPE widget in real headless Chromium, on the built site (run `npm run build` first): nothing
// heavy before use (a link only restores the controls), every control changes what is shown, the
// scores shown equal the float64 reference for the state in the URL, links round-trip, clamping is
// said, presenter mode steps and closes, a phone fits, and no console error anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import { heavyRequests } from './harness/heavy-assets.ts';
import { openWatchedPage, type WatchedPage } from './harness/browser.ts';
import { demoVectors, ropeDemoReference } from '../../kernels/demos/rope-demo.ts';
import { parseRopeState, resolveRopeState, ROPE_DEFAULTS, type RopeWidgetState } from '../../components/widgets/rope/state.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/rope/', en: '/en/ideas/rope/' } as const;
const ROOT = 'section[data-widget="rope"]';
/** The first run loads 14–27 MB of WASM: be generous. */
const FIRST_RUN_MS = 120_000;

async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.locator(`${ROOT}[data-state="ready"], ${ROOT}[data-state="error"]`).waitFor({ timeout });
  const state = await page.locator(ROOT).getAttribute('data-state');
  assert.equal(state, 'ready', `widget ended in ${state}: ${await message(page)}`);
}

const message = (page: Page) => page.locator(`${ROOT} [data-role="message"]`).innerText();
const shownValue = async (page: Page, role: string) => Number(await page.locator(`${ROOT} [data-role="${role}"]`).getAttribute('data-value'));

/** The state the page's URL carries (the widget writes it after drawing). */
function stateInUrl(page: Page): RopeWidgetState {
  return resolveRopeState(parseRopeState(new URL(page.url()).search, ROPE_DEFAULTS).state).state;
}

/**
 * The two scores shown equal the float64 reference for the state in the URL. The graph rounds each
 * angle to float32 (as the official code does), so the tolerance grows with the largest position.
 */
async function expectScoresMatchReference(page: Page): Promise<RopeWidgetState> {
  const state = stateInUrl(page);
  const reference = ropeDemoReference({ ...state, maxDistance: state.range });
  const { q, k } = demoVectors(state.headDim, state.vectors);
  const reach = Math.max(state.query, state.key) + state.shift;
  const tolerance = Math.hypot(...q) * Math.hypot(...k) * Math.max(...reference.queryScales) * (1e-6 + reach * 2 ** -23);
  const score = await shownValue(page, 'score');
  const shifted = await shownValue(page, 'shifted-score');
  assert.ok(Math.abs(score - reference.score) <= tolerance, `score ${score} vs reference ${reference.score} (${page.url()})`);
  assert.ok(Math.abs(shifted - reference.shiftedScore) <= tolerance, `shifted ${shifted} vs reference ${reference.shiftedScore}`);
  // Shift invariance, up to Qwen's logN (a factor of the query's absolute position past S).
  const [scale, shiftedScale] = reference.queryScales;
  assert.ok(Math.abs(reference.score * shiftedScale - reference.shiftedScore * scale) <= 1e-9 * (1 + Math.abs(reference.score)), 'shift invariant');
  return state;
}

/** Everything a reader sees change: numbers, hands, pairing, the curves and the wavelength chart. */
function picture(page: Page): Promise<string> {
  return page.locator(`${ROOT} [data-role="charts"]`).evaluate((charts) => {
    const hands = [...charts.querySelectorAll('.hand line.hand-q, .hand line.hand-k')].map((l) => `${l.getAttribute('x2')},${l.getAttribute('y2')}`);
    const paths = [...charts.querySelectorAll('path[data-series]')].map((p) => p.getAttribute('d'));
    const marker = charts.querySelector('[data-role="marker"]')?.getAttribute('data-x');
    const pairing = [...charts.querySelectorAll('.channel')].map((c) => c.getAttribute('data-pair')).join(',');
    return JSON.stringify([charts.querySelector('[data-role="score"]')?.textContent, charts.querySelector('[data-role="shifted-score"]')?.textContent, hands, paths, marker, pairing]);
  });
}

async function withPage(path: string, body: (watched: WatchedPage) => Promise<void>, viewport = { width: 1280, height: 800 }): Promise<void> {
  const watched = await openWatchedPage(fixture.browser, fixture.site.url + path);
  try {
    await watched.page.setViewportSize(viewport);
    await body(watched);
    assert.deepEqual(watched.problems, []);
  } finally {
    await watched.page.close();
  }
}

/** Does `action`, waits for the update, requires that the picture changed and the scores match the reference. */
async function changes(page: Page, what: string, action: () => Promise<void>): Promise<void> {
  const before = await picture(page);
  await action();
  await settled(page);
  assert.notEqual(await picture(page), before, `${what} changes what is shown`);
  await expectScoresMatchReference(page);
}

for (const [lang, path] of Object.entries(PAGES)) {
  test(`${lang}: a link restores the controls without loading anything; Run computes and matches the reference`, async () => {
    const link = `${path}?rope-mode=full&rope-style=interleaved&rope-d=32&rope-m=7&rope-n=2&rope-shift=20&rope-range=64`;
    await withPage(link, async ({ page }) => {
      const root = page.locator(ROOT);
      assert.equal(await root.getAttribute('data-state'), 'idle');
      assert.equal(await page.locator('select[name="rope-d"]').inputValue(), '32');
      assert.ok(await page.locator('input[name="rope-style"][value="interleaved"]').isChecked());
      assert.equal(await page.locator('input[name="rope-m"]').inputValue(), '7');
      await page.waitForTimeout(500);
      assert.deepEqual(await heavyRequests(page), [], 'a link with widget parameters loads nothing before a click');

      await page.locator(`${ROOT} button[data-action="run"]`).click();
      await settled(page, FIRST_RUN_MS);
      assert.ok((await heavyRequests(page)).length > 0, 'the run loaded the runtime (so the check above can fail)');
      assert.equal(await root.getAttribute('data-backend'), 'wasm');
      assert.ok(Number(await root.getAttribute('data-update-ms')) > 0);
      assert.match(await page.locator(`${ROOT} [data-role="status"]`).innerText(), /WASM/);
      const state = await expectScoresMatchReference(page);
      assert.deepEqual([state.headDim, state.style, state.query, state.key, state.shift], [32, 'interleaved', 7, 2, 20]);
      assert.equal(await page.locator(`${ROOT} .hand`).count(), 16, 'd = 32: all 16 pairs are drawn');
      assert.match((await page.locator(`${ROOT} [data-role="curve"]`).getAttribute('aria-label'))!, /64/);
      assert.equal(await message(page), '');
    });
  });
}

test('every control changes the output, and the scores shown always equal the float64 reference', async () => {
  await withPage(PAGES.en, async ({ page }) => {
    await page.locator(`${ROOT} button[data-action="run"]`).click();
    await settled(page, FIRST_RUN_MS);
    await expectScoresMatchReference(page);

    const slider = (name: string) => page.locator(`input[type=range][name="${name}"]`);
    await changes(page, 'query position (keyboard)', () => slider('rope-m').press('ArrowRight'));
    assert.equal(await page.locator('output[data-for="rope-m"]').innerText(), '4');
    await changes(page, 'key position', () => slider('rope-n').press('ArrowRight'));
    await changes(page, 'interleaved pairing', () => page.locator('input[name="rope-style"][value="interleaved"]').check());
    await changes(page, 'head dim', () => page.locator('select[name="rope-d"]').selectOption('128').then(() => undefined));
    assert.equal(await page.locator(`${ROOT} .hand`).count(), 12, 'd = 128: a readable subset of the 64 pairs');
    assert.match(await page.locator(`${ROOT} [data-role="hands-note"]`).innerText(), /12 of 64/);
    await changes(page, 'vectors', () => page.locator('select[name="rope-vectors"]').selectOption('random').then(() => undefined));
    await changes(page, 'base', async () => {
      await page.locator('input[name="rope-base"]').fill('500');
    });
    await changes(page, 'axis range', () => page.locator('select[name="rope-range"]').selectOption('1024').then(() => undefined));

    // Shift invariance, on the numbers the graph computed: the two scores agree to float32 rounding.
    const shiftBefore = await shownValue(page, 'shifted-score');
    await slider('rope-shift').focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await settled(page);
    const state = await expectScoresMatchReference(page);
    assert.equal(state.shift, 15);
    const [score, shifted] = [await shownValue(page, 'score'), await shownValue(page, 'shifted-score')];
    assert.ok(Math.abs(score - shifted) < 1e-3 * (1 + Math.abs(score)), `score ${score} stays ${shifted} when both move by 15`);
    assert.ok(Math.abs(shifted - shiftBefore) < 1e-3 * (1 + Math.abs(score)));
    assert.equal(await page.locator(`${ROOT} [data-role="shifted-label"]`).innerText(), `q at ${state.query + 15}, k at ${state.key + 15}`);

    await changes(page, 'ChatGLM2 partial mode', () => page.locator('select[name="rope-mode"]').selectOption('partial').then(() => undefined));
    assert.ok(await page.locator('input[name="rope-style"][value="half"]').isDisabled(), 'ChatGLM2 fixes the pairing');
    assert.equal(await page.locator(`${ROOT} .channel[data-pass]`).count(), 64, 'the second half of 128 channels is not rotated');

    await changes(page, 'ChatGLM-6B 2-D mode', () => page.locator('select[name="rope-mode"]').selectOption('glm2d').then(() => undefined));
    assert.ok(await slider('rope-qblock').isVisible(), 'the block positions appear in 2-D mode');
    await changes(page, 'query block position', () => slider('rope-qblock').press('ArrowRight'));
    await changes(page, 'key block position', () => slider('rope-kblock').press('ArrowRight'));

    await changes(page, 'extension mode', () => page.locator('select[name="rope-mode"]').selectOption('extend').then(() => undefined));
    assert.ok(!(await slider('rope-qblock').isVisible()));
    await changes(page, 'linear interpolation', () => page.locator('select[name="rope-ext"]').selectOption('linear').then(() => undefined));
    assert.match(await page.locator(`${ROOT} [data-role="wavelength-caption"]`).innerText(), /L\/S/);
    await changes(page, 'Qwen dynamic NTK', () => page.locator('select[name="rope-ext"]').selectOption('qwen').then(() => undefined));
    const target = page.locator('input[name="rope-l"]');
    await target.fill('20000');
    await target.blur();
    await settled(page);
    assert.match(await page.locator(`${ROOT} [data-role="wavelength-caption"]`).innerText(), /α = 31/, 'L/S = 9.8: α = 2^⌈log₂ 9.8 + 1⌉ − 1');
    await changes(page, 'trained length', async () => {
      await page.locator('input[name="rope-s"]').fill('4096');
    });
    assert.match(await page.locator(`${ROOT} [data-role="wavelength-caption"]`).innerText(), /α = 15/, 'L/S = 4.9: α = 15');

    // The URL carries the whole state: a fresh page restores it, and Run shows the same numbers.
    const url = page.url();
    const shown = [await shownValue(page, 'score'), await shownValue(page, 'shifted-score')];
    const fresh = await openWatchedPage(fixture.browser, url);
    try {
      assert.equal(await fresh.page.locator('select[name="rope-mode"]').inputValue(), 'extend');
      assert.equal(await fresh.page.locator('select[name="rope-ext"]').inputValue(), 'qwen');
      assert.equal(await fresh.page.locator('input[name="rope-s"]').inputValue(), '4096');
      assert.equal(await fresh.page.locator('input[name="rope-base"]').inputValue(), '500');
      await fresh.page.locator(`${ROOT} button[data-action="run"]`).click();
      await settled(fresh.page, FIRST_RUN_MS);
      assert.deepEqual([await shownValue(fresh.page, 'score'), await shownValue(fresh.page, 'shifted-score')], shown);
      assert.equal(fresh.page.url(), url);
      assert.deepEqual(fresh.problems, []);
    } finally {
      await fresh.page.close();
    }
  });
});

test('out-of-range input is clamped and said; the typed text stays while typing; a phone fits', async () => {
  const link = `${PAGES.en}?rope-mode=spiral&rope-d=20&rope-base=1&rope-m=99999&rope-range=300&rope-s=abc`;
  await withPage(
    link,
    async ({ page }) => {
      const notes = await message(page);
      assert.match(notes, /spiral/);
      assert.match(notes, /Head dim d 20 is out of range; using 16/);
      assert.match(notes, /Base 1 is out of range; using 2/);
      assert.match(notes, /Axis range 300 is out of range; using 256/);
      assert.match(notes, /Query position m 99999 is out of range; using 256/);
      assert.match(notes, /“abc” is not a number/);
      assert.equal(await page.locator('input[name="rope-m"]').inputValue(), '256');
      await page.locator(`${ROOT} button[data-action="run"]`).click();
      await settled(page, FIRST_RUN_MS);
      await expectScoresMatchReference(page);

      const base = page.locator('input[name="rope-base"]');
      await base.fill('0.5');
      await settled(page);
      assert.equal(await base.inputValue(), '0.5', 'what the reader typed stays while typing');
      assert.match(await message(page), /Base 0.5 is out of range; using 2/);
      await base.blur();
      await settled(page);
      assert.equal(await base.inputValue(), '2', 'leaving the field writes the value used');

      const overflow = await page.locator(ROOT).evaluate((root) => [root.scrollWidth - root.clientWidth, document.documentElement.scrollWidth - innerWidth]);
      assert.deepEqual(overflow, [0, 0], 'the widget fits a 360 px screen');
      const smallest = await page.locator(`${ROOT} svg text`).evaluateAll((texts) =>
        Math.min(...texts.map((t) => (t as SVGTextElement).getBoundingClientRect().height).filter((h) => h > 0)),
      );
      assert.ok(smallest >= 11, `chart text is legible on a phone (smallest glyph box ${smallest} px)`);
    },
    { width: 360, height: 740 },
  );
});

test('presenter mode opens, steps with the arrow keys (computing each step) and closes with Escape', async () => {
  await withPage(PAGES.zh, async ({ page }) => {
    const root = page.locator(ROOT);
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.locator(`${ROOT} button[data-action="present"]`).click();
    assert.equal(await root.getAttribute('data-step'), '0');
    await settled(page, FIRST_RUN_MS);
    assert.equal(stateInUrl(page).query, 0);
    await expectScoresMatchReference(page);
    const caption = await page.locator('.presenter-caption').innerText();

    await page.keyboard.press('ArrowRight');
    await settled(page);
    assert.equal(await root.getAttribute('data-step'), '1');
    assert.equal(stateInUrl(page).query, 1);
    assert.notEqual(await page.locator('.presenter-caption').innerText(), caption);
    await expectScoresMatchReference(page);

    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await settled(page);
    assert.equal(await root.getAttribute('data-step'), '4');
    const shifted = stateInUrl(page);
    assert.deepEqual([shifted.query, shifted.key, shifted.shift], [3, 0, 10], 'the shift step');
    await expectScoresMatchReference(page);

    await page.keyboard.press('End');
    await settled(page);
    const last = stateInUrl(page);
    assert.deepEqual([last.mode, last.extension], ['extend', 'qwen']);
    await page.keyboard.press('ArrowLeft');
    await settled(page);
    assert.equal(stateInUrl(page).extension, 'ntk');

    const covered = await root.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + 20, box.top + 20);
      return hit !== null && element.contains(hit);
    });
    assert.ok(covered, 'the presented widget is on top of the page (header and sidebar included)');

    await page.keyboard.press('Escape');
    assert.equal(await root.getAttribute('data-presenting'), null);
    assert.equal(await page.locator('.presenter-bar').count(), 0);
  });
});
