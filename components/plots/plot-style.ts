// Every chart on the site is drawn through `drawPlot`. Plot puts a <style> sheet into each chart it
// draws (display, sizing and `white-space: pre` for text, under a class of its own). A new sheet in
// the document makes the browser rebuild the page's style rules and restyle every element of the
// page: measured on a family page, appending one chart took 129 ms with its sheet and 2 ms without.
// Widgets redraw charts on each step, so the sheet goes, and the same rules live once in
// components/styles/site.css under PLOT_CLASS.
import * as Plot from '@observablehq/plot';

/** The class of every chart's <svg> (Plot's `className`), styled once in site.css. */
export const PLOT_CLASS = 'plot-chart';

/** `Plot.plot(options)` with the site's chart class and without Plot's own <style> sheet. */
export function drawPlot(options: Plot.PlotOptions): ReturnType<typeof Plot.plot> {
  const chart = Plot.plot({ ...options, className: PLOT_CLASS });
  for (const sheet of chart.querySelectorAll('style')) sheet.remove();
  return chart;
}
