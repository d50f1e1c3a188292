// Debian's Chromium driven by playwright-core (no browser download), with or without WebGPU.
// With --enable-unsafe-webgpu, headless Chromium offers SwiftShader's software WebGPU adapter;
// without it, no adapter exists and widgets must fall back to WASM.
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium({ webgpu }: { webgpu: boolean }): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: webgpu ? [...QUIET_FLAGS, '--enable-unsafe-webgpu'] : QUIET_FLAGS,
  });
}

/** A page that records every console error, uncaught exception and failed request. */
export type WatchedPage = { readonly page: Page; readonly problems: string[] };

export async function openWatchedPage(browser: Browser, url: string): Promise<WatchedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

/** Opens `url`, runs `body`, requires that the page reported no problem, and closes it. */
export async function withWatchedPage(browser: Browser, url: string, body: (watched: WatchedPage) => Promise<void>): Promise<void> {
  const watched = await openWatchedPage(browser, url);
  try {
    await body(watched);
    assert.deepEqual(watched.problems, []);
  } finally {
    await watched.page.close();
  }
}
