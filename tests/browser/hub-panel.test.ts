// The model panel's hub part in headless Chromium, on the built site (run `npm run build` first),
// against the stand-in hub (tests/harness/hub-server.ts) mounted at the site's own origin under
// /hub/ (the panel's "this site" hub), with large files redirected to /hub-storage/ on the same
// origin. It serves tiny replicas as releases look: BF16, sharded, with an index.
//
// A link fills the part and fetches nothing; "Read headers" reads config, index and headers only
// (the stand-in hub's log says so) and shows the plan; Download runs the model with logits equal to
// Node's ModelRunner on the same files; a second load after a reload takes the weights from Cache
// Storage (no weight request) and Free empties it; a model too large for the device's memory runs
// layer by layer from Cache Storage; every injectable failure gives its message and a
// retry works; Cancel stops a download; an unknown hub in a link is named and never fetched from.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { readHeaderLength } from '../../kernels/checkpoint/safetensors.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { PANEL_TOKENS } from '../../kernels/demos/model-panel.ts';
import { detectModel } from '../../kernels/families/detect.ts';
import { requiredTensors } from '../../kernels/families/spec.ts';
import { formatBytes } from '../../kernels/format-bytes.ts';
import { planCheckpoint } from '../../kernels/hub/plan.ts';
import { LAYERED_RUNNER } from '../../kernels/hub/runner.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';
import { releasedReplica } from '../harness/hub-replicas.ts';
import { HUB_FAILURES, mountHub, type HubFailureKind } from '../harness/hub-server.ts';
import { nodeLastLogits, panelLogits } from './harness/model-panel.ts';
import { runtimeRequests } from './harness/widget-page.ts';
import { DIST, useSite } from './harness/site.ts';

const hub = mountHub('/hub', '/hub-storage');
const fixture = useSite({ webgpu: false, routes: (request, response) => hub.handle(request, response) });

const ROOT = 'section[data-widget="model"]';
const PART = `${ROOT} details[data-role="hub"]`;
/** The first download also loads the runtime (14–27 MB of WASM): be generous. */
const OPEN_MS = 120_000;

/** What the stand-in hub serves, by repository. */
const served = new Map<string, Map<string, Uint8Array>>();

before(async () => {
  for (const [repo, name] of [
    ['tiny/qwen2', 'qwen2'],
    ['tiny/llama', 'llama'],
  ] as const) {
    const files = await releasedReplica(name);
    served.set(repo, files);
    hub.addRepo(repo, files);
  }
});

const isWeightFile = (file: string) => file.endsWith('.safetensors');
const weightFiles = (repo: string) => [...served.get(repo)!.keys()].filter(isWeightFile);
const headerEnd = (repo: string, file: string) => {
  const bytes = served.get(repo)!.get(file)!;
  return 8 + readHeaderLength(file, bytes, bytes.length);
};

/** A page that records console errors and failed requests, with the URL they concern; `deviceGiB` stands in for the device's memory. */
async function openPage(path: string, deviceGiB?: number): Promise<{ page: Page; problems: { text: string; url: string }[] }> {
  const page = await fixture.browser.newPage();
  if (deviceGiB !== undefined) {
    await page.addInitScript((gib) => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => gib }), deviceGiB);
  }
  const problems: { text: string; url: string }[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push({ text: `console error: ${message.text()}`, url: message.location().url });
  });
  page.on('pageerror', (error) => problems.push({ text: `uncaught: ${error.message}`, url: '' }));
  page.on('requestfailed', (request) => problems.push({ text: `request failed (${request.failure()?.errorText})`, url: request.url() }));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push({ text: `HTTP ${response.status()}`, url: response.url() });
  });
  // Generous: the machine these tests run on may be busy.
  await page.goto(fixture.site.url + path, { waitUntil: 'load', timeout: 120_000 });
  return { page, problems };
}

