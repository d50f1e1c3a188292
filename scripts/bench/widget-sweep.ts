// How fast a live widget answers a control, on WASM in Chromium: the reusable measurement behind
// the widget cases of ./widget-cases.ts.
//
// The page opens with the widget's state in the URL and `?backend=wasm`; a link only restores the
// controls, so the first steps also load the runtime and are thrown away as warm-up. Then one
// control is moved one value at a time, the way a reader drags a slider or walks a list, turning
// back at either end, and each update's `data-update-ms` (the widget's own clock: control change →
// charts in the DOM, written by showRunReport) is read when the root turns `ready` again.
import type { Page } from 'playwright-core';
import type { BenchContext } from './types.ts';

export type WidgetSweep = {
  /** The widget root's data-widget. */
  readonly widget: string;
  /** The page it is on, e.g. '/en/ideas/alibi/'. */
  readonly path: string;
  /** URL parameters the page opens with (`backend=wasm` is added). */
  readonly params: Readonly<Record<string, string>>;
  /** The `name` of the control swept: a range input (stepped min → max) or a select (its options). */
  readonly control: string;
  readonly warmUp: number;
  readonly samples: number;
};

declare global {
  interface Window {
    benchUpdates?: number[];
  }
}

/** Starts recording the root's data-update-ms each time it turns `ready`. */
function recordUpdates(page: Page, widget: string): Promise<void> {
  return page.evaluate((name) => {
    const root = document.querySelector<HTMLElement>(`section[data-widget="${name}"]`)!;
    window.benchUpdates = [];
    new MutationObserver(() => {
      if (root.dataset['state'] === 'ready') window.benchUpdates!.push(Number(root.dataset['updateMs']));
    }).observe(root, { attributes: true, attributeFilter: ['data-state'] });
  }, widget);
}

/** Every value the control can take, in order: a range's steps or a select's options. */
function controlValues(page: Page, sweep: WidgetSweep): Promise<string[]> {
  return page.locator(`section[data-widget="${sweep.widget}"] [name="${sweep.control}"]`).evaluate((control) => {
    if (control instanceof HTMLSelectElement) return Array.from(control.options, (option) => option.value);
    const input = control as HTMLInputElement;
    const [min, max, step] = [Number(input.min), Number(input.max), Number(input.step) || 1];
    const count = Math.round((max - min) / step) + 1;
    return Array.from({ length: count }, (_, i) => String(Number((min + i * step).toFixed(6))));
  });
}

/**
 * Sets the control to `value` as a reader's drag or pick does, and returns that update's ms. A
 * range fires `input` on each step of a drag (its `change` comes once, on release); a select fires
 * `change`.
 */
async function oneStep(page: Page, sweep: WidgetSweep, value: string): Promise<number> {
  const seen = await page.evaluate(() => window.benchUpdates!.length);
  await page.locator(`section[data-widget="${sweep.widget}"] [name="${sweep.control}"]`).evaluate((control, next) => {
    (control as HTMLInputElement | HTMLSelectElement).value = next;
    control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  }, value);
  await page.waitForFunction((count) => window.benchUpdates!.length > count, seen, { timeout: 60_000 });
  return page.evaluate(() => window.benchUpdates!.at(-1)!);
}

/** The update times (ms) of `sweep.samples` steps after `sweep.warmUp` steps; throws unless WASM ran. */
export async function sweepUpdateMs(context: BenchContext, sweep: WidgetSweep): Promise<number[]> {
  const page = await context.browser.newPage();
  try {
    const search = new URLSearchParams({ backend: 'wasm', ...sweep.params });
    await page.goto(`${context.siteUrl}${sweep.path}?${search}`, { waitUntil: 'load' });
    await recordUpdates(page, sweep.widget);
    const values = await controlValues(page, sweep);
    if (values.length < 2) throw new Error(`${sweep.control} has ${values.length} value(s): nothing to sweep`);
    const current = await page.locator(`section[data-widget="${sweep.widget}"] [name="${sweep.control}"]`).inputValue();
    let index = Math.max(0, values.indexOf(current));
    let direction = index === values.length - 1 ? -1 : 1;
    const times: number[] = [];
    for (let step = 0; step < sweep.warmUp + sweep.samples; step++) {
      index += direction;
      if (index === 0 || index === values.length - 1) direction = -direction;
      const ms = await oneStep(page, sweep, values[index]!);
      if (step >= sweep.warmUp) times.push(ms);
    }
    const backend = await page.locator(`section[data-widget="${sweep.widget}"]`).getAttribute('data-backend');
    if (backend !== 'wasm') throw new Error(`the ${sweep.widget} widget ran on ${backend}, not WASM`);
    return times;
  } finally {
    await page.close();
  }
}
