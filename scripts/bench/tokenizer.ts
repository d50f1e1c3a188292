// The tokenizer widget on a pasted page, and the tokenizer engine beside @huggingface/tokenizers.
//
// Widget (Chromium): a pasted 10,000-character page of Chinese, English, digits, emoji and code, per
// vocabulary, edited several times after a first edit that loads the vocabulary. Two figures per
// edit: the widget's own data-update-ms (text changed → tokens encoded, grouped, counted and the
// first chips in the DOM), and the time until the next frame is on screen, which adds the browser's
// style, layout and paint of those chips. Where the update's own time goes is measured in Node:
// encode, then the tokens' bytes and their grouping into characters, then the counts.
//
// Engine (Node): our tokenizer.json reader (kernels/tokenizers/, the one the site runs) against the
// library on the same files: setting up the vocabulary, then encoding the 10,000-character page and
// 44,000 characters of the site's own articles (MDX as written: prose in both languages, math,
// code). LLaMA's file has no pre-tokenizer, so each of these texts is one BPE word of thousands of
// symbols: the case a quadratic merge loop cannot take.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer as LibraryTokenizer } from '@huggingface/tokenizers';
import type { Page } from 'playwright-core';
import { shippedTokenizer } from '../../kernels/tokenizers/shipped.ts';
import { tokenStats } from '../../kernels/tokenizers/stats.ts';
import { groupTokens, tokenByteReader } from '../../kernels/tokenizers/token-bytes.ts';
import { tokenizerFromJson } from '../../kernels/tokenizers/tokenizer.ts';
import { SHIPPED_VOCAB_IDS, SHIPPED_VOCABULARIES, type ShippedVocabId } from '../../kernels/tokenizers/vocabularies.ts';
import { shippedTokenizerJson } from '../../site/tokenizer-files.ts';
import { median, type BenchCase, type BenchRow } from './types.ts';

const PAGE_CHARS = 10_000;
const SITE_CHARS = 44_000;
const SAMPLES = 7;
const BUDGET_MS = 100;
const ROOT = 'section[data-widget="tokenizer"]';
const DOCS = fileURLToPath(new URL('../../content/docs/', import.meta.url));

const LINE = '大语言模型把文本切成词元，再换成编号。Tokenizers split text into tokens: 12345 apples, 3.14159! 👍🏽 const x = f(y);\n';
/** The pasted page, with edit `k` changing its last characters (so no cache answers it). */
const pageText = (k: number): string => `${LINE.repeat(Math.ceil(PAGE_CHARS / LINE.length)).slice(0, PAGE_CHARS - 4)}${String(k).padStart(4, '0')}`;

/** Half from the site's Chinese articles, half from its English ones, as written (MDX); edit `k` as above. */
function siteText(chars: number, k: number): string {
  const half = (lang: string): string => {
    const dir = join(DOCS, lang);
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.mdx')).sort();
    return files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n').slice(0, chars / 2);
  };
  return `${half('zh')}${half('en')}`.slice(0, chars - 4) + String(k).padStart(4, '0');
}

