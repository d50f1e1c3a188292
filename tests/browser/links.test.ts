// Every internal link of the built site leads somewhere: for each dist/**/*.html page, each <a href>
// (article text, sidebar, prev/next, table of contents, widgets' markup), each language-picker
// option and each <link rel="alternate|canonical"> that stays on the site must name a built page or
// file, and its #fragment an id on that page. Runs on the HTML files after `npm run build`; it needs
// no browser.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './site-pages.ts';

const DIST = join(ROOT, 'dist');
/** astro.config.mjs `site`: absolute links to it are internal too. */
const SITE_ORIGIN = 'https://llm-anatomy.example';

/** Every .html file under dist/, as URL paths (`/zh/families/llama/index.html`). */
function htmlFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) found.push(`/${relative(DIST, path).split(sep).join('/')}`);
    }
  };
  walk(DIST);
  return found.sort();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Attribute values as the browser reads them: character references decoded. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Markup that can hold tag-like text the browser never turns into elements. */
const NOT_MARKUP = /<!--[\s\S]*?-->|<script\b[\s\S]*?<\/script>|<style\b[\s\S]*?<\/style>/gi;

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  if (!match) return undefined;
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? '');
}

type Page = { readonly ids: ReadonlySet<string>; readonly hrefs: readonly string[] };

function readPage(urlPath: string): Page {
  const html = readFileSync(join(DIST, urlPath), 'utf8').replace(NOT_MARKUP, '');
  const ids = new Set<string>();
  const hrefs: string[] = [];
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
    const id = attribute(tag, 'id');
    if (id !== undefined) ids.add(id);
    if (/^<a\s/i.test(tag)) {
      const name = attribute(tag, 'name');
      if (name !== undefined) ids.add(name);
      const href = attribute(tag, 'href');
      if (href !== undefined) hrefs.push(href);
    } else if (/^<link\s/i.test(tag) && /\b(alternate|canonical)\b/i.test(attribute(tag, 'rel') ?? '')) {
      hrefs.push(attribute(tag, 'href') ?? '');
    }
  }
  // Starlight's language picker navigates to its <option> values.
  for (const [picker] of html.matchAll(/<starlight-lang-select>[\s\S]*?<\/starlight-lang-select>/gi)) {
    for (const [option] of picker.matchAll(/<option\b[^>]*>/gi)) hrefs.push(attribute(option, 'value') ?? '');
  }
  return { ids, hrefs };
}

/**
 * The built file a URL path serves (directory → index.html), or undefined when there is none.
 * Starlight's 404 page links to itself as /404/, /zh/404/ and /en/404/ (canonical, language picker);
 * a static host answers those, like any missing path, with /404.html.
 */
function servedFile(pathname: string): string | undefined {
  if (/^\/(?:(?:zh|en)\/)?404\/?$/.test(pathname)) return '/404.html';
  const candidates = pathname.endsWith('/') ? [`${pathname}index.html`] : [pathname, `${pathname}/index.html`, `${pathname}.html`];
  return candidates.find((candidate) => {
    const file = join(DIST, candidate);
    return existsSync(file) && statSync(file).isFile();
  });
}

/** The page's own URL: `/zh/x/index.html` is served at `/zh/x/`. */
const pageUrl = (file: string): string => file.replace(/index\.html$/, '');

type Broken = { readonly page: string; readonly href: string; readonly why: string };

function checkLinks(): { broken: Broken[]; checked: number } {
  const pages = new Map(htmlFiles().map((file) => [file, readPage(file)]));
  const broken: Broken[] = [];
  let checked = 0;
  for (const [file, { hrefs }] of pages) {
    const base = new URL(pageUrl(file), SITE_ORIGIN);
    for (const href of hrefs) {
      if (/^(mailto|tel|javascript|data):/i.test(href)) continue;
      const url = new URL(href, base);
      if (url.origin !== SITE_ORIGIN) continue; // another site
      checked++;
      const pathname = decodeURIComponent(url.pathname);
      const target = servedFile(pathname);
      if (target === undefined) {
        broken.push({ page: pageUrl(file), href, why: `no page or file at ${pathname}` });
        continue;
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment === '' || !target.endsWith('.html')) continue;
      if (!pages.get(target)?.ids.has(fragment)) {
        broken.push({ page: pageUrl(file), href, why: `${pageUrl(target)} has no element with id "${fragment}"` });
      }
    }
  }
  return { broken, checked };
}

test('every internal link and anchor in dist/ resolves to a built page and an existing id', () => {
  assert.ok(existsSync(join(DIST, 'zh/index.html')) && existsSync(join(DIST, 'en/index.html')), 'run `npm run build` first');
  const { broken, checked } = checkLinks();
  assert.ok(checked > 100, `only ${checked} internal links found: the scan is not reading the pages`);
  const report = broken.map((b) => `${b.page}: ${b.href} (${b.why})`).join('\n');
  assert.equal(broken.length, 0, `${broken.length} broken internal link(s):\n${report}`);
});

test('the scan reads links and ids the way a browser does', () => {
  const tag = `<a class="x" href='/zh/ideas/rope/?a=1&amp;b=2#x-%E4%B8%AD' id=top>`;
  assert.equal(attribute(tag, 'href'), '/zh/ideas/rope/?a=1&b=2#x-%E4%B8%AD');
  assert.equal(attribute(tag, 'id'), 'top');
  assert.equal(attribute('<a data-href="/x">', 'href'), undefined);
  assert.equal(decodeEntities('&#x4e2d;&#25991;&lt;'), '中文<');
  assert.equal(servedFile('/zh/'), '/zh/index.html');
  assert.equal(servedFile('/zh'), '/zh/index.html');
  assert.equal(servedFile('/zh/no-such-page/'), undefined);
  assert.equal(servedFile('/en/404/'), '/404.html');
});
