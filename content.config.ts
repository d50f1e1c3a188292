import { defineCollection } from 'astro:content';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  // Starlight's own UI strings where its zh-CN set has none (the search box's Pagefind strings): content/i18n/.
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
