// The strict-CSP build step: every executable inline script leaves the HTML for a file under
// /_astro/, data scripts (JSON, JSON-LD) stay, and the policy is the first thing in <head>.
//
// The built pages themselves (dist/) are checked by tests/browser/site.test.ts, which runs after
// the build; unit tests run before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CONTENT_SECURITY_POLICY, externalizeInlineScripts } from '../../site/strict-csp.mjs';
import { HUBS, hubOrigins } from '../../kernels/hub/hubs.ts';

const POLICY_META = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`;

/** Opening tags of scripts that have a body and no src, except data blocks (JSON, JSON-LD). */
function inlineExecutableScripts(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attributes = match[1]!;
    if (/\bsrc=/.test(attributes)) continue;
    if (/\btype=["']?application\/(ld\+)?json/.test(attributes)) continue;
    found.push(match[0]);
  }
  return found;
}

function page(head: string, body = ''): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

test('a classic inline script moves to a file and keeps its attributes', () => {
  const source = 'document.documentElement.dataset.theme = "dark";';
  const { html, files } = externalizeInlineScripts(page(`<script data-x="1">${source}</script>`));
  assert.deepEqual(inlineExecutableScripts(html), []);
  assert.equal(files.size, 1);
  const [name, body] = [...files][0]!;
  assert.equal(body, source);
  assert.match(html, new RegExp(`<script data-x="1" src="/_astro/${name}"></script>`));
});

test('a module inline script moves too and stays a module', () => {
  const source = 'import "/_astro/x.js"; console.log(1);';
  const { html, files } = externalizeInlineScripts(page('', `<script type="module">${source}</script>`));
  assert.deepEqual(inlineExecutableScripts(html), []);
  const [name, body] = [...files][0]!;
  assert.equal(body, source);
  assert.ok(html.includes(`<script type="module" src="/_astro/${name}"></script>`), html);
});

test('JSON-LD and JSON data blocks stay inline, external scripts are untouched', () => {
  const jsonLd = '<script type="application/ld+json">{"@type":"Article"}</script>';
  const json = '<script type="application/json" id="data">{"a":1}</script>';
  const external = '<script type="module" src="/_astro/page.js"></script>';
  const { html, files } = externalizeInlineScripts(page(jsonLd + external, json));
  assert.equal(files.size, 0);
  for (const kept of [jsonLd, json, external]) assert.ok(html.includes(kept), `lost: ${kept}`);
});

test('the policy meta is the first child of <head> and allows only same-origin scripts', () => {
  const { html } = externalizeInlineScripts(page('<title>t</title>'));
  assert.ok(html.includes(`<head>${POLICY_META}<meta charset="utf-8">`), html);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /script-src[^;]*'unsafe-inline'/);
});

test('connect-src names exactly our own origin, the hubs offered and their large-file hosts', () => {
  const connect = /(?:^|; )connect-src ([^;]*)/.exec(CONTENT_SECURITY_POLICY)?.[1]?.split(' ') ?? [];
  const expected = Object.values(HUBS).flatMap((hub) => [hub.origin, ...hub.largeFileOrigins]);
  assert.deepEqual(new Set(connect), new Set(["'self'", ...expected]));
  assert.equal(connect.length, new Set(connect).size, 'no source twice');
  assert.deepEqual(hubOrigins(), connect.slice(1));
  for (const source of connect.slice(1)) assert.match(source, /^https:\/\/[a-z0-9.-]+$/, 'https origins only, no wildcard');
  // The hosts Hugging Face redirects weights to must be there, or a large download fails in the page.
  for (const host of ['https://cas-bridge.xethub.hf.co', 'https://cdn-lfs.hf.co', 'https://us.aws.cdn.hf.co']) assert.ok(connect.includes(host), host);
});

test('a page without a <head> tag (the root redirect) still gets the policy first', () => {
  const redirect = '<!doctype html><title>Redirecting to: /zh/</title><meta http-equiv="refresh" content="0;url=/zh/">';
  const { html } = externalizeInlineScripts(redirect);
  assert.ok(html.startsWith(`<!doctype html>${POLICY_META}<title>`), html);
});

test('property: any mix of inline scripts leaves none inline, and each body is saved once by content', () => {
  const body = fc.stringMatching(/^[a-z0-9 =;.()"']{0,40}$/);
  const script = fc.record({ body, module: fc.boolean(), data: fc.boolean() });
  fc.assert(
    fc.property(fc.array(script, { maxLength: 8 }), (scripts) => {
      const tags = scripts.map(({ body, module, data }) =>
        data ? `<script type="application/ld+json">${body}</script>` : `<script${module ? ' type="module"' : ''}>${body}</script>`,
      );
      const { html, files } = externalizeInlineScripts(page(tags.join('\n')));
      assert.deepEqual(inlineExecutableScripts(html), []);
      const executableBodies = new Set(scripts.filter((s) => !s.data).map((s) => s.body));
      assert.deepEqual(new Set(files.values()), executableBodies);
      for (const name of files.keys()) assert.ok(html.includes(`src="/_astro/${name}"`), `${name} is not referenced`);
      const dataBlocks = scripts.filter((s) => s.data).length;
      assert.equal(html.match(/type="application\/ld\+json"/g)?.length ?? 0, dataBlocks);
      assert.equal(html.indexOf('<meta http-equiv="Content-Security-Policy"'), html.indexOf('<head>') + '<head>'.length);
    }),
    { numRuns: 200 },
  );
});
