// axe-core on every page of the built site in both languages (light and dark theme), and on the
// live widgets after they have run once: no serious or critical violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import { openWatchedPage } from './harness/browser.ts';
import { seriousViolations } from './harness/axe.ts';
import { IDEA_WIDGET_PAGES, sitePages } from './site-pages.ts';

const fixture = useSite({ webgpu: false });
const FIRST_RUN_MS = 120_000;

/** Each serious or critical violation of `page` (or of `selector` in it), in both themes, as text. */
async function violationsOf(page: Page, what: string, selector?: string): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => (document.documentElement.dataset['theme'] = t), theme);
    for (const violation of await seriousViolations(page, selector)) found.push(`${what} (${theme}): ${JSON.stringify(violation)}`);
  }
  return found;
}

async function expectAccessible(page: Page, what: string, selector?: string): Promise<void> {
  assert.deepEqual(await violationsOf(page, what, selector), []);
}

test('every page, both languages: no serious or critical axe violation', async () => {
  // Every page is checked before the test fails, so one run lists every violation.
  const found: string[] = [];
  for (const { path } of sitePages()) {
    const { page, problems } = await openWatchedPage(fixture.browser, fixture.site.url + path);
    try {
      found.push(...(await violationsOf(page, path)), ...problems.map((problem) => `${path}: ${problem}`));
    } finally {
      await page.close();
    }
  }
  assert.deepEqual(found, []);
});

const WIDGETS = [
  { path: '/en/ideas/causal-vs-prefix/', root: 'section[data-widget="mask"]' },
  { path: '/zh/ideas/causal-vs-prefix/', root: 'section[data-widget="mask"]' },
  { path: '/en/families/qwen/', root: 'section[data-widget="model"]' },
  { path: '/zh/families/llama/', root: 'section[data-widget="model"]' },
  ...IDEA_WIDGET_PAGES.filter((w) => w.computes).map(({ widget, path }) => ({ path, root: `section[data-widget="${widget}"]` })),
];

for (const { path, root } of WIDGETS) {
  test(`${path}: the widget after one run, and in presenter mode, has no serious or critical axe violation`, async () => {
    const { page, problems } = await openWatchedPage(fixture.browser, fixture.site.url + path);
    try {
      await page.locator(`${root} button[data-action="run"]`).click();
      await page.locator(`${root}[data-state="ready"]`).waitFor({ timeout: FIRST_RUN_MS });
      await expectAccessible(page, `${path} after a run`, root);
      await page.locator(`${root} button[data-action="present"]`).click();
      await page.locator(`${root}[data-state="ready"]`).waitFor({ timeout: FIRST_RUN_MS });
      await expectAccessible(page, `${path} presenting`, root);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}
