// The few SVG pieces the hand-drawn widget charts are made of (the norm widget's bar editor and
// paired bars, the activation curves). Text uses currentColor and 12 px in the chart's own units,
// so charts follow the page's theme (light or dark) and stay legible; a chart shown at `scale` (its
// text size over 12 px, see chart-size.ts) grows with the widget's text, as in presenter mode.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A new SVG element with attributes (numbers written as they are). */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number>> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * An <svg> drawn in a width × height coordinate box, shown `scale` times that size (12 px text
 * shows at 12·scale px) and scaled down to fit its container.
 */
export function svgChart(width: number, height: number, label: string, scale = 1): SVGSVGElement {
  const chart = svgElement('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: Math.round(width * scale),
    height: Math.round(height * scale),
    role: 'img',
    'aria-label': label,
    'font-size': 12,
    fill: 'currentColor',
  });
  chart.style.maxWidth = '100%';
  chart.style.height = 'auto';
  chart.style.display = 'block';
  return chart;
}

/** value ↦ pixel on a linear axis from [d0, d1] to [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/**
 * Round tick values for an axis over [low, high]: about `count` of them (at most that many), at a
 * step of 1, 2 or 5 times a power of ten.
 */
export function niceTicks(low: number, high: number, count: number): number[] {
  if (!(high > low)) return [low];
  const step = 10 ** Math.floor(Math.log10((high - low) / count));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => (high - low) / s <= count) ?? step * 10;
  // Written with the step's decimals, so 3 × 0.1 is 0.3 and not 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(nice)));
  const out: number[] = [];
  for (let t = Math.ceil(low / nice) * nice; t <= high; t += nice) out.push(Number((Math.round(t / nice) * nice).toFixed(decimals)));
  return out;
}

/** A number as an axis writes it: a real minus sign. */
export const minusSign = (t: number) => String(t).replace(/^-/, '−');