/** Runs `body` on a fresh page; no problem may be left but those a failure injected into the hub explains. */
async function withPage(path: string, body: (page: Page) => Promise<void>, hubProblemsExpected = false, deviceGiB?: number): Promise<void> {
  const { page, problems } = await openPage(path, deviceGiB);
  try {
    await body(page);
    const fromHub = (url: string) => /\/hub(-storage)?\//.test(new URL(url || 'about:blank', fixture.site.url).pathname);
    const unexplained = problems.filter((p) => !(hubProblemsExpected && fromHub(p.url)));
    assert.deepEqual(unexplained, []);
  } finally {
    await page.close();
  }
}

const hubState = (page: Page) => page.locator(PART).getAttribute('data-hub-state');
const message = (page: Page) => page.locator(`${ROOT} [data-role="message"]`).innerText();
const fact = (page: Page, name: string) => page.locator(`${PART} [data-role="hub-plan"] [data-fact="${name}"]`).innerText();

async function waitForHubState(page: Page, states: readonly string[], timeout = 30_000): Promise<string> {
  await page.locator(states.map((state) => `${PART}[data-hub-state="${state}"]`).join(', ')).waitFor({ timeout });
  return (await hubState(page))!;
}

/** Read headers, then Download where the plan allows it: the state it ends in. */
async function load(page: Page): Promise<string> {
  await page.locator(`${PART} button[data-action="hub-plan"]`).click();
  const planned = await waitForHubState(page, ['planned', 'refused', 'failed']);
  if (planned !== 'planned') return planned;
  await page.locator(`${PART} button[data-action="hub-download"]`).click();
  const state = await waitForHubState(page, ['opened', 'failed'], OPEN_MS);
  if (state === 'opened') await page.locator(`${ROOT}[data-state="ready"]`).waitFor();
  return state;
}

/** Files of this site's bundle that hold the hub's HTTP code (recognised by one of its messages). */
function hubChunks(): Set<string> {
  const dir = join(DIST, '_astro');
  return new Set(
    readdirSync(dir)
      .filter((name) => name.endsWith('.js') && readFileSync(join(dir, name), 'utf8').includes('answered a range without Content-Range'))
      .map((name) => `/_astro/${name}`),
  );
}
async function fetchedPaths(page: Page): Promise<string[]> {
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  return urls.map((url) => new URL(url).pathname);
}

/** The last position's logits, as Node's ModelRunner computes them on the served files. */
const nodeLogits = (repo: string, ids: readonly number[]) => nodeLastLogits(memorySource(served.get(repo)!), ids);
const tokenIds = (page: Page) =>
  page.locator('[data-role="tokens"] > li').evaluateAll((chips) => chips.map((chip) => Number(chip.getAttribute('data-token-id'))));

/** Reloads the page and loads `repo` again: not one weight byte may come from the hub, and the logits are Node's. */
async function reloadFromCache(page: Page, repo: string): Promise<void> {
  await page.reload({ waitUntil: 'load', timeout: 120_000 });
  hub.clearLog();
  assert.equal(await load(page), 'opened', await message(page));
  const weightReads = hub.log.filter((r) => isWeightFile(r.path.split('?')[0]!) && (r.range === null || r.bytes > headerEnd(repo, weightFiles(repo)[0]!)));
  assert.deepEqual(weightReads, [], 'no weight request on the second load');
  assert.ok(maxAbsDiff(await panelLogits(page), await nodeLogits(repo, await tokenIds(page))) < 1e-4);
}

