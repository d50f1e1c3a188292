// The mask widget's computation: graph against the float64 reference, and the two consequences the
// article teaches, checked on the numbers the widget will draw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runMaskDemo, maskDemoReference, MASK_DEMO, type MaskDemoRequest } from '../../kernels/demos/mask-demo.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';
import { segmentText } from '../../kernels/text/segment.ts';

const runtime = nodeRuntime();
const CHANGED = 1e-6;

const requestArbitrary = fc
  .record({
    words: fc.array(fc.constantFrom('the', 'cat', '猫', '坐', 'on', 'mat', '。', 'a', '垫子'), { minLength: 1, maxLength: 24 }),
    mode: fc.constantFrom('causal' as const, 'prefix' as const, 'bidirectional' as const),
    prefixFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    probeFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ words, mode, prefixFraction, probeFraction }): MaskDemoRequest => ({
    tokens: words,
    mode,
    prefix: Math.round(prefixFraction * words.length),
    probe: Math.min(words.length - 1, Math.floor(probeFraction * words.length)),
  }));

test('mask demo graph equals its float64 reference', async () => {
  await fc.assert(
    fc.asyncProperty(requestArbitrary, async (request) => {
      const graph = await runMaskDemo(runtime, request);
      const reference = maskDemoReference(request);
      assert.equal(maxAbsDiff(graph.mask.data, reference.mask.data), 0);
      assert.ok(maxAbsDiff(graph.probs.data, reference.probs.data) <= 1e-5);
      assert.ok(maxAbsDiff(graph.outputChange, reference.outputChange) <= 1e-4);
      assert.deepEqual(graph.lossTargets, reference.lossTargets);
    }),
    { numRuns: 30 },
  );
});

test('slider-like sequences (same text, other probe or prefix, then another text and back) match the reference', async () => {
  // runMaskDemo keeps the last text's vectors and runs both sequences in one batch: every step of a
  // session must still give what a fresh float64 computation gives.
  const first = segmentText('the cat sat on the mat and looked at the dog', MASK_DEMO.maxTokens).tokens;
  const second = segmentText('猫 坐 在 垫子 上', MASK_DEMO.maxTokens).tokens;
  const steps: MaskDemoRequest[] = [
    { tokens: first, mode: 'prefix', prefix: 4, probe: 2 },
    { tokens: first, mode: 'prefix', prefix: 5, probe: 2 },
    { tokens: first, mode: 'prefix', prefix: 5, probe: 7 },
    { tokens: first, mode: 'causal', prefix: 5, probe: 0 },
    { tokens: second, mode: 'bidirectional', prefix: 0, probe: 4 },
    { tokens: first, mode: 'causal', prefix: 0, probe: first.length - 1 },
  ];
  for (const request of steps) {
    const graph = await runMaskDemo(runtime, request);
    const reference = maskDemoReference(request);
    assert.deepEqual(graph.probs.shape, reference.probs.shape);
    assert.ok(maxAbsDiff(graph.probs.data, reference.probs.data) <= 1e-5, JSON.stringify(request));
    assert.ok(maxAbsDiff(graph.outputChange, reference.outputChange) <= 1e-4, JSON.stringify(request));
  }
  await assert.rejects(runMaskDemo(runtime, { tokens: first, mode: 'causal', prefix: 0, probe: first.length }), /probe/);
});

test('consequence 1: causal outputs never depend on later tokens; a prefix mask lets the prompt look ahead', async () => {
  await fc.assert(
    fc.asyncProperty(requestArbitrary, async (request) => {
      const { outputChange } = await runMaskDemo(runtime, request);
      const t = request.tokens.length;
      const prefix = request.mode === 'causal' ? 0 : request.mode === 'bidirectional' ? t : request.prefix;
      for (let i = 0; i < t; i++) {
        const canSeeProbe = request.probe <= i || request.probe < prefix;
        if (!canSeeProbe) assert.equal(outputChange[i], 0, `position ${i} cannot see position ${request.probe}`);
        else assert.ok(outputChange[i]! > CHANGED, `position ${i} reads position ${request.probe}`);
      }
    }),
    { numRuns: 30 },
  );
});

test('consequence 2: causal training has a target at every position but the first, prefix only after the prompt', () => {
  const tokens = segmentText('The cat sat on the mat', MASK_DEMO.maxTokens).tokens;
  const causal = maskDemoReference({ tokens, mode: 'causal', prefix: 0, probe: 0 });
  const prefix = maskDemoReference({ tokens, mode: 'prefix', prefix: 4, probe: 0 });
  assert.equal(causal.lossTargets.filter(Boolean).length, tokens.length - 1);
  assert.equal(prefix.lossTargets.filter(Boolean).length, tokens.length - 4);
});

test('segmentation: Han characters one by one, words whole, punctuation separate, truncation reported', () => {
  assert.deepEqual(segmentText('我爱 LLaMA-2!', 10).tokens, ['我', '爱', 'LLaMA', '-', '2', '!']);
  const long = segmentText('a '.repeat(500), 64);
  assert.equal(long.tokens.length, 64);
  assert.equal(long.totalPieces, 500);
  assert.deepEqual(segmentText('   ', 64).tokens, []);
});

test('segmentation: a character is a grapheme cluster (emoji with modifiers, flags, combining accents)', () => {
  assert.deepEqual(segmentText('好👍🏽🇨🇳!', 10).tokens, ['好', '👍🏽', '🇨🇳', '!']);
  assert.deepEqual(segmentText('cafe\u0301 ok', 10).tokens, ['cafe\u0301', 'ok']);
  assert.deepEqual(segmentText('👨‍👩‍👧 家', 10).tokens, ['👨‍👩‍👧', '家']);
});
