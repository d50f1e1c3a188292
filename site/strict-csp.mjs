// Build step for a strict Content-Security-Policy on the static site.
//
// The policy allows scripts from our own origin only (plus WebAssembly compilation for
// onnxruntime-web and Pagefind), and connections to our own origin and to the checkpoint hubs the
// model panel offers (kernels/hub/hubs.ts: the hubs and the hosts they redirect large files to), so
// no link can make a reader's browser fetch from a host the site does not offer. Some scripts reach the HTML inline (Starlight's theme and sidebar
// helpers), so after the build every inline script is moved into its own file under /_astro/ and
// referenced with src=. A classic external script without async/defer runs at the same point of
// parsing as the inline one did, so behaviour is unchanged. The policy goes in a <meta> tag as the
// first child of <head>; it is added to built pages only, so `astro dev` (which injects its own
// inline scripts) keeps working.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hubOrigins } from '../kernels/hub/hubs.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  `connect-src 'self' ${hubOrigins().join(' ')}`,
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)(?![^>]*type="application\/(?:ld\+)?json")([^>]*)>([\s\S]*?)<\/script>/g;

async function* htmlFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

/** Moves inline scripts out of one HTML page; returns the new HTML and the files to write. */
export function externalizeInlineScripts(html) {
  const files = new Map();
  const rewritten = html.replace(INLINE_SCRIPT, (_match, attributes, body) => {
    const name = `inline-${createHash('sha256').update(body).digest('hex').slice(0, 12)}.js`;
    files.set(name, body);
    return `<script${attributes} src="/_astro/${name}"></script>`;
  });
  const policy = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`;
  // Astro's redirect pages have no <head> tag: there the parser opens head at the first element,
  // so the policy goes right after the doctype.
  const withPolicy = /<head>/.test(rewritten)
    ? rewritten.replace(/<head>/, `<head>${policy}`)
    : rewritten.replace(/^(<!doctype html>)?/i, `$1${policy}`);
  return { html: withPolicy, files };
}

export function strictCsp() {
  return {
    name: 'llm-anatomy:strict-csp',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const root = fileURLToPath(dir);
        const assets = join(root, '_astro');
        await mkdir(assets, { recursive: true });
        for await (const file of htmlFiles(root)) {
          const { html, files } = externalizeInlineScripts(await readFile(file, 'utf8'));
          for (const [name, body] of files) await writeFile(join(assets, name), body);
          await writeFile(file, html);
        }
      },
    },
  };
}