test('a link fills the part and fetches nothing; Read headers (Enter) reads headers only and shows the plan', async () => {
  const repo = 'tiny/qwen2';
  hub.clearLog();
  await withPage(`/en/families/qwen/?hub=site&model=${repo}`, async (page) => {
    assert.equal(await page.locator(PART).getAttribute('open'), '', 'the link opens the part');
    assert.equal(await page.locator(`${PART} select[name="hub-name"]`).inputValue(), 'site');
    assert.equal(await page.locator(`${PART} input[name="hub-repo"]`).inputValue(), repo);
    assert.equal(await page.locator(`${PART} button[data-action="hub-download"]`).isDisabled(), true);
    assert.equal(hub.log.length, 0, 'a link alone asks the hub for nothing');
    const chunks = hubChunks();
    assert.ok(chunks.size > 0, 'the hub code is in the bundle');
    assert.deepEqual((await fetchedPaths(page)).filter((path) => chunks.has(path)), [], 'nor loads the hub code');

    await page.locator(`${PART} input[name="hub-repo"]`).press('Enter');
    assert.equal(await waitForHubState(page, ['planned', 'failed']), 'planned', await message(page));
    // Exactly config.json, the index, tokenizer.json's first byte (is it there?) and each shard's header.
    const files = served.get(repo)!;
    const expected =
      files.get('config.json')!.length +
      files.get('model.safetensors.index.json')!.length +
      (files.has('tokenizer.json') ? 1 : 0) +
      weightFiles(repo).reduce((sum, file) => sum + headerEnd(repo, file), 0);
    assert.equal(hub.servedBytes(), expected, 'bytes the hub served for the plan');
    assert.ok(!hub.log.some((r) => r.path.startsWith('/hub-storage/') && r.range === null), 'no whole weight file');

    const checkpoint = await loadCheckpoint(memorySource(files));
    const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
    const parameters = requiredTensors(spec.tensors).reduce((sum, ref) => sum + ref.shape.reduce((a, b) => a * b, 1), 0);
    const weightBytes = weightFiles(repo).reduce((sum, file) => sum + files.get(file)!.length, 0);
    assert.equal(await fact(page, 'family'), spec.name);
    assert.equal(await fact(page, 'dtype'), 'BF16');
    assert.match(await fact(page, 'parameters'), new RegExp(`\\(${parameters.toLocaleString('en')}\\)`));
    assert.equal(await fact(page, 'download'), `${formatBytes(weightBytes)} in ${weightFiles(repo).length} files`);
    assert.match(await fact(page, 'memory'), /^Fits: all layers need about .* Generation works\.$/);
    assert.match(await fact(page, 'fetched'), new RegExp(`^${formatBytes(expected).replace('.', '\\.')} in \\d+ requests`));
    assert.equal(await page.locator(`${PART} button[data-action="hub-download"]`).isDisabled(), false);
    assert.deepEqual(await runtimeRequests(page), [], 'reading headers loads no runtime');
    assert.match(page.url(), /[?&]hub=site&model=tiny%2Fqwen2/);
  });
});

test('Download runs the model with Node’s logits; a reload loads it from Cache Storage without a weight request; Free empties it', async () => {
  const repo = 'tiny/qwen2';
  await withPage(`/en/families/qwen/?hub=site&model=${repo}`, async (page) => {
    hub.clearLog();
    assert.equal(await load(page), 'opened', await message(page));
    assert.ok(hub.log.some((r) => r.path.startsWith('/hub-storage/') && (r.range === null || r.bytes > 1000)), 'the weights came from the storage path');
    assert.equal(await page.locator('select[name="model-replica"]').inputValue(), 'hub');
    assert.match(await page.locator('select[name="model-replica"] option[value="hub"]').innerText(), /tiny\/qwen2/);
    assert.equal(await page.locator(`${PART} [data-role="hub-progress"] progress`).evaluate((bar) => (bar as HTMLProgressElement).value), 1);
    const diff = maxAbsDiff(await panelLogits(page), await nodeLogits(repo, await tokenIds(page)));
    assert.ok(diff < 1e-4, `hub checkpoint: logits differ from Node by ${diff}`);

    // The cache view lists it with its size.
    await page.locator(`${PART} details[data-role="hub-cache"] > summary`).click();
    const weightBytes = weightFiles(repo).reduce((sum, file) => sum + served.get(repo)!.get(file)!.length, 0);
    await page.locator(`${PART} [data-role="hub-cache-list"] li`).first().waitFor();
    assert.match(await page.locator(`${PART} [data-role="hub-cache-list"]`).innerText(), new RegExp(`tiny/qwen2 @ main \\(This site \\(/hub/\\)\\): ${formatBytes(weightBytes).replace('.', '\\.')}`));

    // Same origin, same browser profile: the weights come from Cache Storage.
    await reloadFromCache(page, repo);

    await page.locator(`${PART} details[data-role="hub-cache"] > summary`).click();
    await page.locator(`${PART} button[data-action="hub-free"]`).click();
    await page.locator(`${PART} [data-role="hub-cache-list"] li`).waitFor({ state: 'detached' });
    assert.match(await page.locator(`${PART} [data-role="hub-status"]`).innerText(), /tiny\/qwen2 was removed/);
    const left = await page.evaluate(async () => (await (await caches.open('llm-anatomy-hub-weights')).keys()).length);
    assert.equal(left, 0);
  });
});

