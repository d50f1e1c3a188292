// The tokenizer widget with a release's tokenizer, in headless Chromium on the built site (run
// `npm run build` first), against the stand-in hub (tests/harness/hub-server.ts) mounted under /hub/
// on the site's own origin (the "this site" hub). The ids shown equal Node's loadTokenizer on the
// same files; only tokenizer files are requested (the stand-in hub's log says so); a 404 and a
// format load.ts refuses give their messages and keep the text; a link restores the hub choice and
// downloads nothing until the reader acts; the reader's own files load the same way.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { loadTokenizer } from '../../kernels/tokenizers/load.ts';
import { releasedReplica } from '../harness/hub-replicas.ts';
import { mountHub } from '../harness/hub-server.ts';
import { seriousViolations } from './harness/axe.ts';
import { openWatchedPage, type WatchedPage } from './harness/browser.ts';
import { withCleanPage } from './harness/clean-page.ts';
import { settledWidget } from './harness/widget-page.ts';
import { useSite } from './harness/site.ts';

const hub = mountHub('/hub', '/hub-storage');
const fixture = useSite({ webgpu: false, routes: (request, response) => hub.handle(request, response) });

const ROOT = 'section[data-widget="tokenizer"]';
const LOAD = `${ROOT} details[data-role="load"]`;
const REPO = 'tiny/qwen2';
const utf8 = (text: string) => new TextEncoder().encode(text);
const SENTENCEPIECE = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sentencepiece', 'llama-style.model')));
let released: Map<string, Uint8Array>;

before(async () => {
  released = await releasedReplica('qwen2');
  hub.addRepo(REPO, released);
  // GLM-4 keeps a tiktoken file under the name tokenizer.model: load.ts refuses its tokenizer class.
  hub.addRepo(
    'tiny/glm4-style',
    new Map([
      ['config.json', utf8('{}')],
      ['tokenizer.model', SENTENCEPIECE],
      ['tokenizer_config.json', utf8('{"tokenizer_class": "ChatGLM4Tokenizer"}')],
    ]),
  );
});

/** Node's ids for `text` through the tokenizer of `files`, as the widget shows them (no BOS/EOS). */
async function nodeIds(files: ReadonlyMap<string, Uint8Array>, text: string): Promise<number[]> {
  return (await loadTokenizer(memorySource(files))).encode(text, { addSpecialTokens: false });
}

async function shownIds(page: Page): Promise<number[]> {
  const texts = await page.locator(`${ROOT} [data-role="tokens"] .chip-id`).allTextContents();
  return texts.flatMap((t) => t.split(' ').map(Number));
}

const message = (page: Page) => page.locator(`${ROOT} [data-role="message"]`).innerText();
const loadState = async (page: Page, states: readonly string[]) => {
  await page.locator(states.map((state) => `${LOAD}[data-load-state="${state}"]`).join(', ')).waitFor({ timeout: 30_000 });
  return page.locator(LOAD).getAttribute('data-load-state');
};

async function loadFromHub(page: Page, repo: string): Promise<string | null> {
  await page.locator(`${LOAD} input[name="hub-repo"]`).fill(repo);
  await page.locator(`${LOAD} button[data-action="load-hub"]`).click();
  return loadState(page, ['loaded', 'failed']);
}

/**
 * Probes of files a repository lacks get 404s from the stand-in hub, and a gated one 401s; Chromium
 * reports each as an HTTP error, a console line and (the client drops the error's body) an aborted
 * request. Those of the two repositories that fail are expected; nothing else.
 */
function unexpected({ problems }: WatchedPage): string[] {
  const probed = /\/hub\/tiny\/(glm4-style|absent)\//;
  return problems.filter((p) => !(/^(HTTP 40[134]|request failed)/.test(p) && probed.test(p)) && !/^console error: Failed to load resource: .* 40[134]/.test(p));
}

