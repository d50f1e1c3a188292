// Each live widget's responsiveness on WASM in Chromium: a control is set to one value after
// another, and the widget's own clock (root.dataset.updateMs: control change → output in the DOM)
// is read each time its root turns `ready`. Beside it, a float64 yardstick: the same computation in
// plain TypeScript in Node. Budget: one frame, 16 ms.
//
// Adding a widget is one entry in WIDGET_CASES: the page (with the state its link carries), the
// widget's data-widget name, the control's selector, the values to sweep (or 'steps': the control's
// own steps, from where the link put it, one at a time, turning back at either end, as a reader drags
// a slider or walks a list) and, where one is cheap, the yardstick.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROPE_DEFAULTS } from '../../components/widgets/rope/state.ts';
import { alibiDemoReference } from '../../kernels/demos/alibi-demo.ts';
import { referenceNorms } from '../../kernels/demos/norm-demo.ts';
import { ropeDemoReference } from '../../kernels/demos/rope-demo.ts';
import { flashInputs } from '../../kernels/demos/flash-attention-demo.ts';
import { flashAttentionReference } from '../../kernels/ops/flash-attention/reference.ts';
import { tensor } from '../../kernels/tensor.ts';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { folderSource } from '../../kernels/checkpoint/node-folder.ts';
import { maskDemoReference } from '../../kernels/demos/mask-demo.ts';
import { detectModel } from '../../kernels/families/detect.ts';
import { referenceForward } from '../../kernels/families/forward/reference.ts';
import { trainedOfReplica, trainedPath } from '../../kernels/families/trained.ts';
import { loadTokenizer } from '../../kernels/tokenizers/load.ts';
import { segmentText } from '../../kernels/text/segment.ts';
import { isChosen, median, medianTime, type BenchCase, type BenchRow } from './types.ts';

const WARM_UP = 5;
const SAMPLES = 30;
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
  /** Values the control is set to, in order (each must change what the widget computes), or 'steps'. */
  readonly values: readonly string[] | 'steps';
  /** The same computation in float64 TypeScript, for one of the values; its median time is the yardstick. */
  readonly yardstick?: () => Promise<() => unknown>;
  /** The backend the widget must report: 'wasm' (the default, as `?backend=wasm` asks), or 'javascript' for a widget that runs no ONNX graph. */
  readonly backend?: 'wasm' | 'javascript';
};

/** 1 → n−1 → 1: a slider dragged across and back, visiting new states. */
const sweep = (from: number, to: number) => {
  const up = Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  return [...up, ...up.slice(0, -1).reverse()];
};

const WORDS = ['the', 'quick', 'model', 'reads', 'every', 'token', 'before', 'it', 'writes', 'the', 'next', 'one'];
const MASK_TEXT = Array.from({ length: 32 }, (_, i) => WORDS[i % WORDS.length]).join(' ');
const SYSTEM_MESSAGES = Array.from({ length: 40 }, (_, i) => `You are assistant number ${i}. 你是第 ${i} 号助手，回答要简短。`);
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
    label: 'Model panel, trained LLaMA: prompt → attention and next token',
    page: '/en/families/llama/',
    state: { 'model-replica': 'llama', 'model-text': PROMPTS[0]! },
    widget: 'model',
    control: 'textarea[name="model-text"]',
    values: [...PROMPTS.slice(1), ...PROMPTS, ...PROMPTS],
    // The panel runs the trained LLaMA by default: the yardstick reads the same files.
    yardstick: async () => {
      const source = folderSource(join('public', trainedPath(trainedOfReplica('llama')!.id)));
      const checkpoint = await loadCheckpoint(source);
      const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
      const ids = (await loadTokenizer(source)).encode(PROMPTS[1]!);
      return () => referenceForward(spec, checkpoint.tensors, ids, { attn: true });
    },
  },
  {
    label: 'ALiBi widget, 8 heads: length slider → charts',
    page: '/en/ideas/alibi/',
    state: { 'alibi-heads': '8', 'alibi-length': '48' },
    widget: 'alibi',
    control: 'input[name="alibi-length"]',
    values: 'steps',
    yardstick: async () => () => alibiDemoReference({ heads: 8, length: 48, trainLength: 16, qk: 1 }),
  },
  {
    label: 'Norm widget, 4 entries: shift slider → both norms',
    page: '/en/ideas/normalization/',
    state: { 'norm-shift': '0' },
    widget: 'norm',
    control: 'input[name="norm-shift"]',
    values: 'steps',
    yardstick: async () => () => referenceNorms({ vector: [1, 2, 3, 4], shift: 1, scale: 1 }),
  },
  {
    label: 'RoPE widget, d = 128, extension: position m → hands and scores',
    page: '/en/ideas/rope/',
    state: { 'rope-mode': 'extend', 'rope-d': '128' },
    widget: 'rope',
    control: 'input[name="rope-m"]',
    values: 'steps',
    yardstick: async () => () => ropeDemoReference({ ...ROPE_DEFAULTS, mode: 'extend', headDim: 128, maxDistance: ROPE_DEFAULTS.range }),
  },
  {
    label: 'Activations widget: z slider → curves',
    page: '/en/ideas/activations/',
    state: { 'act-z': '0' },
    widget: 'activations',
    control: 'input[name="act-z"]',
    values: 'steps',
  },
  {
    label: 'FlashAttention widget, N = 32, Bc = 4: seed → tiled and plain attention',
    page: '/en/ideas/flash-attention/',
    state: { 'flash-n': '32', 'flash-bc': '4', 'flash-row': '31' },
    widget: 'flash-attention',
    control: 'input[name="flash-seed"]',
    values: 'steps',
    yardstick: async () => {
      const { q, k, v } = flashInputs({ N: 32, Bc: 4, d: 8, causal: true, seed: 2, row: 31 });
      const [Q, K, V] = [q, k, v].map((x) => tensor<['T', 'd']>(Float64Array.from(x), [32, 8]));
      return () => flashAttentionReference({ q: Q!, k: K!, v: V!, Bc: 4, causal: true });
    },
  },
  {
    label: 'Quantization widget, trained LLaMA at 4 bits: group size → both models\' next token',
    page: '/en/ideas/quantization/',
    state: {},
    widget: 'quantization',
    control: 'select[name="quant-group"]',
    values: 'steps',
  },
  {
    label: 'Chat-template widget, ChatML: system message → string, Qwen3 tokens, counts',
    page: '/en/ideas/chat-templates/',
    state: { 'chat-fmt': 'chatml' },
    widget: 'chat-template',
    control: 'textarea[name="chat-sys"]',
    values: SYSTEM_MESSAGES,
    backend: 'javascript',
  },
  {
    label: 'Attention-sharing widget: K/V heads → mapping, bytes, attention',
    page: '/en/ideas/attention-variants/',
    state: {},
    widget: 'attention-sharing',
    control: 'select[name="share-kv"]',
    values: 'steps',
  },
];

