// A page of its own (an index.html and its main.ts, no Astro), bundled by Vite into a temporary folder
// and served on 127.0.0.1 (WebGPU needs a secure context, which localhost is): the parity and layered
// WebGPU tests' pages and the benchmarks' pages.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { build } from 'vite';
import { serveDirectory } from './static-server.ts';

/** The page's address, and how to stop serving it and delete the bundle. */
export type ServedPage = { readonly url: string; close(): Promise<void> };

export async function serveVitePage(pageDir: string): Promise<ServedPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'vite-page-'));
  const removeBundle = () => rm(outDir, { recursive: true, force: true });
  try {
    await build({
      root: pageDir,
      configFile: false,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'esnext', assetsInlineLimit: 0, chunkSizeWarningLimit: 4096 },
    });
    const site = await serveDirectory(outDir);
    return {
      url: `${site.url}/index.html`,
      close: async () => {
        await site.close();
        await removeBundle();
      },
    };
  } catch (error) {
    await removeBundle();
    throw error;
  }
}

/** For a test file: the page built and served before its tests, stopped after them. */
export function useVitePage(pageDir: string): { url(): string } {
  let served: ServedPage | undefined;
  before(async () => {
    served = await serveVitePage(pageDir);
  });
  after(async () => {
    await served?.close();
  });
  return {
    url() {
      if (served === undefined) throw new Error(`${pageDir}: the page is served only while the tests run`);
      return served.url;
    },
  };
}

/** ORT logs at warning level, through console.error, that it keeps shape ops on the CPU under WebGPU: expected. */
export const ORT_PLACEMENT_NOTE = /\[W:onnxruntime:[^\]]*VerifyEachNodeIsAssignedToAnEp\]/;
