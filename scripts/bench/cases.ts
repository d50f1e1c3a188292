// The benchmark's list of cases, run in this order by `npm run bench`. To add one, write a
// `BenchCase` (./types.ts) in its own file and append it here. A widget's update time is one line in
// WIDGET_CASES (./widget-updates.ts).
import { familyBench } from './family.ts';
import { jsShipped } from './js-shipped.ts';
import { layeredBench } from './layered.ts';
import { layeredWebGpuBench } from './layered-webgpu.ts';
import { maskCompute } from './mask-widget.ts';
import { tokenizerBench } from './tokenizer.ts';
import { transformersJsBench } from './transformers-js.ts';
import { widgetUpdateBench } from './widget-updates.ts';
import type { BenchCase } from './types.ts';

export const BENCH_CASES: readonly BenchCase[] = [
  jsShipped,
  widgetUpdateBench,
  maskCompute,
  familyBench,
  tokenizerBench,
  layeredBench,
  layeredWebGpuBench,
  transformersJsBench,
];
