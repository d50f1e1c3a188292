// The mask widget's responsiveness on WASM, beside the same work done in float64 TypeScript.
//
// Chromium opens the widget with its state in the URL (32 tokens, prefix mode, `?backend=wasm`),
// which makes it run at once; then the prefix slider moves one step at a time, sweeping to one end
// and back, and each update's `data-update-ms` (control change → charts in the DOM, the widget's
// own clock) is read when the root turns `ready`. The yardsticks, in Node: `maskDemoReference` (float64 TypeScript) and
// `runMaskDemo` on ORT's WASM backend, for the same request.
import type { Page } from 'playwright-core';
import { maskDemoReference, runMaskDemo, type MaskDemoRequest } from '../../kernels/demos/mask-demo.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { segmentText } from '../../kernels/text/segment.ts';
import { mdxSource, sitePages } from '../../tests/browser/site-pages.ts';
import { median, type BenchCase, type BenchRow } from './types.ts';

const TOKENS = 32;
const WARM_UP = 5;
const SAMPLES = 30;
const BUDGET_MS = 16;
const PREFIX = 8;
const PROBE = 3;

const WORDS = ['the', 'quick', 'model', 'reads', 'every', 'token', 'before', 'it', 'writes', 'the', 'next', 'one'];
const TEXT = Array.from({ length: TOKENS }, (_, i) => WORDS[i % WORDS.length]).join(' ');

declare global {
  interface Window {
    maskUpdates?: number[];
  }
}

/** Records the widget's data-update-ms each time its root turns `ready`. */
function recordUpdates(page: Page): Promise<void> {
  return page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('section[data-widget="mask"]')!;
    window.maskUpdates = [];
    new MutationObserver(() => {
      if (root.dataset['state'] === 'ready') window.maskUpdates!.push(Number(root.dataset['updateMs']));
    }).observe(root, { attributes: true, attributeFilter: ['data-state'] });
  });
}

type Slider = { readonly value: number; readonly min: number; readonly max: number };

/** Presses one arrow key on the prefix slider and returns that update's time and where the slider is now. */
async function oneSliderStep(page: Page, key: 'ArrowRight' | 'ArrowLeft'): Promise<{ ms: number; slider: Slider }> {
  const seen = await page.evaluate(() => window.maskUpdates!.length);
  const slider = page.locator('input[type=range][name="mask-prefix"]');
  await slider.press(key);
  await page.waitForFunction((count) => window.maskUpdates!.length > count, seen, { timeout: 30_000 });
  const ms = await page.evaluate(() => window.maskUpdates!.at(-1)!);
  const position = await slider.evaluate((input: HTMLInputElement) => ({
    value: Number(input.value),
    min: Number(input.min),
    max: Number(input.max),
  }));
  return { ms, slider: position };
}

/**
 * Drags the slider the way a reader does: one step at a time in one direction, turning back at
 * either end. Sweeping visits new prefix lengths (and so new chart axes) rather than flipping
 * between two states the widget has just shown.
 */
async function widgetUpdateMs(page: Page): Promise<number[]> {
  const root = page.locator('section[data-widget="mask"]');
  await page.locator('section[data-widget="mask"][data-state="ready"]').waitFor({ timeout: 60_000 });
  const backend = await root.getAttribute('data-backend');
  if (backend !== 'wasm') throw new Error(`the widget ran on ${backend}, not WASM`);
  await recordUpdates(page);
  const times: number[] = [];
  let key: 'ArrowRight' | 'ArrowLeft' = 'ArrowRight';
  for (let step = 0; step < WARM_UP + SAMPLES; step++) {
    const { ms, slider } = await oneSliderStep(page, key);
    if (step >= WARM_UP) times.push(ms);
    if (slider.value >= slider.max) key = 'ArrowLeft';
    if (slider.value <= slider.min) key = 'ArrowRight';
  }
  return times;
}

/** Median milliseconds of `work` over SAMPLES calls after WARM_UP calls. */
async function timeInNode(work: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + SAMPLES; i++) {
    const started = performance.now();
    await work();
    if (i >= WARM_UP) times.push(performance.now() - started);
  }
  return median(times);
}

export const maskWidget: BenchCase = {
  name: 'Mask widget update, WASM, 32 tokens',
  async run(context) {
    const widgetPage = sitePages().find((page) => page.locale === 'en' && mdxSource(page).includes('<MaskWidget'));
    if (!widgetPage) throw new Error('no English page has <MaskWidget />');
    const { tokens } = segmentText(TEXT, TOKENS);
    if (tokens.length !== TOKENS) throw new Error(`bench text has ${tokens.length} pieces, not ${TOKENS}`);
    const request: MaskDemoRequest = { tokens, mode: 'prefix', prefix: PREFIX, probe: PROBE };

    const reference = await timeInNode(() => maskDemoReference(request));
    const runtime = nodeRuntime();
    const sessionRunMs: number[] = [];
    const wasmInNode = await timeInNode(async () => sessionRunMs.push((await runMaskDemo(runtime, request)).runMs));

    const state = new URLSearchParams({
      backend: 'wasm',
      'mask-text': TEXT,
      'mask-mode': 'prefix',
      'mask-prefix': String(PREFIX),
      'mask-probe': String(PROBE),
    });
    const page = await context.browser.newPage();
    let widget: number[];
    try {
      await page.goto(`${context.siteUrl}${widgetPage.path}?${state}`, { waitUntil: 'load' });
      widget = await widgetUpdateMs(page);
    } finally {
      await page.close();
    }

    const yardstick = { label: 'float64 reference (Node)', value: reference };
    const rows: BenchRow[] = [
      {
        case: 'Mask widget (Chromium, WASM)',
        measure: 'median update, slider → heatmap',
        value: median(widget),
        unit: 'ms',
        budget: BUDGET_MS,
        reference: yardstick,
      },
      {
        case: 'Mask widget (Chromium, WASM)',
        measure: 'slowest of 30 updates',
        value: Math.max(...widget),
        unit: 'ms',
        reference: yardstick,
      },
      {
        case: 'Mask demo compute (Node, ORT WASM)',
        measure: 'median runMaskDemo, whole call',
        value: wasmInNode,
        unit: 'ms',
        reference: yardstick,
      },
      {
        case: 'Mask demo compute (Node, ORT WASM)',
        measure: 'of which session.run (both sequences, one batch)',
        value: median(sessionRunMs.slice(WARM_UP)),
        unit: 'ms',
        reference: yardstick,
      },
    ];
    return rows;
  },
};
