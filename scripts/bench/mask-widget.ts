// What one mask-widget update computes, in Node: `runMaskDemo` on ORT's WASM backend (the whole
// call, and the session.run inside it) beside `maskDemoReference` (float64 TypeScript) for the same
// 32-token request. The widget's own update time in Chromium is in ./widget-updates.ts.
import { maskDemoReference, runMaskDemo, type MaskDemoRequest } from '../../kernels/demos/mask-demo.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { segmentText } from '../../kernels/text/segment.ts';
import { median, medianTime, type BenchCase, type BenchRow } from './types.ts';

const TOKENS = 32;
const WARM_UP = 5;
const SAMPLES = 30;

const WORDS = ['the', 'quick', 'model', 'reads', 'every', 'token', 'before', 'it', 'writes', 'the', 'next', 'one'];
const TEXT = Array.from({ length: TOKENS }, (_, i) => WORDS[i % WORDS.length]).join(' ');

export const maskCompute: BenchCase = {
  name: 'Mask demo compute, WASM in Node, 32 tokens',
  async run() {
    const { tokens } = segmentText(TEXT, TOKENS);
    if (tokens.length !== TOKENS) throw new Error(`bench text has ${tokens.length} pieces, not ${TOKENS}`);
    const request: MaskDemoRequest = { tokens, mode: 'prefix', prefix: 8, probe: 3 };
    const reference = await medianTime(() => maskDemoReference(request), SAMPLES, WARM_UP);
    const runtime = nodeRuntime();
    const sessionRunMs: number[] = [];
    const wasmInNode = await medianTime(async () => sessionRunMs.push((await runMaskDemo(runtime, request)).runMs), SAMPLES, WARM_UP);
    const yardstick = { label: 'float64 reference (Node)', value: reference };
    const rows: BenchRow[] = [
      { case: 'Mask demo compute (Node, ORT WASM)', measure: 'median runMaskDemo, whole call', value: wasmInNode, unit: 'ms', reference: yardstick },
      {
        case: 'Mask demo compute (Node, ORT WASM)',
        measure: 'of which session.run (both sequences, one batch)',
        value: median(sessionRunMs.slice(WARM_UP)),
        unit: 'ms',
        reference: yardstick,
      },
    ];
    return rows;
  },
};
