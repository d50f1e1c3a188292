// Each live widget's responsiveness on WASM in Chromium: a control is set to one value after
// another, and the widget's own clock (root.dataset.updateMs: control change → output in the DOM)
// is read each time its root turns `ready`. Beside it, a float64 yardstick: the same computation in
// plain TypeScript in Node. Budget: one frame, 16 ms.
//
// Adding a widget is one entry in WIDGET_CASES: the page (with the state its link carries), the
// widget's data-widget name, the control's selector, the values to sweep and the yardstick.
import type { Page } from 'playwright-core';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { maskDemoReference } from '../../kernels/demos/mask-demo.ts';
import { detectModel } from '../../kernels/families/detect.ts';
import { referenceForward } from '../../kernels/families/forward/reference.ts';
import { tinyReplica } from '../../kernels/families/tiny/replica.ts';
import { tokenizerFromJson } from '../../kernels/tokenizers/tokenizer.ts';
import { segmentText } from '../../kernels/text/segment.ts';
import { median, medianTime, type BenchCase, type BenchRow } from './types.ts';

const WARM_UP = 5;
const BUDGET_MS = 16;

export type WidgetCase = {
  /** What the row says. */
  readonly label: string;
  /** Page path and the link state the widget starts from (`backend=wasm` is added). */
  readonly page: string;
  readonly state: Readonly<Record<string, string>>;
  /** The root's data-widget and, inside it, the control that is set. */
  readonly widget: string;
  readonly control: string;
  /** Values the control is set to, in order (each must change what the widget computes). */
  readonly values: readonly string[];
  /** The same computation in float64 TypeScript, for one of the values; its median time is the yardstick. */
  readonly yardstick: () => Promise<() => unknown>;
};

/** 1 → n−1 → 1: a slider dragged across and back, visiting new states. */
const sweep = (from: number, to: number) => {
  const up = Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  return [...up, ...up.slice(0, -1).reverse()];
};

const WORDS = ['the', 'quick', 'model', 'reads', 'every', 'token', 'before', 'it', 'writes', 'the', 'next', 'one'];
const MASK_TEXT = Array.from({ length: 32 }, (_, i) => WORDS[i % WORDS.length]).join(' ');
const PROMPTS = ['The model reads', 'The model reads every', 'A quick model', 'It writes the next one', 'every token before it'];

export const WIDGET_CASES: readonly WidgetCase[] = [
  {
    label: 'Mask widget, 32 tokens: prefix slider → heatmaps',
    page: '/en/ideas/causal-vs-prefix/',
    state: { 'mask-text': MASK_TEXT, 'mask-mode': 'prefix', 'mask-prefix': '8', 'mask-probe': '3' },
    widget: 'mask',
    control: 'input[name="mask-prefix"]',
    values: sweep(1, 31),
    yardstick: async () => {
      const { tokens } = segmentText(MASK_TEXT, 64);
      return () => maskDemoReference({ tokens, mode: 'prefix', prefix: 8, probe: 3 });
    },
  },
  {
    label: 'Model panel, LLaMA replica: prompt → attention and next token',
    page: '/en/families/llama/',
    state: { 'model-replica': 'llama', 'model-text': PROMPTS[0]! },
    widget: 'model',
    control: 'textarea[name="model-text"]',
    values: [...PROMPTS.slice(1), ...PROMPTS, ...PROMPTS],
    yardstick: async () => {
      const files = tinyReplica('llama').files;
      const checkpoint = await loadCheckpoint(memorySource(files));
      const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
      const tokenizer = tokenizerFromJson(JSON.parse(new TextDecoder().decode(files.get('tokenizer.json')!)));
      const ids = tokenizer.encode(PROMPTS[1]!);
      return () => referenceForward(spec, checkpoint.tensors, ids, { attn: true });
    },
  },
];

/** Sets the control to `value` as a reader would (input and change events) and returns that update's ms. */
async function setAndTime(page: Page, root: string, control: string, value: string): Promise<number> {
  await page.locator(`${root} ${control}`).evaluate((element: HTMLInputElement, v) => {
    element.value = v;
    element.dispatchEvent(new Event('input', { bubbles: true }));
    element.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
  await page.locator(`${root}[data-state="ready"], ${root}[data-state="error"]`).waitFor({ timeout: 30_000 });
  const state = await page.locator(root).getAttribute('data-state');
  if (state !== 'ready') throw new Error(`${root} ended in ${state} for value ${JSON.stringify(value)}`);
  return Number(await page.locator(root).getAttribute('data-update-ms'));
}

async function widgetUpdates(page: Page, widgetCase: WidgetCase): Promise<number[]> {
  const root = `section[data-widget="${widgetCase.widget}"]`;
  // A link restores the controls only; the first Run loads the runtime and computes.
  await page.locator(`${root} button[data-action="run"]`).click();
  await page.locator(`${root}[data-state="ready"]`).waitFor({ timeout: 120_000 });
  const backend = await page.locator(root).getAttribute('data-backend');
  if (backend !== 'wasm') throw new Error(`${widgetCase.label}: ran on ${backend}, not WASM`);
  const times: number[] = [];
  for (const [i, value] of [...widgetCase.values.slice(0, WARM_UP), ...widgetCase.values].entries()) {
    const ms = await setAndTime(page, root, widgetCase.control, value);
    if (i >= WARM_UP) times.push(ms);
  }
  return times;
}

export const widgetUpdateBench: BenchCase = {
  name: 'Widget updates (Chromium, WASM)',
  async run(context) {
    const rows: BenchRow[] = [];
    for (const widgetCase of WIDGET_CASES) {
      const reference = { label: 'float64 reference (Node)', value: await medianTime(await widgetCase.yardstick(), 30, WARM_UP) };
      const page = await context.browser.newPage();
      try {
        const state = new URLSearchParams({ backend: 'wasm', ...widgetCase.state });
        await page.goto(`${context.siteUrl}${widgetCase.page}?${state}`, { waitUntil: 'load' });
        const times = await widgetUpdates(page, widgetCase);
        rows.push(
          { case: widgetCase.label, measure: `median update of ${times.length}`, value: median(times), unit: 'ms', budget: BUDGET_MS, reference },
          { case: widgetCase.label, measure: 'slowest update', value: Math.max(...times), unit: 'ms', reference },
        );
      } finally {
        await page.close();
      }
    }
    return rows;
  },
};
