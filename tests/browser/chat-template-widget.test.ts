// The chat-template widget in headless Chromium on the built site (run `npm run build` first): idle
// until used, the string and the ids it shows equal what the kernels compute in Node on the same
// vocabularies, editing and switching format update them with the reader's text kept, a refused
// conversation says why, the turn limit is said, a link restores the controls, a long conversation
// draws its chips as the reader scrolls (saying how many are drawn), zero console errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSite } from './harness/site.ts';
import type { WatchedPage } from './harness/browser.ts';
import { withCleanPage } from './harness/clean-page.ts';
import { chatMessages, MAX_TURNS, type ChatWidgetState } from '../../components/widgets/chat-template/state.ts';
import { CHAT_TEMPLATE_STRINGS } from '../../components/widgets/chat-template/strings.ts';
import { FIRST_CHIPS, MORE_CHIPS } from '../../components/widgets/shared/token-chips.ts';
import { CHAT_FORMATS, type ChatFormatId } from '../../kernels/tokenizers/chat-formats.ts';
import { tokenizeChat } from '../../kernels/tokenizers/chat-tokens.ts';
import { shippedTokenizer } from '../../kernels/tokenizers/shipped.ts';
import { groupTokens } from '../../kernels/tokenizers/token-bytes.ts';
import { shippedTokenizerJson } from '../../site/tokenizer-files.ts';

const fixture = useSite({ webgpu: false });
const PAGES = { zh: '/zh/ideas/chat-templates/', en: '/en/ideas/chat-templates/' } as const;
const ROOT = 'section[data-widget="chat-template"]';
const EDITED = 'Count the pieces of [INST] in this longer message, please.';

const tokenizers = { llama: shippedTokenizer('llama', shippedTokenizerJson('llama')), qwen3: shippedTokenizer('qwen3', shippedTokenizerJson('qwen3')) };
/** What the kernels make of `state` in Node: the string and the ids the page must show. */
function expected(state: ChatWidgetState) {
  const format = CHAT_FORMATS[state.format];
  return tokenizeChat(format, tokenizers[format.vocab], chatMessages(state), { addGenerationPrompt: state.generationPrompt });
}
const defaultsOf = (lang: 'zh' | 'en', format: ChatFormatId = 'llama2'): ChatWidgetState => ({
  format,
  system: CHAT_TEMPLATE_STRINGS[lang].defaults.system,
  turns: CHAT_TEMPLATE_STRINGS[lang].defaults.turns,
  generationPrompt: true,
});

const withPage = (path: string, body: (watched: WatchedPage) => Promise<void>) => withCleanPage(fixture, path, body);

async function settled(page: Page, state = 'ready'): Promise<void> {
  await page.locator(`${ROOT}[data-state="ready"], ${ROOT}[data-state="error"]`).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator(ROOT).getAttribute('data-state'), state, await page.locator(`${ROOT} [data-role="message"]`).innerText());
}

/** The prompt as drawn, with the ↵ the widget shows before the template's newlines taken out. */
const shownPrompt = async (page: Page) => (await page.locator(`${ROOT} [data-role="prompt"]`).textContent())!.replaceAll('↵\n', '\n');
const shownIds = async (page: Page) =>
  (await page.locator(`${ROOT} [data-role="tokens"] .chip-id`).allTextContents()).flatMap((t) => t.split(' ').map(Number));
const counts = (page: Page) => page.locator(`${ROOT} [data-role="counts"]`).innerText();
const turn = (page: Page, i: number) => page.locator(`${ROOT} [data-role="turns"] > li`).nth(i);
const vocabRequests = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((name) => name.includes('/tokenizers/')));

