// Astro integration: the shipped vocabularies (site/tokenizer-files.ts) as static files under
// /tokenizers/, so the widget fetches them on first use instead of carrying megabytes in page JS.
// `astro dev` serves them from memory; a build writes them into dist/.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { TOKENIZER_ASSET_DIR } from '../kernels/tokenizers/vocabularies.ts';
import { servedTokenizerFiles } from './tokenizer-files.ts';

export function tokenizerAssets(): AstroIntegration {
  return {
    name: 'tokenizer-assets',
    hooks: {
      'astro:server:setup': ({ server }) => {
        const files = servedTokenizerFiles();
        server.middlewares.use(`/${TOKENIZER_ASSET_DIR}/`, (request, response, next) => {
          const text = files.get((request.url ?? '').replace(/^\//, '').split('?')[0] ?? '');
          if (text === undefined) return next();
          response.setHeader('content-type', 'application/json');
          response.end(text);
        });
      },
      'astro:build:done': async ({ dir }) => {
        const out = new URL(`${TOKENIZER_ASSET_DIR}/`, dir);
        await mkdir(fileURLToPath(out), { recursive: true });
        for (const [name, text] of servedTokenizerFiles()) await writeFile(new URL(name, out), text);
      },
    },
  };
}
