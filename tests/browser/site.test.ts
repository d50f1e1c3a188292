// Every page of the built site in real Chromium (no WebGPU): loads cleanly under the strict CSP,
// renders its math, ships no runtime or chart code before a widget is used, and the reading
// shell works — language switch, search, dark mode, a phone-width layout — plus a light check of
// the mask widget (tests/browser/mask-widget.test.ts tests it in depth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DIST, useSite } from './harness/site.ts';
import { openWatchedPage } from './harness/browser.ts';
import {
  builtPagePaths,
  counterpart,
  distinctiveWord,
  hasMath,
  LOCALES,
  mdxSource,
  sitePages,
} from './site-pages.ts';
import { CONTENT_SECURITY_POLICY } from '../../site/strict-csp.mjs';

const fixture = useSite({ webgpu: false });
const PAGES = sitePages();
const PHONE = { width: 360, height: 740 };

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

// ORT and Plot are recognised by what is in a file, not by its hashed name: ORT's glue names its
// .wasm files, Plot names its default CSS class.
const HEAVY_MARKERS = { ort: /ort-wasm-simd-threaded/, plot: /plot-d6a7b5/ } as const;
type Heavy = keyof typeof HEAVY_MARKERS;
const heavyAssets = new Map<string, Heavy>();
for (const name of readdirSync(join(DIST, '_astro')).filter((file) => /\.m?js$/.test(file))) {
  const code = readFileSync(join(DIST, '_astro', name), 'utf8');
  for (const kind of ['ort', 'plot'] as const) if (HEAVY_MARKERS[kind].test(code)) heavyAssets.set(`/_astro/${name}`, kind);
}

/** Resources the page fetched (Resource Timing) that belong to onnxruntime-web or Plot, by kind. */
async function heavyRequests(page: Page): Promise<{ path: string; kind: Heavy }[]> {
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  return urls.flatMap((url) => {
    const path = new URL(url).pathname;
    const kind = heavyAssets.get(path) ?? (/\/ort[^/]*$|\.wasm$/.test(path) ? 'ort' : undefined);
    return kind ? [{ path, kind }] : [];
  });
}

test('dist/ holds exactly the pages the sidebar lists, in both languages', () => {
  assert.deepEqual(builtPagePaths(DIST), PAGES.map((page) => page.path).sort());
});

