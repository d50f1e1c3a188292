// `npm run bench`: builds the site if dist/ is missing, serves it, runs every case of ./cases.ts in
// one headless Chromium and prints the figures as Markdown, with the machine they were taken on.
// `npm run bench -- alibi rope` runs only the cases (or parts of a case, such as one widget's
// updates) whose names contain one of the words given.
// Exits with status 1 when a figure is over its budget.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { launchChromium } from '../../tests/browser/harness/browser.ts';
import { DIST } from '../../tests/browser/harness/site.ts';
import { serveDirectory } from '../../tests/browser/harness/static-server.ts';
import { BENCH_CASES } from './cases.ts';
import { markdownTable, verdictOf } from './table.ts';
import { isChosen, type BenchRow } from './types.ts';

if (!existsSync(DIST)) {
  console.error('dist/ is missing: building the site first');
  // The build's log goes to stderr, so stdout stays a clean Markdown report.
  const built = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 2, 2], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const site = await serveDirectory(DIST);
const browser = await launchChromium({ webgpu: false });
const chromium = `Chromium ${browser.version()}`;
const rows: BenchRow[] = [];
try {
  const words = process.argv.slice(2).map((word) => word.toLowerCase());
  // A case runs whole when a word names it, and only the parts named when a word names a part.
  const chosen = BENCH_CASES.filter((c) => isChosen(c.name, words) || (c.parts ?? []).some((part) => isChosen(part, words)));
  for (const benchCase of chosen) {
    console.error(`running: ${benchCase.name}`);
    const partWords = isChosen(benchCase.name, words) ? [] : words;
    rows.push(...(await benchCase.run({ browser, siteUrl: site.url, dist: DIST, words: partWords })));
  }
} finally {
  await browser.close();
  await site.close();
}

// The load average says how busy the machine was: figures taken beside other work run slower.
const load = loadavg().map((x) => x.toFixed(1)).join(' / ');
const machine = `${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, load ${load} (1/5/15 min), Node ${process.version}, ${chromium}`;
console.log(`Benchmarks of ${new Date().toISOString().slice(0, 10)} on ${machine}\n`);
console.log(markdownTable(rows));
const over = rows.filter((row) => verdictOf(row) === 'FAIL');
if (over.length > 0) {
  console.error(`\n${over.length} figure(s) over budget`);
  process.exitCode = 1;
}
