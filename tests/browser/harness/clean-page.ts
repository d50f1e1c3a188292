// One page of the served site for the length of `body`, which must leave no console error, uncaught
// exception or failed request behind; the page is closed either way.
import assert from 'node:assert/strict';
import { openWatchedPage, type WatchedPage } from './browser.ts';
import type { SiteFixture } from './site.ts';

export async function withCleanPage(fixture: SiteFixture, path: string, body: (watched: WatchedPage) => Promise<void>): Promise<void> {
  const watched = await openWatchedPage(fixture.browser, fixture.site.url + path);
  try {
    await body(watched);
    assert.deepEqual(watched.problems, []);
  } finally {
    await watched.page.close();
  }
}
