// Charts and screen readers. A chart's container in the markup is the image (role="img" with a
// summary as its label, and where it helps the data as screen-reader text), so the SVG inside it is
// hidden from assistive technology.
import type * as Plot from '@observablehq/plot';
import { drawPlot } from './plot-style.ts';

/**
 * Plot labels its mark groups (<g aria-label="cell">), which ARIA does not allow on a group without
 * a role. The chart's container is the image (role="img", its summary as the label, the rows as
 * screen-reader text), so the SVG itself is hidden from assistive technology and its labels go.
 */
export function hideFromAssistiveTech(chart: Element): void {
  chart.setAttribute('aria-hidden', 'true');
  for (const labelled of chart.querySelectorAll('[aria-label]')) labelled.removeAttribute('aria-label');
  chart.querySelector(':scope > title')?.remove();
}

/** A chart (plot-style.ts) hidden from assistive technology: for a container that speaks for it. */
export function plotInLabelledContainer(options: Plot.PlotOptions): ReturnType<typeof Plot.plot> {
  const chart = drawPlot(options);
  hideFromAssistiveTech(chart);
  return chart;
}
