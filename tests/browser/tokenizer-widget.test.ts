// The tokenizer widget in headless Chromium on the built site (run `npm run build` first): nothing
// loads before first use (not even for a link), the ids shown equal @huggingface/tokenizers' in Node,
// byte tokens share one chip, every control, URL round trip, presenter mode, zero console errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import type { WatchedPage } from './harness/browser.ts';
import { withCleanPage } from './harness/clean-page.ts';
import { Tokenizer as LibraryTokenizer } from '@huggingface/tokenizers';
import { FIRST_CHIPS, MORE_CHIPS } from '../../components/widgets/shared/token-chips.ts';
import type { ShippedVocabId } from '../../kernels/tokenizers/vocabularies.ts';
import { shippedTokenizerJson } from '../../site/tokenizer-files.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/tokenizers/', en: '/en/ideas/tokenizers/' } as const;
const ROOT = 'section[data-widget="tokenizer"]';

/** The ids @huggingface/tokenizers gives in Node: an engine independent of the site's own. */
const reference = new Map<ShippedVocabId, LibraryTokenizer>();
function expectedIds(vocab: ShippedVocabId, text: string): number[] {
  if (!reference.has(vocab)) reference.set(vocab, new LibraryTokenizer(shippedTokenizerJson(vocab), {}));
  return reference.get(vocab)!.encode(text, { add_special_tokens: false }).ids;
}

const withPage = (path: string, body: (watched: WatchedPage) => Promise<void>) => withCleanPage(fixture, path, body);

async function settled(page: Page): Promise<void> {
  await page.locator(`${ROOT}[data-state="ready"], ${ROOT}[data-state="error"]`).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'ready', await page.locator(`${ROOT} [data-role="message"]`).innerText());
}

/** The ids on the chips, in order (each chip lists its tokens' ids separated by spaces). */
async function shownIds(page: Page): Promise<number[]> {
  const texts = await page.locator(`${ROOT} [data-role="tokens"] .chip-id`).allTextContents();
  return texts.flatMap((t) => t.split(' ').map(Number));
}

const vocabRequests = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((name) => name.includes('/tokenizers/')));

for (const [lang, path] of Object.entries(PAGES)) {
  test(`${lang}: idle until used; Tokenize shows the ids Node computes, CPU (JavaScript) and the time`, async () => {
    await withPage(path, async ({ page }) => {
      const root = page.locator(ROOT);
      assert.equal(await root.getAttribute('data-state'), 'idle');
      assert.deepEqual(await vocabRequests(page), []);
      await page.locator(`${ROOT} button[data-action="run"]`).click();
      await settled(page);
      assert.deepEqual(await vocabRequests(page), [`${fixture.site.url}/tokenizers/llama.json`]);
      const text = await page.locator(`${ROOT} textarea`).inputValue();
      assert.deepEqual(await shownIds(page), expectedIds('llama', text));
      assert.match(await page.locator(`${ROOT} [data-role="status"]`).innerText(), /CPU \(JavaScript\)/);
      assert.ok(Number(await root.getAttribute('data-update-ms')) > 0);
      assert.match(await page.locator(`${ROOT} [data-role="stats"]`).innerText(), lang === 'zh' ? /个词元/ : /tokens/);
    });
  });
}

test('every control: vocabulary, show ids, typing; byte tokens share one chip with their bytes on demand', async () => {
  await withPage(PAGES.en, async ({ page }) => {
    const textarea = page.locator(`${ROOT} textarea`);
    await textarea.fill('猫 12345 👍🏽');
    await settled(page);
    const llamaIds = await shownIds(page);
    assert.deepEqual(llamaIds, expectedIds('llama', '猫 12345 👍🏽'));
    const cat = page.locator(`${ROOT} .tok-chip[data-split="3"]`).first();
    assert.equal(await cat.locator('.chip-text').innerText(), '猫');
    await cat.locator('summary').click();
    assert.match(await cat.locator('.chip-bytes').innerText(), /<0xE7> = E7 · <0x8C> = 8C · <0xAB> = AB/);
    // 👍🏽 is one chip, whatever its tokens.
    assert.deepEqual(await page.locator(`${ROOT} .tok-chip .chip-text`).allTextContents(), ['␣', '猫', '␣', '1', '2', '3', '4', '5', '␣', '👍🏽']);

    await page.locator(`${ROOT} input[value="qwen3"]`).check();
    await settled(page);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('tok-vocab') === 'qwen3');
    assert.deepEqual(await shownIds(page), expectedIds('qwen3', '猫 12345 👍🏽'));
    assert.notDeepEqual(await shownIds(page), llamaIds);

    await page.locator(`${ROOT} input[name="tok-ids"]`).uncheck();
    await settled(page);
    assert.equal(await page.locator(`${ROOT} .chip-id`).first().isVisible(), false);
    assert.equal(new URL(page.url()).searchParams.get('tok-ids'), '0');

    await textarea.pressSequentially(' more');
    await settled(page);
    assert.deepEqual(await shownIds(page), expectedIds('qwen3', '猫 12345 👍🏽 more'));
  });
});

