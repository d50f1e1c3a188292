// The tokenizer widget on a pasted page: 10,000 characters of mixed Chinese, English, digits and
// emoji, per vocabulary. In Chromium the widget's own data-update-ms (text changed → chips in the
// DOM, the vocabulary already loaded) over several edits of the page; in Node the yardstick, the same
// encode through @huggingface/tokenizers, and beside it our own reader (kernels/tokenizers/), which
// the site uses for checkpoints' tokenizers (its BPE rescans the whole word per merge, so LLaMA's
// unsplit Metaspace text is its slow case).
import type { Page } from 'playwright-core';
import { shippedTokenizer } from '../../kernels/tokenizers/shipped.ts';
import { tokenizerFromJson } from '../../kernels/tokenizers/tokenizer.ts';
import { SHIPPED_VOCAB_IDS, type ShippedVocabId } from '../../kernels/tokenizers/vocabularies.ts';
import { shippedTokenizerJson } from '../../site/tokenizer-files.ts';
import { median, type BenchCase, type BenchRow } from './types.ts';

const PAGE_CHARS = 10_000;
const SAMPLES = 7;
const OUR_SAMPLES = 3;
const BUDGET_MS = 100;
const ROOT = 'section[data-widget="tokenizer"]';

const LINE = '大语言模型把文本切成词元，再换成编号。Tokenizers split text into tokens: 12345 apples, 3.14159! 👍🏽 const x = f(y);\n';
/** The pasted page, with edit `k` changing its last characters (so no cache answers it). */
const pageText = (k: number): string => `${LINE.repeat(Math.ceil(PAGE_CHARS / LINE.length)).slice(0, PAGE_CHARS - 4)}${String(k).padStart(4, '0')}`;

function timeMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

async function widgetUpdates(page: Page, vocab: ShippedVocabId): Promise<number[]> {
  await page.locator(`${ROOT} input[value="${vocab}"]`).check();
  const times: number[] = [];
  for (let k = 0; k <= SAMPLES; k++) {
    // A paste: the new value and one input event (Playwright's fill waits on actionability
    // checks that stall for minutes on a loaded machine once thousands of chips are on the page).
    await page.locator(`${ROOT} textarea`).evaluate((textarea: HTMLTextAreaElement, text) => {
      textarea.value = text;
      textarea.dispatchEvent(new Event('input'));
    }, pageText(k));
    await page.waitForFunction(
      ([root, expected]) => {
        const element = document.querySelector<HTMLElement>(root!);
        return element?.dataset['state'] === 'ready' && element.querySelector('textarea')!.value.endsWith(expected!);
      },
      [ROOT, String(k).padStart(4, '0')],
      { timeout: 120_000 },
    );
    // The first edit loads the vocabulary; it is not a steady-state update.
    if (k > 0) times.push(Number(await page.locator(ROOT).getAttribute('data-update-ms')));
  }
  return times;
}

export const tokenizerBench: BenchCase = {
  name: 'Tokenizer widget, 10,000-character paste, and tokenizer engines',
  async run({ browser, siteUrl }) {
    const rows: BenchRow[] = [];
    const page = await browser.newPage();
    await page.goto(`${siteUrl}/en/ideas/tokenizers/`);
    for (const vocab of SHIPPED_VOCAB_IDS) {
      const json = shippedTokenizerJson(vocab);
      const library = shippedTokenizer(vocab, json);
      library.encode(pageText(-1));
      const libraryMs = median(Array.from({ length: SAMPLES }, (_, k) => timeMs(() => library.encode(pageText(k)))));
      const yardstick = { label: '@huggingface/tokenizers encode (Node)', value: libraryMs };
      rows.push({
        case: 'Tokenizer widget (Chromium)',
        measure: `median update, 10,000-char paste → chips, ${vocab}`,
        value: median(await widgetUpdates(page, vocab)),
        unit: 'ms',
        budget: BUDGET_MS,
        reference: yardstick,
      });
      const ours = tokenizerFromJson(json);
      const oursMs = median(Array.from({ length: OUR_SAMPLES }, (_, k) => timeMs(() => ours.encode(pageText(k), { addSpecialTokens: false }))));
      rows.push({ case: 'Tokenizer engines (Node)', measure: `kernels/tokenizers encode, 10,000 chars, ${vocab}`, value: oursMs, unit: 'ms', reference: yardstick });
    }
    await page.close();
    return rows;
  },
};
