// The position-loss chart itself, loaded when its figure scrolls into view (Observable Plot is not
// part of the page's first load): one line per model, the training length as a vertical marker.
import { chartSize } from '../../plots/chart-size.ts';
import { lineChart } from '../../plots/line-chart.ts';
import type { LossSeries } from './series.ts';

export type ChartData = {
  readonly series: readonly (LossSeries & { readonly name: string; readonly color: string; readonly dashed: boolean })[];
  readonly trainingLength: number;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly marker: string;
};

export function drawPositionLoss(target: HTMLElement, data: ChartData): void {
  const { width } = chartSize(target, () => drawPositionLoss(target, data));
  target.replaceChildren(
    lineChart({
      series: data.series.map((s) => ({ name: s.id, x: s.x, y: s.y, color: s.color, dashed: s.dashed, dots: true })),
      width,
      height: Math.round(Math.min(320, Math.max(220, width * 0.5))),
      xLabel: data.xLabel,
      yLabel: data.yLabel,
      marker: { x: data.trainingLength - 0.5, label: data.marker, color: 'var(--sl-color-gray-2)' },
    }),
  );
}
