// The colour legend of a ramp heatmap: a bar that runs from the `low` colour to the `high` one, with
// the value at each end written beside it. Plain HTML (no Plot), so it follows the theme's colours.

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
