// JavaScript a reader downloads for each page before touching any widget.
//
// Every script response is recorded from navigation until the network is idle after `load` (so
// scripts Starlight fetches on idle, like the search UI, count too), and its body gzipped here at
// the default level, as a static host would serve it. The budget keeps ORT (~1 MB) and Plot out of
// first load: they must wait for the reader to use a widget.
import { gzipSync } from 'node:zlib';
import { sitePages } from '../../tests/browser/site-pages.ts';
import type { BenchCase, BenchContext, BenchRow } from './types.ts';

const BUDGET_KB = 150;
const isScript = (url: string, contentType: string): boolean => /javascript/.test(contentType) || /\.m?js$/.test(new URL(url).pathname);

async function shippedKb(context: BenchContext, path: string): Promise<number> {
  const page = await context.browser.newPage();
  try {
    const gzipped: Promise<number>[] = [];
    page.on('response', (response) => {
      if (isScript(response.url(), response.headers()['content-type'] ?? '')) {
        gzipped.push(response.body().then((body) => gzipSync(body).length));
      }
    });
    await page.goto(context.siteUrl + path, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    const bytes = (await Promise.all(gzipped)).reduce((a, b) => a + b, 0);
    return bytes / 1024;
  } finally {
    await page.close();
  }
}

export const jsShipped: BenchCase = {
  name: 'JS shipped before any widget is used',
  async run(context) {
    const rows: BenchRow[] = [];
    for (const page of sitePages()) {
      rows.push({
        case: 'JS on first load (gzip)',
        measure: page.path,
        value: await shippedKb(context, page.path),
        unit: 'KB',
        budget: BUDGET_KB,
      });
    }
    return rows;
  },
};