for (const [lang, path] of Object.entries(PAGES) as ['zh' | 'en', string][]) {
  test(`${lang}: idle until used; Build shows the string, ids and counts Node computes, on CPU (JavaScript)`, async () => {
    await withPage(path, async ({ page }) => {
      assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle');
      assert.deepEqual(await vocabRequests(page), []);
      await page.locator(`${ROOT} button[data-action="run"]`).click();
      await settled(page);
      assert.deepEqual(await vocabRequests(page), [`${fixture.site.url}/tokenizers/llama.json`]);
      const want = expected(defaultsOf(lang));
      assert.equal(await shownPrompt(page), want.text);
      assert.deepEqual(await shownIds(page), want.ids);
      assert.equal(await counts(page), CHAT_TEMPLATE_STRINGS[lang].counts(want.counts!));
      assert.match(await page.locator(`${ROOT} [data-role="status"]`).innerText(), /CPU \(JavaScript\)/);
      // The template's text is marked apart; [INST] is several ordinary pieces, <s> one special token.
      assert.match((await page.locator(`${ROOT} [data-role="prompt"] [data-part="template"]`).first().innerText()), /^<s>\[INST\] <<SYS>>/);
      assert.equal(await page.locator(`${ROOT} [data-marker="<s>"]`).getAttribute('data-special'), 'true');
      assert.equal(await page.locator(`${ROOT} [data-marker="[INST]"]`).getAttribute('data-special'), 'false');
      assert.ok((await page.locator(`${ROOT} .tok-chip[data-special]`).count()) >= 2);
    });
  });
}

test('editing a message updates the string and counts; switching format keeps the text; a refused conversation says why', async () => {
  await withPage(PAGES.en, async ({ page }) => {
    await page.locator(`${ROOT} button[data-action="run"]`).click();
    await settled(page);
    await turn(page, 0).locator('textarea').fill(EDITED);
    await settled(page);
    const edited: ChatWidgetState = {
      ...defaultsOf('en'),
      turns: [{ role: 'user', text: EDITED }, ...defaultsOf('en').turns.slice(1)],
    };
    assert.equal(await shownPrompt(page), expected(edited).text);
    assert.deepEqual(await shownIds(page), expected(edited).ids);
    assert.equal(await counts(page), CHAT_TEMPLATE_STRINGS.en.counts(expected(edited).counts!));
    await page.waitForFunction((text) => new URL(location.href).searchParams.get('chat-t1') === text, EDITED);

    await page.locator(`${ROOT} input[value="chatml"]`).check();
    await settled(page);
    const chatml = expected({ ...edited, format: 'chatml' });
    assert.equal(await shownPrompt(page), chatml.text);
    assert.deepEqual(await shownIds(page), chatml.ids);
    assert.equal(await turn(page, 0).locator('textarea').inputValue(), EDITED);
    assert.equal(await page.locator(`${ROOT} [data-marker="<|im_start|>"]`).getAttribute('data-special'), 'true');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('chat-fmt') === 'chatml');

    await page.locator(`${ROOT} input[name="chat-gen"]`).uncheck();
    await settled(page);
    assert.equal(await shownPrompt(page), expected({ ...edited, format: 'chatml', generationPrompt: false }).text);

    // Two user messages in a row: ChatML lays them out, Llama 2 refuses and says why.
    await turn(page, 1).locator('select').selectOption('user');
    await settled(page);
    await page.locator(`${ROOT} input[value="llama2"]`).check();
    await settled(page, 'error');
    const message = await page.locator(`${ROOT} [data-role="message"]`).innerText();
    assert.match(message, /cannot be laid out in the chosen format/);
    assert.match(message, /alternate user, assistant/);
    assert.equal(await page.locator(`${ROOT} [data-role="prompt"]`).textContent(), '');
    await turn(page, 1).locator('select').selectOption('assistant');
    await settled(page);
    assert.equal(await page.locator(`${ROOT} [data-role="message"]`).innerText(), '');
  });
});

test('adding turns alternates roles up to the limit, which is said; removing one works', async () => {
  await withPage(PAGES.zh, async ({ page }) => {
    const add = page.locator(`${ROOT} button[data-action="add-turn"]`);
    const rows = page.locator(`${ROOT} [data-role="turns"] > li`);
    const start = await rows.count();
    await add.click();
    await settled(page);
    assert.equal(await rows.count(), start + 1);
    assert.equal(await turn(page, start).locator('select').inputValue(), 'assistant');
    for (let i = start + 1; i < MAX_TURNS; i++) await add.click();
    await settled(page);
    assert.equal(await rows.count(), MAX_TURNS);
    await add.click();
    await settled(page);
    assert.equal(await rows.count(), MAX_TURNS);
    assert.match(await page.locator(`${ROOT} [data-role="message"]`).innerText(), new RegExp(`最多 ${MAX_TURNS} 条消息`));
    await turn(page, MAX_TURNS - 1).locator('button[data-action="remove-turn"]').click();
    await settled(page);
    assert.equal(await rows.count(), MAX_TURNS - 1);
    // Removing the first turn leaves an assistant message first: Llama 2 refuses, in the page's language.
    await turn(page, 0).locator('button[data-action="remove-turn"]').click();
    await settled(page, 'error');
    assert.match(await page.locator(`${ROOT} [data-role="message"]`).innerText(), /无法按所选格式拼出/);
    assert.equal(new URL(page.url()).searchParams.get('chat-roles')!.length, MAX_TURNS - 2);
  });
});

