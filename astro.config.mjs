// Site configuration. Starlight gives the reading shell (sidebar, table of contents, previous/next,
// Pagefind search, dark mode, i18n, mobile layout); we add KaTeX at build time and a strict CSP.
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { strictCsp } from './site/strict-csp.mjs';
import { rehypeMathUnindexed } from './site/rehype-math-unindexed.mjs';
import { rehypeFocusableTables } from './site/rehype-focusable-tables.mjs';
import { sidebar } from './site/sidebar.mjs';
import { tokenizerAssets } from './site/tokenizer-assets.ts';

export default defineConfig({
  // Articles live in ./content/docs, components in ./components: the repository root is the source dir.
  srcDir: './',
  site: 'https://llm-anatomy.example',
  redirects: { '/': '/zh/' },
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [rehypeKatex, rehypeMathUnindexed, rehypeFocusableTables],
  },
  vite: {
    // Never inline a script into HTML: the CSP allows scripts from our own origin only.
    build: { assetsInlineLimit: 0 },
  },
  integrations: [
    starlight({
      title: { 'zh-CN': 'LLM 解剖室', en: 'LLM Anatomy' },
      defaultLocale: 'zh',
      locales: {
        zh: { label: '简体中文', lang: 'zh-CN' },
        en: { label: 'English', lang: 'en' },
      },
      sidebar,
      customCss: ['katex/dist/katex.min.css', './components/styles/site.css'],
      lastUpdated: false,
    }),
    strictCsp(),
    tokenizerAssets(),
  ],
});
