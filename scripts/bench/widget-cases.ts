// The live widgets' responsiveness on WASM: each sweeps one control (./widget-sweep.ts) and reports
// the median and the slowest update against the 16 ms budget of one frame at 60 Hz, beside the
// same computation done by the demo's float64 TypeScript twin in Node where there is one.
import { alibiDemoReference } from '../../kernels/demos/alibi-demo.ts';
import { referenceNorms } from '../../kernels/demos/norm-demo.ts';
import { ropeDemoReference } from '../../kernels/demos/rope-demo.ts';
import { ROPE_DEFAULTS } from '../../components/widgets/rope/state.ts';
import { median, type BenchCase, type BenchRow } from './types.ts';
import { sweepUpdateMs, type WidgetSweep } from './widget-sweep.ts';

const BUDGET_MS = 16;
const WARM_UP = 5;
const SAMPLES = 30;

type WidgetCase = {
  readonly name: string;
  readonly sweep: Omit<WidgetSweep, 'warmUp' | 'samples'>;
  /** The demo's float64 twin for one state of the sweep, timed in Node, when it is cheap to call. */
  readonly reference?: () => unknown;
};

/** Median ms of `work` over SAMPLES calls after WARM_UP calls. */
function timeInNode(work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + SAMPLES; i++) {
    const started = performance.now();
    work();
    if (i >= WARM_UP) times.push(performance.now() - started);
  }
  return median(times);
}

function widgetBench({ name, sweep, reference }: WidgetCase): BenchCase {
  return {
    name,
    async run(context) {
      const times = await sweepUpdateMs(context, { ...sweep, warmUp: WARM_UP, samples: SAMPLES });
      const yardstick = reference && { label: 'float64 reference (Node)', value: timeInNode(reference) };
      const rows: BenchRow[] = [
        { case: name, measure: `median update, ${sweep.control} → charts`, value: median(times), unit: 'ms', budget: BUDGET_MS, ...(yardstick && { reference: yardstick }) },
        { case: name, measure: `slowest of ${SAMPLES} updates`, value: Math.max(...times), unit: 'ms' },
      ];
      return rows;
    },
  };
}

export const WIDGET_BENCHES: readonly BenchCase[] = [
  {
    name: 'ALiBi widget (Chromium, WASM), 8 heads',
    sweep: { widget: 'alibi', path: '/en/ideas/alibi/', params: { 'alibi-heads': '8', 'alibi-length': '48' }, control: 'alibi-length' },
    reference: () => alibiDemoReference({ heads: 8, length: 48, trainLength: 16, qk: 1 }),
  },
  {
    name: 'Norm widget (Chromium, WASM), 4 entries',
    sweep: { widget: 'norm', path: '/en/ideas/normalization/', params: { 'norm-shift': '0' }, control: 'norm-shift' },
    reference: () => referenceNorms({ vector: [1, 2, 3, 4], shift: 1, scale: 1 }),
  },
  {
    name: 'RoPE widget (Chromium, WASM), d = 128, extension',
    sweep: { widget: 'rope', path: '/en/ideas/rope/', params: { 'rope-mode': 'extend', 'rope-d': '128' }, control: 'rope-m' },
    reference: () => ropeDemoReference({ ...ROPE_DEFAULTS, mode: 'extend', headDim: 128, maxDistance: ROPE_DEFAULTS.range }),
  },
  {
    name: 'Activations widget (Chromium, WASM)',
    sweep: { widget: 'activations', path: '/en/ideas/activations/', params: { 'act-z': '0' }, control: 'act-z' },
  },
  {
    name: 'Attention-sharing widget (Chromium, WASM)',
    sweep: { widget: 'attention-sharing', path: '/en/ideas/attention-variants/', params: {}, control: 'share-kv' },
  },
].map(widgetBench);