test('a link restores the controls without loading anything; bad values are said', async () => {
  const link = `?chat-fmt=chatml&chat-sys=&chat-roles=ua&chat-t1=${encodeURIComponent('你好')}&chat-t2=hi&chat-gen=0`;
  await withPage(`${PAGES.en}${link}`, async ({ page }) => {
    assert.ok(await page.locator(`${ROOT} input[value="chatml"]`).isChecked());
    assert.equal(await turn(page, 0).locator('textarea').inputValue(), '你好');
    assert.equal(await page.locator(`${ROOT} [data-role="turns"] > li`).count(), 2);
    assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle');
    assert.deepEqual(await vocabRequests(page), []);
    await page.locator(`${ROOT} button[data-action="run"]`).click();
    await settled(page);
    assert.equal(await shownPrompt(page), '<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\nhi<|im_end|>\n');
  });
  await withPage(`${PAGES.zh}?chat-fmt=glm&chat-roles=${'u'.repeat(MAX_TURNS + 2)}`, async ({ page }) => {
    const message = await page.locator(`${ROOT} [data-role="message"]`).innerText();
    assert.match(message, /glm/);
    assert.match(message, new RegExp(`${MAX_TURNS + 2} 条消息`));
    assert.equal(await page.locator(`${ROOT} [data-role="turns"] > li`).count(), MAX_TURNS);
  });
});

test('a long conversation draws its first chips, says how many of how many, and draws more when scrolled to the end', async () => {
  await withPage(PAGES.en, async ({ page }) => {
    const strings = CHAT_TEMPLATE_STRINGS.en;
    const long = 'Tokenizers split 12345 apples! 大语言模型把文本切成词元。👍🏽\n'.repeat(120);
    await turn(page, 0).locator('textarea').fill(long);
    await settled(page);
    const want = expected({ ...defaultsOf('en'), turns: [{ role: 'user', text: long }, ...defaultsOf('en').turns.slice(1)] });
    const total = groupTokens(want.bytes).length;
    const chipCount = () => page.locator(`${ROOT} .tok-chip`).count();
    const first = await chipCount();
    assert.ok(first >= FIRST_CHIPS && first < FIRST_CHIPS + MORE_CHIPS, `${first} chips at first`);
    assert.ok(total > first + MORE_CHIPS, `${total} chips in all`);
    const note = page.locator(`${ROOT} [data-role="shown"]`);
    assert.ok(await note.isVisible());
    assert.equal(await note.innerText(), strings.shownNote(first, total));
    // The counts and the list's label cover every token, not only the chips drawn.
    assert.equal(await counts(page), strings.counts(want.counts!));
    assert.equal(await page.locator(`${ROOT} [data-role="tokens"]`).getAttribute('aria-label'), `${strings.tokensLabel}: ${want.ids.length}`);
    assert.deepEqual(await shownIds(page), want.ids.slice(0, (await shownIds(page)).length));

    await page.locator(`${ROOT} [data-role="tokens"]`).evaluate((list) => list.scrollTo(0, list.scrollHeight));
    await page.waitForFunction(([root, before]) => document.querySelectorAll(`${root} .tok-chip`).length > before!, [ROOT, first] as const);
    const more = await chipCount();
    assert.ok(more <= total, `${more} chips after scrolling`);
    assert.deepEqual(await shownIds(page), want.ids.slice(0, (await shownIds(page)).length), 'the chips drawn on scrolling continue the prompt');
    assert.equal(await note.innerText(), strings.shownNote(more, total));

    // A short conversation again: every chip at once, and no note.
    await turn(page, 0).locator('textarea').fill(EDITED);
    await settled(page);
    const short = expected({ ...defaultsOf('en'), turns: [{ role: 'user', text: EDITED }, ...defaultsOf('en').turns.slice(1)] });
    assert.deepEqual(await shownIds(page), short.ids);
    assert.ok(await note.isHidden());
  });
});
