// The vector editor: one bar per entry of x on an axis from −10 to 10. A bar follows the pointer
// while it is dragged, and each bar is a keyboard slider (role="slider"): ↑ ↓ step 0.1, Page Up /
// Page Down step 1, Home / End go to the ends. Every change goes to `onChange(index, value)`; the
// controller decides what the value becomes (clamping) and calls `show` with the result.
import { linearScale, svgChart, svgElement } from '../../plots/svg.ts';
import { NORM_RANGES } from './state.ts';
import { formatDecimal } from '../shared/decimal.ts';
import type { NormStrings } from './strings.ts';

const WIDTH = 260;
const HEIGHT = 200;
const MARGIN = { top: 20, bottom: 24, left: 36, right: 8 };
const { low: LOW, high: HIGH } = NORM_RANGES.entry;
const KEY_STEPS: Readonly<Record<string, number>> = { ArrowUp: 0.1, ArrowRight: 0.1, ArrowDown: -0.1, ArrowLeft: -0.1, PageUp: 1, PageDown: -1 };

const y = linearScale(LOW, HIGH, HEIGHT - MARGIN.bottom, MARGIN.top);
const valueAt = linearScale(HEIGHT - MARGIN.bottom, MARGIN.top, LOW, HIGH);

/** One decimal: what a drag or a key lands on. */
const round = (value: number): number => Math.round(value * 10) / 10;

export type VectorEditor = {
  /** Draws `vector` (a new bar count rebuilds the bars). */
  show(vector: readonly number[]): void;
};

export function vectorEditor(
  target: HTMLElement,
  strings: NormStrings,
  onChange: (index: number, value: number) => void,
): VectorEditor {
  let bars: { group: SVGGElement; rect: SVGRectElement; label: SVGTextElement }[] = [];
  let count = 0;
  let chart: SVGSVGElement | undefined;

  const slotWidth = () => (WIDTH - MARGIN.left - MARGIN.right) / Math.max(count, 1);
  const slot = (i: number) => MARGIN.left + slotWidth() * i;

  function build(n: number): void {
    count = n;
    chart = svgChart(WIDTH, HEIGHT, strings.vectorLegend);
    chart.classList.add('vector-editor');
    // A group of sliders, not a picture: an image's children are not announced or reachable.
    chart.setAttribute('role', 'group');
    for (const tick of [LOW, -5, 0, 5, HIGH]) {
      chart.append(
        svgElement('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(tick), y2: y(tick), stroke: 'currentColor', 'stroke-opacity': tick === 0 ? 0.6 : 0.15 }),
        svgElement('text', { x: MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, formatDecimal(tick).replace(/\.000$/, '')),
      );
    }
    bars = Array.from({ length: n }, (_, i) => {
      const group = svgElement('g', {
        role: 'slider',
        tabindex: 0,
        'aria-label': strings.barLabel(i),
        'aria-valuemin': LOW,
        'aria-valuemax': HIGH,
        'aria-orientation': 'vertical',
        'data-index': i,
        class: 'editor-bar',
      });
      const pad = slotWidth() * 0.2;
      // A transparent full-height strip, so the whole column takes the pointer.
      group.append(svgElement('rect', { x: slot(i), y: MARGIN.top, width: slotWidth(), height: HEIGHT - MARGIN.top - MARGIN.bottom, fill: 'transparent' }));
      const rect = svgElement('rect', { x: slot(i) + pad, width: slotWidth() - 2 * pad, fill: 'var(--sl-color-accent)', rx: 2 });
      const label = svgElement('text', { x: slot(i) + slotWidth() / 2, 'text-anchor': 'middle' });
      const name = svgElement('text', { x: slot(i) + slotWidth() / 2, y: HEIGHT - 6, 'text-anchor': 'middle' }, strings.entryLabel(i));
      group.append(rect, label, name);
      chart!.append(group);
      return { group, rect, label };
    });
    target.replaceChildren(chart);
  }

  /** The values the bars show now; a control that leaves the vector alone (the shift) moves no bar. */
  let shown: readonly number[] = [];

  function show(vector: readonly number[]): void {
    if (vector.length !== count || chart === undefined) {
      build(vector.length);
      shown = [];
    }
    if (vector.length === shown.length && vector.every((value, i) => value === shown[i])) return;
    shown = [...vector];
    vector.forEach((value, i) => {
      const bar = bars[i]!;
      const top = Math.min(y(value), y(0));
      bar.rect.setAttribute('y', String(top));
      bar.rect.setAttribute('height', String(Math.max(Math.abs(y(value) - y(0)), 1)));
      bar.label.setAttribute('y', String(value >= 0 ? y(value) - 4 : y(value) + 14));
      bar.label.textContent = formatDecimal(value).replace(/0+$/, '').replace(/\.$/, '');
      bar.group.setAttribute('aria-valuenow', String(value));
      bar.group.setAttribute('aria-valuetext', formatDecimal(value));
      bar.group.dataset['value'] = String(value);
    });
  }

  /** The value under the pointer, from its position in the chart's coordinate box. */
  function pointerValue(event: PointerEvent): number {
    const box = chart!.getBoundingClientRect();
    const svgY = ((event.clientY - box.top) / box.height) * HEIGHT;
    return round(Math.min(HIGH, Math.max(LOW, valueAt(svgY))));
  }

  let dragging: number | undefined;
  target.addEventListener('pointerdown', (event) => {
    const group = (event.target as Element).closest<SVGGElement>('.editor-bar');
    if (group === null) return;
    event.preventDefault();
    dragging = Number(group.dataset['index']);
    target.setPointerCapture(event.pointerId);
    group.focus();
    onChange(dragging, pointerValue(event));
  });
  target.addEventListener('pointermove', (event) => {
    if (dragging !== undefined) onChange(dragging, pointerValue(event));
  });
  const stop = () => (dragging = undefined);
  target.addEventListener('pointerup', stop);
  target.addEventListener('pointercancel', stop);

  target.addEventListener('keydown', (event) => {
    const group = (event.target as Element).closest<SVGGElement>('.editor-bar');
    if (group === null) return;
    const index = Number(group.dataset['index']);
    const current = Number(group.dataset['value']);
    const step = KEY_STEPS[event.key];
    let next: number | undefined;
    if (step !== undefined) next = round(current + step);
    else if (event.key === 'Home') next = LOW;
    else if (event.key === 'End') next = HIGH;
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation(); // the key moved this bar; presenter mode must not also take it as a step
    onChange(index, Math.min(HIGH, Math.max(LOW, next)));
  });

  return { show };
}