test('a model too large for the memory runs layer by layer: the plan says so, the prompt gives Node’s logits, generation is off, a reload reads no weight', async () => {
  const repo = 'tiny/llama';
  const checkpoint = await loadCheckpoint(memorySource(served.get(repo)!));
  const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
  const memory = planCheckpoint({
    spec,
    tensors: checkpoint.tensors,
    downloadBytes: 0,
    budgetBytes: Infinity,
    runner: LAYERED_RUNNER.limits,
    ...PANEL_TOKENS,
  }).memory;
  assert.ok(memory.layerByLayerBytes < memory.residentBytes, 'a budget between the two exists');
  // A device whose memory holds one layer at a time, not every layer.
  const deviceGiB = (memory.layerByLayerBytes + memory.residentBytes) / 2 / 2 ** 30;
  await withPage(
    `/en/families/llama/?hub=site&model=${repo}`,
    async (page) => {
      assert.equal(await load(page), 'opened', await message(page));
      assert.match(await fact(page, 'memory'), /^Layer by layer: .* Inspection of the prompt only, no generation\.$/);
      assert.ok(maxAbsDiff(await panelLogits(page), await nodeLogits(repo, await tokenIds(page))) < 1e-4);
      assert.match(await message(page), /runs one layer at a time/);
      assert.equal(await page.locator(`${ROOT} button[data-action="generate"]`).isDisabled(), true);
      assert.equal(await page.locator(`${ROOT} button[data-action="next-token"]`).isDisabled(), true);

      // Each run reads the layers from Cache Storage: after a reload, no weight byte from the hub.
      await reloadFromCache(page, repo);
    },
    false,
    deviceGiB,
  );
});

/** The message each failure gives; null where the site's own origin makes it harmless (the load succeeds). */
const FAILURE_MESSAGES: Record<HubFailureKind, RegExp | null> = {
  'not-found': /Not found on this hub[\s\S]*config\.json of tiny\/llama .*not found \(HTTP 404\)/,
  gated: /This repository is gated[\s\S]*is gated \(HTTP 401\)/,
  refuse: /No answer from the hub[\s\S]*CORS/,
  // CORS headers do not matter to a page of the same origin: the site's own mirror needs none.
  cors: null,
  'no-range': null,
  'truncated-shard': /truncated/,
  'corrupted-shard': /cannot run here[\s\S]*header length \d+ runs past the end of the file/,
  'malformed-header': /cannot run here[\s\S]*malformed JSON header/,
  'missing-shard': /cannot run here[\s\S]*shard 'model-00002-of-00002\.safetensors' .* is missing from tiny\/llama/,
  'unsupported-dtype': /cannot run here[\s\S]*dtype I16; weights must be F32, F16 or BF16/,
  'unsupported-architecture': /cannot run here[\s\S]*model_type 'gpt2' is not a supported family/,
  'missing-tensor': /cannot run here[\s\S]*missing tensor 'model\.layers\.1\./,
  'drop-once': null,
  'drop-always': /connection dropped and resuming failed[\s\S]*3 attempts to resume from there failed/,
  // A stalled connection waits a minute before resuming; the Cancel test below uses it instead.
  'stall-once': null,
};

