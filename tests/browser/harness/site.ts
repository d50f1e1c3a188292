// The built site and a browser, shared by the tests of one file.
import { after, before } from 'node:test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { serveDirectory, type ExtraRoutes, type StaticSite } from './static-server.ts';
import { launchChromium } from './browser.ts';

export const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));

export type SiteFixture = { site: StaticSite; browser: Browser };

/** Serves dist/ (and `routes`, a test's own paths) and launches Chromium before the file's tests; closes both after. */
export function useSite(options: { webgpu: boolean; routes?: ExtraRoutes }): SiteFixture {
  const fixture = {} as SiteFixture;
  before(async () => {
    if (!existsSync(DIST)) throw new Error('dist/ is missing: run `npm run build` before the browser tests');
    fixture.site = await serveDirectory(DIST, options.routes);
    fixture.browser = await launchChromium(options);
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.site?.close();
  });
  return fixture;
}