/**
 * WARM_UP + SAMPLES values of the control, one step at a time from where it stands, turning back at
 * either end: a range's steps (min → max) or a select's options.
 */
function stepsOf(page: Page, root: string, control: string): Promise<string[]> {
  return page.locator(`${root} ${control}`).evaluate((element, count) => {
    let all: string[];
    if (element instanceof HTMLSelectElement) all = Array.from(element.options, (option) => option.value);
    else {
      const input = element as HTMLInputElement;
      const [min, max, step] = [Number(input.min), Number(input.max), Number(input.step) || 1];
      all = Array.from({ length: Math.round((max - min) / step) + 1 }, (_, i) => String(Number((min + i * step).toFixed(6))));
    }
    if (all.length < 2) throw new Error(`${element.getAttribute('name')} has nothing to sweep`);
    let index = Math.max(0, all.indexOf((element as HTMLInputElement).value));
    let direction = index === all.length - 1 ? -1 : 1;
    return Array.from({ length: count }, () => {
      index += direction;
      if (index === 0 || index === all.length - 1) direction = -direction;
      return all[index]!;
    });
  }, WARM_UP + SAMPLES);
}

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
  const expected = widgetCase.backend ?? 'wasm';
  if (backend !== expected) throw new Error(`${widgetCase.label}: ran on ${backend}, not ${expected}`);
  const values = widgetCase.values === 'steps' ? await stepsOf(page, root, widgetCase.control) : [...widgetCase.values.slice(0, WARM_UP), ...widgetCase.values];
  const times: number[] = [];
  for (const [i, value] of values.entries()) {
    const ms = await setAndTime(page, root, widgetCase.control, value);
    if (i >= WARM_UP) times.push(ms);
  }
  return times;
}

export const widgetUpdateBench: BenchCase = {
  name: 'Widget updates (Chromium, WASM)',
  parts: WIDGET_CASES.map((c) => c.label),
  async run(context) {
    const rows: BenchRow[] = [];
    for (const widgetCase of WIDGET_CASES.filter((c) => isChosen(c.label, context.words))) {
      const reference = widgetCase.yardstick && {
        label: 'float64 reference (Node)',
        value: await medianTime(await widgetCase.yardstick(), SAMPLES, WARM_UP),
      };
      const page = await context.browser.newPage();
      try {
        const state = new URLSearchParams({ backend: 'wasm', ...widgetCase.state });
        await page.goto(`${context.siteUrl}${widgetCase.page}?${state}`, { waitUntil: 'load' });
        const times = await widgetUpdates(page, widgetCase);
        rows.push(
          { case: widgetCase.label, measure: `median update of ${times.length}`, value: median(times), unit: 'ms', budget: BUDGET_MS, ...(reference && { reference }) },
          { case: widgetCase.label, measure: 'slowest update', value: Math.max(...times), unit: 'ms', ...(reference && { reference }) },
        );
      } finally {
        await page.close();
      }
    }
    return rows;
  },
};
