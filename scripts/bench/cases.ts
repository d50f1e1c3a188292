// The benchmark's list of cases, run in this order by `npm run bench`. To add one, write a
// `BenchCase` (./types.ts) in its own file and append it here.
import { familyBench } from './family.ts';
import { jsShipped } from './js-shipped.ts';
import { maskWidget } from './mask-widget.ts';
import type { BenchCase } from './types.ts';
import { WIDGET_BENCHES } from './widget-cases.ts';

export const BENCH_CASES: readonly BenchCase[] = [jsShipped, maskWidget, ...WIDGET_BENCHES, familyBench];
