// Benchmark rows as a Markdown table, ready to paste into BENCHMARKS.md.
import type { BenchRow } from './types.ts';

export type Verdict = 'PASS' | 'FAIL' | '';

export function verdictOf(row: BenchRow): Verdict {
  if (row.budget === undefined) return '';
  return row.value <= row.budget ? 'PASS' : 'FAIL';
}

// three significant figures below 0.01, so a small ratio or difference does not print as 0.00; NaN
// is a figure that could not be measured here (the row's measure says why)
const figure = (value: number): string =>
  Number.isNaN(value) ? '—' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value === 0 || value >= 0.01 ? value.toFixed(2) : value.toPrecision(3);

export function markdownTable(rows: readonly BenchRow[]): string {
  const header = ['Case', 'Measure', 'Value', 'Budget', 'Verdict', 'Compared with', 'Ratio'];
  const lines = rows.map((row) => [
    row.case,
    row.measure,
    `${figure(row.value)} ${row.unit}`,
    row.budget === undefined ? '' : `≤ ${row.budget} ${row.unit}`,
    verdictOf(row),
    row.reference ? `${row.reference.label}: ${figure(row.reference.value)} ${row.unit}` : '',
    row.reference ? `${figure(row.value / row.reference.value)}×` : '',
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
