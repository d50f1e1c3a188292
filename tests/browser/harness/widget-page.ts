// What a widget's browser test does on every page: open it watched (and fail on any console error or
// failed request), see whether the runtime was fetched, and wait for an update to finish.
import assert from 'node:assert/strict';
import type { Page, ViewportSize } from 'playwright-core';
import { openWatchedPage, type WatchedPage } from './browser.ts';
import type { SiteFixture } from './site.ts';

/** Opens `path`, runs `body`, then requires that nothing went wrong on the page. */
export async function withWatchedPage(
  fixture: SiteFixture,
  path: string,
  body: (watched: WatchedPage) => Promise<void>,
  viewport?: ViewportSize,
): Promise<void> {
  const watched = await openWatchedPage(fixture.browser, fixture.site.url + path);
  if (viewport) await watched.page.setViewportSize(viewport);
  try {
    await body(watched);
    assert.deepEqual(watched.problems, []);
  } finally {
    await watched.page.close();
  }
}

/** onnxruntime-web's scripts and .wasm among the page's requests (Resource Timing). */
export async function runtimeRequests(page: Page): Promise<string[]> {
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  return urls.filter((url) => /\/ort[^/]*$|\.wasm$/.test(new URL(url).pathname));
}

/** Waits until the widget at `root` is ready or failed, and requires ready (naming its message). */
export async function settledWidget(page: Page, root: string, timeout = 30_000): Promise<void> {
  await page.locator(`${root}[data-state="ready"], ${root}[data-state="error"]`).waitFor({ timeout });
  const state = await page.locator(root).getAttribute('data-state');
  assert.equal(state, 'ready', `widget ended in ${state}: ${await page.locator(`${root} [data-role="message"]`).innerText()}`);
}
