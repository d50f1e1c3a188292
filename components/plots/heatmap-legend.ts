// Colour legends in HTML, at the widget's text size (Plot's own legends are fixed at 10 px, too
// small on a projector): the legend under a heatmap (heatmap.ts draws it), which says what a mask's
// two colours mean or shows a probability ramp from 0 to its top value, and the swatches naming the
// series of a line chart.
import type { HeatmapColor } from './heatmap.ts';

/** The ramp's top value as the legend writes it. */
export const formatLegendValue = (value: number) => (value > 0 ? value.toFixed(2) : '0');

function legendItem(swatch: string, label: string): HTMLElement {
  const item = document.createElement('span');
  item.className = 'legend-item';
  const box = document.createElement('span');
  box.className = 'legend-swatch';
  box.style.background = swatch;
  item.append(box, label);
  return item;
}

/** A row of colour swatches, each with its name. */
export function swatchLegend(items: readonly { readonly color: string; readonly label: string }[]): HTMLElement {
  const legend = document.createElement('div');
  legend.className = 'heatmap-legend';
  legend.append(...items.map(({ color, label }) => legendItem(color, label)));
  return legend;
}

/**
 * What the colours mean, under the heatmap: the two colours of a mask with their names, or the
 * ramp from 0 to its top value (which `showHeatmap` keeps up to date).
 */
export function legendOf(color: HeatmapColor): { legend: HTMLElement; maxLabel: HTMLElement | null } {
  if (color.kind === 'binary') {
    return { legend: swatchLegend([{ color: color.on, label: color.onLabel }, { color: color.off, label: color.offLabel }]), maxLabel: null };
  }
  const legend = document.createElement('div');
  legend.className = 'heatmap-legend';
  const ramp = document.createElement('span');
  ramp.className = 'legend-ramp';
  // The same colours as the cells: a straight sRGB mix from `low` to `high` (heatmap-layout.ts, mixRgb).
  ramp.style.background = `linear-gradient(to right, ${color.low}, ${color.high})`;
  const maxLabel = document.createElement('span');
  maxLabel.className = 'legend-value';
  maxLabel.textContent = formatLegendValue(color.max);
  const zero = document.createElement('span');
  zero.className = 'legend-value';
  zero.textContent = '0';
  legend.append(color.label, zero, ramp, maxLabel);
  if (color.masked !== undefined) legend.append(legendItem(color.masked.color, color.masked.label));
  return { legend, maxLabel };
}
