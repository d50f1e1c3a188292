// What a page fetched of onnxruntime-web, Observable Plot and the trained models' files
// (models/trained/), to check that widgets load them only on first use. ORT and Plot are recognised by content, not by hashed file names: ORT's glue names its
// .wasm files, Plot names its default CSS class.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DIST } from './site.ts';

const HEAVY_MARKERS = [/ort-wasm-simd-threaded/, /plot-d6a7b5/];

function heavyAssets(): Set<string> {
  const dir = join(DIST, '_astro');
  return new Set(
    readdirSync(dir)
      .filter((name) => /\.m?js$/.test(name))
      .filter((name) => HEAVY_MARKERS.some((marker) => marker.test(readFileSync(join(dir, name), 'utf8'))))
      .map((name) => `/_astro/${name}`),
  );
}

/** Everything the page fetched (Resource Timing) that belongs to onnxruntime-web, Plot or a trained model. */
export async function heavyRequests(page: Page): Promise<string[]> {
  const heavy = heavyAssets();
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  return urls.filter((url) => {
    const path = new URL(url).pathname;
    return /\/ort[^/]*$|\.wasm$|\/models\/trained\//.test(path) || heavy.has(path);
  });
}

/**
 * Which of onnxruntime-web's binaries the page fetched (kernels/runtime/browser.ts picks one): the
 * build with WebGPU (its file carries Asyncify's name) or the WASM-only one.
 */
export async function runtimeBinaries(page: Page): Promise<Array<'webgpu' | 'wasm-only'>> {
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  return urls
    .map((url) => new URL(url).pathname.split('/').pop()!)
    .filter((file) => /^ort-wasm-simd-threaded\..*wasm$/.test(file))
    .map((file) => (file.includes('.asyncify.') ? 'webgpu' : 'wasm-only'));
}