test('a link restores the controls without loading anything; bad values are said and the text kept', async () => {
  const text = 'Hello 世界 2024';
  await withPage(`${PAGES.zh}?tok-text=${encodeURIComponent(text)}&tok-vocab=qwen3&tok-ids=0`, async ({ page }) => {
    assert.equal(await page.locator(`${ROOT} textarea`).inputValue(), text);
    assert.ok(await page.locator(`${ROOT} input[value="qwen3"]`).isChecked());
    assert.ok(!(await page.locator(`${ROOT} input[name="tok-ids"]`).isChecked()));
    assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle');
    assert.deepEqual(await vocabRequests(page), []);
    await page.locator(`${ROOT} button[data-action="run"]`).click();
    await settled(page);
    const params = new URL(page.url()).searchParams;
    assert.deepEqual([params.get('tok-text'), params.get('tok-vocab'), params.get('tok-ids')], [text, 'qwen3', '0']);
  });
  await withPage(`${PAGES.en}?tok-text=kept&tok-vocab=chatglm&tok-ids=maybe`, async ({ page }) => {
    assert.equal(await page.locator(`${ROOT} textarea`).inputValue(), 'kept');
    const message = await page.locator(`${ROOT} [data-role="message"]`).innerText();
    assert.match(message, /chatglm/);
    assert.match(message, /maybe/);
  });
});

test('a pasted 10,000-character page tokenizes, and the text too long for a link is said', async () => {
  await withPage(PAGES.en, async ({ page }) => {
    const pageText = '大语言模型把文本切成词元。Tokenizers split 12345 apples! 👍🏽\n'.repeat(200).slice(0, 10_000);
    await page.locator(`${ROOT} textarea`).fill(pageText);
    await settled(page);
    // The first chips at once, more as the chip box is scrolled to its end, the rest on request;
    // the counts cover the whole text either way.
    const chipCount = () => page.locator(`${ROOT} .tok-chip`).count();
    const first = await chipCount();
    assert.ok(first >= FIRST_CHIPS && first < FIRST_CHIPS + MORE_CHIPS, `${first} chips at first`);
    const expected = expectedIds('llama', pageText);
    const note = page.locator(`${ROOT} [data-role="shown"]`);
    const total = Number(/ of (\d+) boxes/.exec(await note.innerText())?.[1]);
    assert.match(await note.innerText(), new RegExp(`^Showing the first ${first} of ${total} boxes`));
    assert.ok(total > first + MORE_CHIPS, `${total} boxes in all`);
    await page.locator(`${ROOT} [data-role="tokens"]`).evaluate((list) => list.scrollTo(0, list.scrollHeight));
    await page.waitForFunction(([root, before]) => document.querySelectorAll(`${root} .tok-chip`).length > before!, [ROOT, first] as const);
    assert.deepEqual(await shownIds(page), expected.slice(0, (await shownIds(page)).length), 'the chips drawn on scrolling continue the text');
    assert.match(await note.innerText(), new RegExp(`^Showing the first ${await chipCount()} of ${total} boxes`));
    assert.match(await page.locator(`${ROOT} [data-role="stats"]`).innerText(), new RegExp(`^${expected.length} tokens`));
    await page.locator(`${ROOT} button[data-action="show-all"]`).click();
    assert.deepEqual(await shownIds(page), expected);
    assert.ok(await page.locator(`${ROOT} button[data-action="show-all"]`).isHidden());
    assert.match(await page.locator(`${ROOT} [data-role="message"]`).innerText(), /too long for a link/);
    assert.equal(new URL(page.url()).searchParams.get('tok-text'), null);
  });
});

test('presenter mode opens, steps (keys and buttons) and closes', async () => {
  await withPage(PAGES.zh, async ({ page }) => {
    const root = page.locator(ROOT);
    await page.locator(`${ROOT} button[data-action="present"]`).click();
    assert.equal(await root.getAttribute('data-presenting'), '');
    await settled(page);
    assert.equal(await root.getAttribute('data-step'), '0');
    assert.ok(await page.locator(`${ROOT} input[value="llama"]`).isChecked());
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('[data-widget="tokenizer"]')?.getAttribute('data-step') === '1');
    await settled(page);
    assert.ok(await page.locator(`${ROOT} input[value="qwen3"]`).isChecked());
    assert.deepEqual(await shownIds(page), expectedIds('qwen3', '猫和老虎都是猫科动物。'));
    await page.locator(`${ROOT} button[data-presenter="next"]`).click();
    await settled(page);
    assert.equal(await root.getAttribute('data-step'), '2');
    await page.keyboard.press('Escape');
    assert.equal(await root.getAttribute('data-presenting'), null);
  });
});
