// Plot puts a <style> sheet into every chart it draws (a class of its own with display, sizing and
// `white-space: pre` for text). A new sheet on every slider step makes the browser rebuild the
// page's style rules and restyle it, which cost more than drawing the chart. The widgets' CSS
// (components/widgets/shared/widget.css, `.live-widget .plot svg`) holds the same rules once, so
// charts that are redrawn often leave Plot's sheet out.

/** `chart` without Plot's own <style> sheet. */
export function withoutPlotStyleSheet<T extends Element>(chart: T): T {
  chart.querySelector(':scope > style')?.remove();
  return chart;
}