test('each failure gives its message in the panel, the page keeps working, and a retry loads the model', async () => {
  for (const failure of HUB_FAILURES.filter((f) => f !== 'stall-once')) {
    await withPage(
      '/en/families/llama/?hub=site&model=tiny/llama',
      async (page) => {
        hub.inject(failure);
        const state = await load(page).finally(() => hub.inject(null));
        const expected = FAILURE_MESSAGES[failure];
        if (expected === null) {
          assert.equal(state, 'opened', `${failure}: ${await message(page)}`);
          return;
        }
        assert.equal(state, 'failed', failure);
        assert.match(await message(page), expected, failure);
        // The rest of the page still works: the panel's own replica runs, and so does a retry.
        assert.equal(await load(page), 'opened', `${failure}, retried: ${await message(page)}`);
        assert.equal(await page.locator(`${ROOT} [data-role="message"]`).innerText().then((t) => /cannot run|Not found|gated|No answer|dropped/.test(t)), false);
      },
      true,
    );
  }
});

test('a gated repository: a wrong token is refused by name, the right one opens it, and the token stays out of the URL', async () => {
  await withPage(
    '/en/families/llama/?hub=site&model=tiny/llama',
    async (page) => {
      hub.inject('gated', { token: 'right-token' });
      try {
        await page.locator(`${PART} input[name="hub-token"]`).fill('wrong-token');
        assert.equal(await load(page), 'failed');
        assert.match(await message(page), /refused the access token \(HTTP 403\)/);
        await page.locator(`${PART} input[name="hub-token"]`).fill('right-token');
        assert.equal(await load(page), 'opened', await message(page));
      } finally {
        hub.inject(null);
      }
      assert.doesNotMatch(page.url(), /token/);
      assert.equal(await page.locator(`${PART} input[name="hub-token"]`).getAttribute('type'), 'password');
    },
    true,
  );
});

test('Cancel stops a download under way; Download again finishes it', async () => {
  await withPage(
    '/en/families/llama/?hub=site&model=tiny/llama',
    async (page) => {
      hub.inject('stall-once');
      try {
        await page.locator(`${PART} button[data-action="hub-plan"]`).click();
        assert.equal(await waitForHubState(page, ['planned', 'failed']), 'planned');
        await page.locator(`${PART} button[data-action="hub-download"]`).click();
        await waitForHubState(page, ['downloading']);
        // Half of a weight file has arrived and the connection went silent.
        // Polled by time, not by frame: the runtime's WebAssembly compiles meanwhile and may hold up frames.
        const poll = { polling: 250, timeout: OPEN_MS };
        await page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>('[data-role="hub-progress"] progress')?.value) > 0, undefined, poll);
        await page.locator(`${PART} button[data-action="hub-cancel"]`).click();
        assert.equal(await waitForHubState(page, ['failed', 'opened']), 'failed');
        await page.waitForFunction(() => /Download cancelled/.test(document.querySelector('[data-role="message"]')?.textContent ?? ''), undefined, poll);
      } finally {
        hub.inject(null);
      }
      await page.locator(`${PART} button[data-action="hub-download"]`).click();
      assert.equal(await waitForHubState(page, ['opened', 'failed'], OPEN_MS), 'opened', await message(page));
    },
    true,
  );
});

test('an unknown hub in a link is named, in Chinese too, and nothing is fetched from it', async () => {
  hub.clearLog();
  await withPage('/zh/families/qwen/?hub=evil.example&model=tiny/qwen2', async (page) => {
    assert.match(await message(page), /链接里指定的模型库“evil\.example”不在本站提供的范围内/);
    assert.equal(await page.locator(`${PART} select[name="hub-name"]`).inputValue(), 'huggingface');
    assert.equal(await page.locator(`${PART} input[name="hub-repo"]`).inputValue(), 'tiny/qwen2');
    const paths = await fetchedPaths(page);
    assert.ok(!paths.some((path) => /evil/.test(path)));
    assert.equal(hub.log.length, 0);
  });
});