test('every built HTML file starts with the CSP and has no inline executable script', () => {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`;
  for (const file of htmlFiles(DIST)) {
    const html = readFileSync(file, 'utf8');
    assert.match(html, /^<!doctype html>(<html[^>]*><head>)?<meta http-equiv="Content-Security-Policy"/i, file);
    assert.ok(html.includes(meta), `${file}: policy differs`);
    for (const [tag, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const data = /\btype=["']?application\/(ld\+)?json/.test(attributes!);
      assert.ok(data || (/\bsrc=/.test(attributes!) && body!.trim() === ''), `${file}: inline script ${tag.slice(0, 120)}`);
    }
  }
});

for (const sitePage of PAGES) {
  test(`${sitePage.path}: clean load, h1, math, nothing heavy, theme, phone layout, language switch`, async () => {
    const { page, problems } = await openWatchedPage(fixture.browser, fixture.site.url + sitePage.path);
    try {
      await page.waitForLoadState('networkidle');
      assert.equal(await page.locator('h1').count(), 1, 'one <h1>');
      assert.notEqual((await page.locator('h1').innerText()).trim(), '', 'the <h1> has text');
      if (hasMath(mdxSource(sitePage))) assert.ok((await page.locator('.katex').count()) > 0, 'KaTeX output for $ math');
      assert.deepEqual(await heavyRequests(page), [], 'onnxruntime-web or Plot fetched before any widget was used');

      for (const theme of ['light', 'dark']) {
        await page.locator('header starlight-theme-select select').selectOption(theme);
        assert.equal(await page.getAttribute('html', 'data-theme'), theme);
      }

      await page.setViewportSize(PHONE);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= PHONE.width + 1, `horizontal overflow at ${PHONE.width}px: scrollWidth ${scrollWidth}`);
      if (sitePage.slug !== '') assert.ok(await page.locator('button[popovertarget="starlight__sidebar"]').isVisible(), 'mobile menu button');
      // The splash home page has no menu on a phone (where the language picker lives): its hero links the other language.
      else assert.ok(await page.locator(`.hero a[href="${counterpart(sitePage).path}"]`).isVisible(), 'a link to the other language on a phone');
      await page.setViewportSize({ width: 1280, height: 800 });

      const other = counterpart(sitePage);
      await page.locator('header starlight-lang-select select').selectOption(other.path);
      await page.waitForURL((url) => url.pathname === other.path);
      await page.waitForLoadState('load');
      assert.equal(await page.getAttribute('html', 'lang'), other.locale === 'zh' ? 'zh-CN' : 'en');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}

for (const locale of LOCALES) {
  test(`search (${locale}) finds the one article that uses a distinctive word`, async () => {
    const target = distinctiveWord(locale, DIST);
    assert.ok(target, `no word of 7+ letters is used by exactly one ${locale} article: nothing distinctive to search for`);
    const { page, problems } = await openWatchedPage(fixture.browser, `${fixture.site.url}/${locale}/`);
    try {
      await page.locator('button[data-open-modal]:enabled').first().click();
      await page.locator('#starlight__search input').fill(target.word);
      const results = page.locator('.pagefind-ui__result-title .pagefind-ui__result-link');
      await results.first().waitFor({ timeout: 15_000 });
      const hrefs = await results.evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
      assert.ok(hrefs.includes(target.page.path), `searching "${target.word}" gave ${hrefs.join(', ')}, not ${target.page.path}`);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}

const maskPages = PAGES.filter((page) => mdxSource(page).includes('<MaskWidget'));

/** The mask heatmap's cell values, in document order. */
const maskValues = (page: Page) => page.locator('[data-role="mask-heatmap"] canvas').evaluateAll((canvases) => canvases.map((c) => c.getAttribute('data-values')));

async function waitForMaskChange(page: Page, before: (string | null)[]): Promise<void> {
  await page.waitForFunction(
    (previous) => {
      const canvases = [...document.querySelectorAll('[data-role="mask-heatmap"] canvas')];
      return canvases.length > 0 && JSON.stringify(canvases.map((c) => c.getAttribute('data-values'))) !== previous;
    },
    JSON.stringify(before),
    { timeout: 60_000 },
  );
}

test('the mask widget is on some page in each language', () => {
  for (const locale of LOCALES) assert.ok(maskPages.some((page) => page.locale === locale), `no ${locale} page has <MaskWidget />`);
});

for (const sitePage of maskPages) {
  test(`${sitePage.path}: mask heatmap follows the prefix slider, and a shared URL restores it`, async () => {
    const watched = await openWatchedPage(fixture.browser, fixture.site.url + sitePage.path);
    const { page } = watched;
    try {
      await page.locator('input[name="mask-mode"][value="prefix"]').check();
      await page.locator('section[data-widget="mask"] button[data-action="run"]').click();
      await waitForMaskChange(page, []);
      await page.locator('section[data-widget="mask"][data-state="ready"]').waitFor();
      const before = await maskValues(page);

      const slider = page.locator('input[type=range][name="mask-prefix"]');
      const atMax = await slider.evaluate((input) => (input as HTMLInputElement).value === (input as HTMLInputElement).max);
      await slider.press(atMax ? 'ArrowLeft' : 'ArrowRight');
      await waitForMaskChange(page, before);
      await page.locator('section[data-widget="mask"][data-state="ready"]').waitFor();
      const after = await maskValues(page);
      const prefix = await slider.inputValue();
      assert.deepEqual(watched.problems, []);
      // Once the widget is used, the runtime and Plot are fetched: proof the detector above sees them.
      const fetched = new Set((await heavyRequests(page)).map(({ kind }) => kind));
      assert.deepEqual([...fetched].sort(), ['ort', 'plot'], 'using the widget must fetch ORT and Plot, recognised as such');

      const shared = await openWatchedPage(fixture.browser, page.url());
      try {
        // A link restores the controls; the computation waits for the reader's Run.
        await shared.page.locator('section[data-widget="mask"] button[data-action="run"]').click();
        await waitForMaskChange(shared.page, []);
        await shared.page.locator('section[data-widget="mask"][data-state="ready"]').waitFor();
        assert.ok(await shared.page.locator('input[name="mask-mode"][value="prefix"]').isChecked(), 'mode restored');
        assert.equal(await shared.page.locator('input[type=range][name="mask-prefix"]').inputValue(), prefix, 'prefix restored');
        assert.deepEqual(await maskValues(shared.page), after, 'heatmap restored');
        assert.deepEqual(shared.problems, []);
      } finally {
        await shared.page.close();
      }
    } finally {
      await page.close();
    }
  });
}
