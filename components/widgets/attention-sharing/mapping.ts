// The head-mapping drawing: n query heads on top, m K/V heads below, a line from each query head to
// the K/V head it reads, g(h) = ⌊h / (n/m)⌋. Plain SVG drawn for the width it is shown at, so its
// labels stay 12 px on a phone (and grow with the widget's text in presenter mode); light enough to
// draw before anything heavy has loaded.
import { chartSize, textScale } from '../../plots/chart-size.ts';
import { kvHeadOf } from '../../../kernels/demos/kv-cache.ts';
import type { SharingStrings } from './strings.ts';

const SVG = 'http://www.w3.org/2000/svg';
/** Groups cycle through these (Starlight's palette, light and dark variants follow the theme). */
export const GROUP_COLORS = ['var(--sl-color-accent)', 'var(--sl-color-orange)', 'var(--sl-color-green)', 'var(--sl-color-blue)', 'var(--sl-color-purple)', 'var(--sl-color-red)'];
const LABEL_PX = 12;
const ROW_TOP = 34;
const ROW_BOTTOM = 112;
const HEIGHT = 156;
const SIDE = 12;

export const groupColor = (group: number): string => GROUP_COLORS[group % GROUP_COLORS.length]!;

function node<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** x of item i of `count` spread across the width. */
const spread = (i: number, count: number, width: number) => SIDE + ((i + 0.5) * (width - 2 * SIDE)) / count;

/** Labels every `step`-th item, so labels at least ~2.5 characters apart never overlap. */
function labelStep(count: number, width: number): number {
  const spacing = (width - 2 * SIDE) / count;
  return Math.max(1, Math.ceil((2.6 * LABEL_PX) / spacing));
}

export function drawMapping(
  target: HTMLElement,
  list: HTMLElement,
  shape: { readonly heads: number; readonly kvHeads: number },
  strings: SharingStrings,
): void {
  // Drawn for its width on screen, measured once (reading it after the controls changed would lay out
  // the article on every step), in units that grow with the widget's text in presenter mode.
  const size = chartSize(target, () => drawMapping(target, list, shape, strings), 640);
  const scale = textScale(size);
  const width = Math.max(280, Math.floor(size.width / scale));
  const { heads, kvHeads } = shape;
  const svg = node('svg', {
    width: Math.round(width * scale),
    height: Math.round(HEIGHT * scale),
    viewBox: `0 0 ${width} ${HEIGHT}`,
    'font-size': LABEL_PX,
    'aria-hidden': 'true',
  });
  const queryRadius = Math.max(1.5, Math.min(7, (width - 2 * SIDE) / heads / 2.6));
  const kvWidth = Math.max(3, Math.min(40, (width - 2 * SIDE) / kvHeads - 4));
  const queryStep = labelStep(heads, width);
  const kvStep = labelStep(kvHeads, width);
  for (let h = 0; h < heads; h++) {
    const g = kvHeadOf(shape, h);
    const x1 = spread(h, heads, width);
    const x2 = spread(g, kvHeads, width);
    const line = node('line', { x1, y1: ROW_TOP, x2, y2: ROW_BOTTOM, stroke: groupColor(g), 'stroke-width': heads > 64 ? 0.75 : 1.5 });
    line.dataset['head'] = String(h);
    line.dataset['kvHead'] = String(g);
    svg.append(line, node('circle', { cx: x1, cy: ROW_TOP, r: queryRadius, fill: groupColor(g) }));
    if (h % queryStep === 0) {
      svg.append(Object.assign(node('text', { x: x1, y: ROW_TOP - 12, 'text-anchor': 'middle', fill: 'currentColor' }), { textContent: String(h) }));
    }
  }
  for (let g = 0; g < kvHeads; g++) {
    const x = spread(g, kvHeads, width);
    svg.append(node('rect', { x: x - kvWidth / 2, y: ROW_BOTTOM, width: kvWidth, height: 12, rx: 2, fill: groupColor(g) }));
    if (g % kvStep === 0) {
      svg.append(Object.assign(node('text', { x, y: ROW_BOTTOM + 32, 'text-anchor': 'middle', fill: 'currentColor' }), { textContent: String(g) }));
    }
  }
  target.replaceChildren(svg);
  // The same mapping as text for screen readers: one line per K/V head.
  const perGroup = heads / kvHeads;
  list.replaceChildren(
    ...Array.from({ length: kvHeads }, (_, g) => {
      const item = document.createElement('li');
      item.textContent = strings.groupLabel(g, g * perGroup, (g + 1) * perGroup - 1);
      return item;
    }),
  );
}