function timeMs(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** Median time of `encode` over the texts (made before timing starts). */
const medianMs = (texts: readonly string[], encode: (text: string) => unknown): number => median(texts.map((text) => timeMs(() => encode(text))));

type WidgetTimes = { update: number[]; painted: number[]; textareaAlone: number[] };

/** Pastes edit k of the page and waits for the chips: the widget's data-update-ms, and paste → next frame on screen. */
async function widgetTimes(page: Page, vocab: ShippedVocabId): Promise<WidgetTimes> {
  await page.locator(`${ROOT} input[value="${vocab}"]`).check();
  const times: WidgetTimes = { update: [], painted: [], textareaAlone: [] };
  for (let k = 0; k <= SAMPLES; k++) {
    // A paste: the new value and one input event (Playwright's fill waits on actionability checks
    // that stall for minutes on a loaded machine once thousands of chips are on the page).
    // page.evaluate, not a locator's: the first edit may wait out a locator's 30 s timeout on a busy machine.
    const { update, painted } = await page.evaluate(async ([selector, text]) => {
      const root = document.querySelector<HTMLElement>(selector)!;
      const ready = new Promise<void>((resolve) => {
        const watch = new MutationObserver(() => {
          if (root.dataset['state'] !== 'ready') return;
          watch.disconnect();
          resolve();
        });
        watch.observe(root, { attributes: true, attributeFilter: ['data-state'] });
      });
      const start = performance.now();
      const textarea = root.querySelector('textarea')!;
      textarea.value = text;
      textarea.dispatchEvent(new Event('input'));
      await ready;
      // The frame after the chips went in has been laid out and painted once this timer runs.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return { update: Number(root.dataset['updateMs']), painted: performance.now() - start };
    }, [ROOT, pageText(k)] as const);
    // The first edit loads the vocabulary; it is not a steady-state update.
    if (k > 0) (times.update.push(update), times.painted.push(painted), times.textareaAlone.push(await textareaAlone(page, pageText(k))));
  }
  return times;
}

/** The floor under "on screen": the same paste into a copy of the textarea that nothing listens to. */
function textareaAlone(page: Page, text: string): Promise<number> {
  return page.locator(`${ROOT} textarea`).evaluate(async (textarea: HTMLTextAreaElement, pasted) => {
    const copy = textarea.cloneNode() as HTMLTextAreaElement;
    textarea.after(copy);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const start = performance.now();
    copy.value = pasted;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const ms = performance.now() - start;
    copy.remove();
    return ms;
  }, text);
}

/** The widget's own work in Node, step by step, as live.ts does it. */
function widgetSteps(vocab: ShippedVocabId): { encode: number; group: number; stats: number } {
  const tokenizer = shippedTokenizer(vocab, shippedTokenizerJson(vocab));
  const bytesOf = tokenByteReader(SHIPPED_VOCABULARIES[vocab].byteScheme);
  // A first edit, as the widget's loading one: the tokens' bytes are then known.
  tokenizer.encode(pageText(-1)).tokens.map(bytesOf);
  const steps = { encode: [] as number[], group: [] as number[], stats: [] as number[] };
  for (let k = 0; k < SAMPLES; k++) {
    const text = pageText(k);
    let start = performance.now();
    const { tokens } = tokenizer.encode(text);
    steps.encode.push(performance.now() - start);
    start = performance.now();
    const groups = groupTokens(tokens.map(bytesOf));
    steps.group.push(performance.now() - start);
    start = performance.now();
    tokenStats(groups);
    steps.stats.push(performance.now() - start);
  }
  return { encode: median(steps.encode), group: median(steps.group), stats: median(steps.stats) };
}

export const tokenizerBench: BenchCase = {
  name: 'Tokenizer widget, 10,000-character paste, and tokenizer engines',
  async run({ browser, siteUrl }) {
    const rows: BenchRow[] = [];
    const page = await browser.newPage();
    await page.goto(`${siteUrl}/en/ideas/tokenizers/`);
    for (const vocab of SHIPPED_VOCAB_IDS) {
      const json = shippedTokenizerJson(vocab);
      const library = new LibraryTokenizer(json, {});
      const ours = tokenizerFromJson(json);
      const engines = (label: string, text: (k: number) => string): BenchRow => {
        const texts = Array.from({ length: SAMPLES }, (_, k) => text(k));
        library.encode(text(-1), { add_special_tokens: false });
        ours.encode(text(-1), { addSpecialTokens: false });
        return {
          case: 'Tokenizer engine (Node)',
          measure: `kernels/tokenizers encode, ${label}, ${vocab}`,
          value: medianMs(texts, (t) => ours.encode(t, { addSpecialTokens: false })),
          unit: 'ms',
          reference: { label: '@huggingface/tokenizers encode', value: medianMs(texts, (t) => library.encode(t, { add_special_tokens: false })) },
        };
      };
      // Set-up from the parsed file (the widget's first use, after the download and JSON.parse).
      const setUp = (build: () => unknown): number => median(Array.from({ length: 3 }, () => timeMs(build)));
      rows.push({
        case: 'Tokenizer engine (Node)',
        measure: `vocabulary set-up from the parsed tokenizer.json, ${vocab}`,
        value: setUp(() => tokenizerFromJson(json)),
        unit: 'ms',
        reference: { label: '@huggingface/tokenizers constructor', value: setUp(() => new LibraryTokenizer(json, {})) },
      });
      const page10k = engines('10,000 chars zh+en', pageText);
      rows.push(page10k, engines(`${SITE_CHARS.toLocaleString('en')} chars of the site's articles (zh+en MDX)`, (k) => siteText(SITE_CHARS, k)));

      const library10k = { label: '@huggingface/tokenizers encode (Node)', value: page10k.reference!.value };
      const times = await widgetTimes(page, vocab);
      rows.push(
        { case: 'Tokenizer widget (Chromium)', measure: `median update, 10,000-char paste → chips in the DOM, ${vocab}`, value: median(times.update), unit: 'ms', budget: BUDGET_MS, reference: library10k },
        { case: 'Tokenizer widget (Chromium)', measure: `median paste → chips on screen (style, layout, paint), ${vocab}`, value: median(times.painted), unit: 'ms', budget: BUDGET_MS, reference: library10k },
        { case: 'Tokenizer widget (Chromium)', measure: `floor: the same paste into a copy of the textarea alone → on screen, ${vocab}`, value: median(times.textareaAlone), unit: 'ms', reference: library10k },
      );
      const steps = widgetSteps(vocab);
      for (const [step, value] of [
        ['encode', steps.encode],
        ['token bytes and grouping into characters', steps.group],
        ['counts', steps.stats],
      ] as const) {
        rows.push({ case: 'Tokenizer widget steps (Node)', measure: `${step}, 10,000-char paste, ${vocab}`, value, unit: 'ms', reference: library10k });
      }
    }
    await page.close();
    return rows;
  },
};
