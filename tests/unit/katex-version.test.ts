// The site's formulas are rendered at build time by rehype-katex and styled by the katex/dist
// stylesheet astro.config.mjs adds. Both must come from one KaTeX: 0.19 renamed the classes its
// markup carries, so 0.16 markup under the 0.19 stylesheet lost all sizing (subscripts full size,
// fractions misdrawn). package.json's override pins rehype-katex and remark-math to the site's KaTeX;
// this test fails if a dependency update brings a second copy back.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { test } from 'node:test';

const require = createRequire(import.meta.url);

/** The version of the KaTeX that code in folder `from` loads (KaTeX reports its own `version`). */
function katexVersionFrom(from: string): string {
  return (require(require.resolve('katex', { paths: [from] })) as { version: string }).version;
}

/** The folder of package `name`'s entry, as code in folder `from` resolves it. */
const folderOf = (name: string, from: string) => dirname(require.resolve(name, { paths: [from] }));

test('rehype-katex and remark-math render with the KaTeX whose stylesheet the site ships', () => {
  const site = katexVersionFrom(process.cwd());
  const rehype = katexVersionFrom(folderOf('rehype-katex', process.cwd()));
  const micromark = katexVersionFrom(folderOf('micromark-extension-math', folderOf('remark-math', process.cwd())));
  assert.equal(rehype, site, `rehype-katex loads KaTeX ${rehype}, the stylesheet is ${site}`);
  assert.equal(micromark, site, `remark-math's micromark extension loads KaTeX ${micromark}, the stylesheet is ${site}`);
});
