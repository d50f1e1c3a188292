// The site's pages, derived from the sidebar and the MDX sources, for the end-to-end tests and the
// benchmark: which pages exist, which have math, and a word only one article of a language uses.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { familySlugs, ideaSlugs } from '../../site/sidebar.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** One page of the site: `slug` is '' for the home page. */
export type SitePage = { readonly locale: Locale; readonly slug: string; readonly path: string };

export const ARTICLE_SLUGS: readonly string[] = [...familySlugs, ...ideaSlugs];

function pageOf(locale: Locale, slug: string): SitePage {
  return { locale, slug, path: slug === '' ? `/${locale}/` : `/${locale}/${slug}/` };
}

/** Home plus every sidebar article, in both languages. */
export function sitePages(): SitePage[] {
  return LOCALES.flatMap((locale) => ['', ...ARTICLE_SLUGS].map((slug) => pageOf(locale, slug)));
}

/**
 * Each idea article's live widget (its root's data-widget), the article's slug, and whether it
 * computes (a Run button and data-state; the architecture diff only rearranges catalog facts). The
 * mask widget and the model panel have tests of their own.
 */
export const IDEA_WIDGETS = [
  { widget: 'rope', slug: 'ideas/rope', computes: true },
  { widget: 'attention-sharing', slug: 'ideas/attention-variants', computes: true },
  { widget: 'alibi', slug: 'ideas/alibi', computes: true },
  { widget: 'norm', slug: 'ideas/normalization', computes: true },
  { widget: 'activations', slug: 'ideas/activations', computes: true },
  { widget: 'tokenizer', slug: 'ideas/tokenizers', computes: true },
  { widget: 'flash-attention', slug: 'ideas/flash-attention', computes: true },
  { widget: 'arch-diff', slug: 'ideas/compare', computes: false },
  { widget: 'chat-template', slug: 'ideas/chat-templates', computes: true },
  { widget: 'quantization', slug: 'ideas/quantization', computes: true },
] as const;

export type IdeaWidgetPage = { readonly widget: string; readonly path: string; readonly computes: boolean };

/** Each idea widget's page, the languages taking turns (English first), for tests that open each widget once. */
export const IDEA_WIDGET_PAGES: readonly IdeaWidgetPage[] = IDEA_WIDGETS.map(({ widget, slug, computes }, i) => ({
  widget,
  computes,
  path: pageOf(i % 2 === 0 ? 'en' : 'zh', slug).path,
}));

/** The same page in the other language. */
export function counterpart(page: SitePage): SitePage {
  return pageOf(page.locale === 'zh' ? 'en' : 'zh', page.slug);
}

/** URL paths of every built `index.html` under dist/zh and dist/en. */
export function builtPagePaths(dist: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'index.html') found.push(`/${relative(dist, dir).split(sep).join('/')}/`);
    }
  };
  for (const locale of LOCALES) walk(join(dist, locale));
  return found.sort();
}

export function mdxSource(page: SitePage): string {
  const file = page.slug === '' ? 'index.mdx' : `${page.slug}.mdx`;
  return readFileSync(join(ROOT, 'content/docs', page.locale, file), 'utf8');
}

const FRONTMATTER = /^---\n[\s\S]*?\n---\n/;
const CODE = /```[\s\S]*?```|`[^`\n]*`/g;
const DISPLAY_MATH = /\$\$[\s\S]+?\$\$/g;
const INLINE_MATH = /\$[^$\n]+?\$/g;

/** Whether the MDX body has `$…$` or `$$…$$` math (outside code). */
export function hasMath(mdx: string): boolean {
  const body = mdx.replace(FRONTMATTER, '').replace(CODE, '');
  return DISPLAY_MATH.test(body) || INLINE_MATH.test(body);
}

/** The prose of an MDX body: no frontmatter, imports, components, code, math or link targets. */
export function proseOf(mdx: string): string {
  return mdx
    .replace(FRONTMATTER, '')
    .replace(/^(import|export) .*$/gm, '')
    .replace(CODE, ' ')
    .replace(DISPLAY_MATH, ' ')
    .replace(INLINE_MATH, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/https?:\/\/\S+/g, ' ');
}

/** Visible text of the <main> element of a built page (what Pagefind indexes). */
export function mainTextOf(html: string): string {
  const main = /<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? '';
  return main
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

const WORD = /[A-Za-z]{7,}/g;

/**
 * A word of at least seven letters that the prose of exactly one article of `locale` uses, and
 * whose built page is the only one of that language showing it: searching it must find that
 * article. The longest such word wins (ties: alphabetical), so the choice is stable.
 */
export function distinctiveWord(locale: Locale, dist: string): { word: string; page: SitePage } | undefined {
  const articles = sitePages().filter((page) => page.locale === locale && page.slug !== '');
  const builtText = new Map(
    sitePages()
      .filter((page) => page.locale === locale)
      .map((page) => [page.path, mainTextOf(readFileSync(join(dist, page.path, 'index.html'), 'utf8')).toLowerCase()]),
  );
  const shownOnlyBy = (word: string, page: SitePage): boolean => {
    const shows = [...builtText].filter(([, text]) => new RegExp(`\\b${word}\\b`).test(text));
    return shows.length === 1 && shows[0]![0] === page.path;
  };
  const owners = new Map<string, SitePage[]>();
  for (const page of articles) {
    for (const word of new Set(proseOf(mdxSource(page)).toLowerCase().match(WORD) ?? [])) {
      owners.set(word, [...(owners.get(word) ?? []), page]);
    }
  }
  const candidates = [...owners]
    .filter(([, pages]) => pages.length === 1)
    .map(([word, pages]) => ({ word, page: pages[0]! }))
    .filter(({ word, page }) => shownOnlyBy(word, page))
    .sort((a, b) => b.word.length - a.word.length || a.word.localeCompare(b.word));
  return candidates[0];
}
