// The model panel's sampling in headless Chromium: "Generate" streams a seeded sampled continuation
// equal to Node's sampler on the same checkpoint, a seed repeats it, Stop ends it, and out-of-range
// settings in a link are clamped and said so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness/site.ts';
import {
  ROOT,
  FIRST_RUN_MS,
  settled,
  message,
  cacheLength,
  tokenIds,
  nodeSampled,
  generatedChips,
  pageOpener,
} from './harness/model-panel.ts';

const fixture = useSite({ webgpu: false });
const withPage = pageOpener(fixture);

test('sampling: Generate streams a seeded continuation equal to Node, repeats it, another seed differs, Stop ends it', async () => {
  const text = '床前明月光';
  const sampling = '&model-temperature=0.9&model-top-k=40&model-top-p=0.95&model-seed=7&model-new=12';
  const url = `${fixture.site.url}/en/families/llama/?model-text=${encodeURIComponent(text)}${sampling}`;
  await withPage(url, async ({ page }) => {
    assert.equal(await page.locator(ROOT).getAttribute('data-state'), 'idle', 'a link alone starts nothing');
    assert.equal(await page.locator('input[name="model-temperature"]').inputValue(), '0.9');
    assert.equal(await page.locator('input[name="model-new"]').inputValue(), '12');
    // count the generated chips each time the list changes: streaming shows 1, 2, … before the end
    await page.evaluate(() => {
      const list = document.querySelector('[data-role="tokens"]')!;
      const seen: number[] = [];
      (window as unknown as { seen: number[] }).seen = seen;
      new MutationObserver(() => seen.push(list.querySelectorAll('li[data-role="generated"]').length)).observe(list, { childList: true });
    });
    await page.locator('button[data-action="generate"]').click();
    await settled(page, FIRST_RUN_MS);
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
    const generated = await generatedChips(page).count();
    assert.ok(generated >= 1 && generated <= 12);
    assert.ok(new Set(seen.filter((n) => n > 0 && n < generated)).size >= Math.min(3, generated - 1), `streamed: ${seen}`);
    const ids = await tokenIds(page);
    const prompt = ids.slice(0, ids.length - generated);
    const settings = { temperature: 0.9, topK: 40, topP: 0.95 };
    assert.deepEqual(ids.slice(prompt.length), await nodeSampled('llama', prompt, settings, 7, generated), "Node's sampler, same seed");
    assert.equal(await cacheLength(page), ids.length);
    const poem = (await generatedChips(page).allInnerTexts()).join('');
    assert.ok((poem.match(/\p{Script=Han}/gu) ?? []).length >= generated / 2, `poem characters: ${poem}`);

    await page.locator('button[data-action="generate"]').click();
    await settled(page);
    assert.deepEqual(await tokenIds(page), ids, 'the same seed draws the same continuation');

    await page.locator('input[name="model-seed"]').fill('8');
    await page.locator('input[name="model-seed"]').press('Tab');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('model-seed') === '8');
    await page.locator('button[data-action="generate"]').click();
    await settled(page);
    assert.notDeepEqual(await tokenIds(page), ids, 'another seed, another continuation');

    // Run + Next token continues the same seeded draws as Generate
    await page.locator('button[data-action="run"]').click();
    await settled(page);
    await page.locator('button[data-action="next-token"]').click();
    await settled(page);
    const seed8 = await nodeSampled('llama', prompt, settings, 8, 1);
    assert.deepEqual((await tokenIds(page)).slice(prompt.length), seed8);

    // Stop: ask for 64 tokens and stop after the first ones arrive. The trained model ends a poem
    // with its EOS within a few dozen tokens (after 8 with seed 8); the random weights draw no EOS in
    // 64 with this seed, so the generation is still going when Stop is clicked. The click comes from
    // inside the page as the second token is drawn: a click sent from here could arrive after all 64.
    await page.locator('input[name="model-untrained"]').check();
    await settled(page);
    await page.locator('input[name="model-new"]').fill('64');
    await page.locator('input[name="model-new"]').press('Tab');
    assert.ok(await page.locator('button[data-action="stop"]').isDisabled(), 'nothing to stop yet');
    await page.evaluate(() => {
      const stopAtSecond = new MutationObserver(() => {
        if (document.querySelectorAll('[data-role="tokens"] > li[data-role="generated"]').length < 2) return;
        stopAtSecond.disconnect();
        document.querySelector<HTMLButtonElement>('button[data-action="stop"]')!.click();
      });
      stopAtSecond.observe(document.body, { childList: true, subtree: true });
    });
    await page.locator('button[data-action="generate"]').click();
    await settled(page);
    const stoppedAt = await generatedChips(page).count();
    assert.ok(stoppedAt >= 2 && stoppedAt < 64, `stopped after ${stoppedAt}`);
    assert.match(await message(page), new RegExp(`Stopped after ${stoppedAt} tokens`));
    // The cache holds all that is shown.
    assert.equal(await cacheLength(page), (await tokenIds(page)).length);
    assert.ok(await page.locator('button[data-action="stop"]').isDisabled());
    assert.equal(await page.locator('button[data-action="next-token"]').isDisabled(), false, 'the stopped sequence can continue');
  });
});

test('sampling: out-of-range values in a link are clamped and said so, in Chinese too', async () => {
  const url = `${fixture.site.url}/zh/families/qwen/?model-temperature=9&model-top-p=0&model-new=500`;
  await withPage(url, async ({ page }) => {
    const notes = await message(page);
    assert.match(notes, /model-temperature = 9 超出 0…2，改用 2/);
    assert.match(notes, /model-top-p = 0 超出 0\.05…1，改用 0\.05/);
    assert.match(notes, /model-new = 500 超出 1…64，改用 64/);
    assert.equal(await page.locator('input[name="model-temperature"]').inputValue(), '2');
    assert.equal(await page.locator('button[data-action="generate"]').innerText(), '生成');
  });
});
