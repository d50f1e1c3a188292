// The size a chart is drawn at: the width of the element it goes into and a text size of at least
// 12 px, so that a chart is drawn for the screen it is on rather than drawn wide and scaled down
// (which shrinks its text to 5 px on a phone).
//
// Measuring an element after the DOM changed forces a layout of the whole page, which cost more than
// the rest of a widget's update together. So a chart target is measured once, then a ResizeObserver
// (which reports after layout, at no extra cost) keeps the numbers and calls the widget back to
// redraw when they change: a rotated phone, a resized window, presenter mode.

/** Chart text is never smaller than this many CSS pixels. */
export const MIN_FONT_PX = 12;

export type ChartSize = {
  /** Width in CSS pixels. */
  readonly width: number;
  /** Chart text size in CSS pixels. */
  readonly fontSize: number;
};

/** How much larger than the smallest chart text (12 px) a chart of this size draws its text. */
export const textScale = (size: ChartSize) => size.fontSize / MIN_FONT_PX;

/**
 * The width, in a hand-drawn chart's own units (its text is 12 units, plots/svg.ts), that fills
 * `size.width` pixels with text at `size.fontSize`: size.width / textScale(size), kept within
 * [min, max] units. Narrower than `min` its labels would collide (it is then drawn at `min` and
 * shown smaller); wider than `max` it would only stretch.
 */
export function unitsAcross(size: ChartSize, min: number, max: number): number {
  return Math.floor(Math.min(max, Math.max(min, size.width / textScale(size))));
}

type Watched = { size: ChartSize; redraw: () => void };

const watched = new WeakMap<Element, Watched>();

/** Chart text: the size of the text around the chart, a notch smaller, never under MIN_FONT_PX. */
function fontSizeOf(target: Element): number {
  return Math.max(MIN_FONT_PX, Math.round(0.875 * Number.parseFloat(getComputedStyle(target).fontSize)));
}

const observer =
  typeof ResizeObserver === 'undefined'
    ? undefined
    : new ResizeObserver((entries) => {
        for (const entry of entries) {
          const entryOf = watched.get(entry.target);
          if (entryOf === undefined) continue;
          const width = Math.floor(entry.contentRect.width);
          const fontSize = fontSizeOf(entry.target);
          // A hidden target (width 0) keeps the last size; it is drawn again when it shows.
          if (width === 0 || (width === entryOf.size.width && fontSize === entryOf.size.fontSize)) continue;
          entryOf.size = { width, fontSize };
          entryOf.redraw();
        }
      });

/**
 * The size to draw the chart in `target` at. The first call measures; later calls return what the
 * observer last saw. `redraw` (the latest one given) runs when the target's width or text size
 * changes. `fallbackWidth` is used while the target has no width yet (hidden).
 */
export function chartSize(target: HTMLElement, redraw: () => void, fallbackWidth = 320): ChartSize {
  let entry = watched.get(target);
  if (entry === undefined) {
    const width = Math.floor(target.clientWidth);
    entry = { size: { width: width > 0 ? width : fallbackWidth, fontSize: fontSizeOf(target) }, redraw };
    watched.set(target, entry);
    observer?.observe(target);
  }
  entry.redraw = redraw;
  return entry.size;
}
