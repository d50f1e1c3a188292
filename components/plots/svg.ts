// The few SVG pieces the hand-drawn widget charts are made of (the norm widget's bar editor and
// paired bars, the activation curves). Text uses currentColor and 12 px, so charts follow the page's
// theme (light or dark) and stay legible.

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

/** An <svg> that scales down to its container, drawn in a width × height coordinate box. */
export function svgChart(width: number, height: number, label: string): SVGSVGElement {
  const chart = svgElement('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
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