test('from the hub: gated (asks for the token), a refused format and a 404 are said with the text kept; then the ids equal Node’s, and no weight is fetched', async () => {
  const watched = await openWatchedPage(fixture.browser, `${fixture.site.url}/en/ideas/tokenizers/`);
  const { page } = watched;
  try {
    const text = await page.locator(`${ROOT} textarea`).inputValue();
    await page.locator(`${LOAD} > summary`).click();
    await page.locator(`${LOAD} select[name="hub-name"]`).selectOption('site');
    hub.clearLog();

    hub.inject('gated', { token: 'secret-token' });
    try {
      assert.equal(await loadFromHub(page, 'tiny/glm4-style'), 'failed');
      assert.match(await message(page), /^This repository is gated/);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'hub-token', 'the token field has the focus');
      await page.locator(`${LOAD} input[name="hub-token"]`).fill('secret-token');
      assert.equal(await loadFromHub(page, 'tiny/glm4-style'), 'failed');
      assert.ok(hub.log.some((entry) => entry.authorization && entry.status === 206), 'the token was sent and accepted');
      assert.ok(!page.url().includes('secret'), 'the token is never in the URL');
    } finally {
      hub.inject(null);
    }
    assert.match(await message(page), /^This tokenizer cannot be read here\.\nDetails: tokenizer\.model: ChatGLM4Tokenizer is not/);
    assert.equal(await loadFromHub(page, 'tiny/absent'), 'failed');
    assert.match(await message(page), /^Not found on this hub.*\nDetails: tiny\/absent .*not found/s);
    assert.equal(await page.locator(`${ROOT} textarea`).inputValue(), text, 'the reader’s text is kept');
    assert.ok(await page.locator(`${ROOT} [data-choice="hub"]`).isHidden(), 'a failed load adds no choice');

    assert.equal(await loadFromHub(page, REPO), 'loaded');
    await settledWidget(page, ROOT);
    assert.ok(await page.locator(`${ROOT} input[name="tok-vocab"][value="hub"]`).isChecked());
    const size = (await loadTokenizer(memorySource(released))).size;
    assert.equal(await page.locator(`${ROOT} [data-role="hub-vocab"]`).innerText(), `${REPO} (${size.toLocaleString('en')})`);
    assert.deepEqual(await shownIds(page), await nodeIds(released, text));
    assert.equal(await message(page), '');
    assert.deepEqual(await seriousViolations(page, ROOT), [], 'the open load part and the new choice pass axe');

    assert.deepEqual(hub.log.filter((entry) => /\.safetensors$|config\.json$/.test(entry.path) && entry.path.includes(REPO)), [], 'no weight file, no config');
    assert.deepEqual(hub.log.filter((entry) => entry.path.endsWith('.safetensors')), [], 'no weight file from any repository');
    const whole = hub.log.filter((entry) => entry.path.includes(REPO) && entry.range === null).map((entry) => entry.path.split('/').at(-1));
    assert.deepEqual(whole, ['tokenizer.json'], 'the tokenizer file read once, whole (besides 1-byte probes)');
    const params = new URL(page.url()).searchParams;
    assert.deepEqual([params.get('tok-vocab'), params.get('tok-hub'), params.get('tok-repo')], ['hub', 'site', REPO]);
    assert.deepEqual(unexpected(watched), []);
  } finally {
    await page.close();
  }
});

test('a link restores the hub’s tokenizer as the choice and downloads nothing until Tokenize', async () => {
  const text = '猫和老虎 cats 2024';
  const link = `/zh/ideas/tokenizers/?tok-vocab=hub&tok-hub=site&tok-repo=${REPO}&tok-text=${encodeURIComponent(text)}`;
  hub.clearLog();
  await withCleanPage(fixture, link, async ({ page }) => {
    assert.ok(await page.locator(`${ROOT} input[name="tok-vocab"][value="hub"]`).isChecked());
    assert.match(await page.locator(`${ROOT} [data-role="hub-vocab"]`).innerText(), new RegExp(`^${REPO}（来自模型库`));
    assert.equal(await page.locator(`${LOAD} input[name="hub-repo"]`).inputValue(), REPO, 'the hub fields are filled');
    assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle');
    assert.deepEqual(hub.log, [], 'nothing fetched from the hub');
    await page.locator(`${ROOT} button[data-action="run"]`).click();
    await settledWidget(page, ROOT);
    assert.deepEqual(await shownIds(page), await nodeIds(released, text));
    assert.ok(hub.log.length > 0);
  });
});

test('the reader’s files: a refused format is said, then a SentencePiece model with its config gives Node’s ids', async () => {
  const files = new Map([
    ['tokenizer.model', SENTENCEPIECE],
    ['tokenizer_config.json', utf8('{"add_bos_token": false}')],
  ]);
  await withCleanPage(fixture, '/en/ideas/tokenizers/', async ({ page }) => {
    await page.locator(`${LOAD} > summary`).click();
    const picker = page.locator(`${LOAD} input[name="tok-files"]`);
    await picker.setInputFiles([{ name: 'vocab.json', mimeType: 'application/json', buffer: Buffer.from('{}') }]);
    assert.equal(await loadState(page, ['loaded', 'failed']), 'failed');
    assert.match(await message(page), /Details: vocab\.json is a GPT-2 style vocab\.json \+ merges\.txt pair/);

    await picker.setInputFiles([...files].map(([name, bytes]) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) })));
    assert.equal(await loadState(page, ['loaded']), 'loaded');
    await settledWidget(page, ROOT);
    assert.ok(await page.locator(`${ROOT} input[name="tok-vocab"][value="files"]`).isChecked());
    const text = await page.locator(`${ROOT} textarea`).inputValue();
    assert.deepEqual(await shownIds(page), await nodeIds(files, text));
    assert.equal(new URL(page.url()).searchParams.get('tok-vocab'), 'files');
  });
});
