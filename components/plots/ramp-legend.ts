// Colour legends of heatmaps: for a ramp, a bar that runs from the `low` colour to the `high` one, with
// the value at each end beside it; for a two-colour map, one swatch per colour. Plain HTML (no Plot),
// so it follows the theme's colours.

export function rampLegend(options: { readonly low: string; readonly high: string; readonly lowLabel: string; readonly highLabel: string }): HTMLElement {
  const legend = document.createElement('div');
  legend.className = 'ramp-legend';
  const low = document.createElement('span');
  low.textContent = options.lowLabel;
  const bar = document.createElement('span');
  bar.className = 'ramp-legend-bar';
  bar.style.background = `linear-gradient(to right, ${options.low}, ${options.high})`;
  bar.setAttribute('aria-hidden', 'true');
  const high = document.createElement('span');
  high.textContent = options.highLabel;
  legend.append(low, bar, high);
  return legend;
}

/** The legend of a two-colour heatmap: a swatch and a label for each colour. */
export function binaryLegend(items: readonly { readonly color: string; readonly label: string }[]): HTMLElement {
  const legend = document.createElement('div');
  legend.className = 'ramp-legend';
  for (const { color, label } of items) {
    const swatch = document.createElement('span');
    swatch.className = 'legend-swatch';
    swatch.style.background = color;
    swatch.setAttribute('aria-hidden', 'true');
    const text = document.createElement('span');
    text.textContent = label;
    legend.append(swatch, text);
  }
  return legend;
}
