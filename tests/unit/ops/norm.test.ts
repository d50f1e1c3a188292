import { test } from 'node:test';
import { glmResidualGraph, layerNormGraph, rmsNormGraph } from '../../../kernels/ops/norm/graph.ts';
import { CHATGLM6B_ALPHA, glmResidual, layerNorm, rmsNorm } from '../../../kernels/ops/norm/reference.ts';
import {
  assertClose,
  checkProperty,
  fc,
  floatFeed,
  randomTensor,
  runOutput,
  seedArb,
  seededRandom,
} from './kernel-harness.ts';

const shapeArb = fc.record({ seed: seedArb, T: fc.integer({ min: 1, max: 16 }), H: fc.integer({ min: 1, max: 32 }) });

test('RMSNorm graph matches the float64 reference', async () => {
  for (const eps of [1e-5, 1e-6]) {
    await checkProperty(shapeArb, async ({ seed, T, H }) => {
      const random = seededRandom(seed);
      const x = randomTensor<['T', 'H']>(random, [T, H], 3);
      const weight = randomTensor<['H']>(random, [H]);
      const y = await runOutput(rmsNormGraph({ eps }), { x: floatFeed(x), weight: floatFeed(weight) });
      assertClose(y.data, rmsNorm(x, weight, eps).data, `rms-norm T=${T} H=${H}`);
    }, 20);
  }
});

test('RMSNorm output with unit weight has root-mean-square ≈ 1 (eps small against the data)', () => {
  const random = seededRandom(7);
  const [T, H] = [5, 24];
  const x = randomTensor<['T', 'H']>(random, [T, H], 10);
  const ones = { data: new Float64Array(H).fill(1), shape: [H] as const };
  const y = rmsNorm(x, ones, 1e-6);
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let i = 0; i < H; i++) sum += y.data[t * H + i]! ** 2;
    assertClose([Math.sqrt(sum / H)], [1], `row ${t}`, 1e-6);
  }
});

test('LayerNorm graph matches the float64 reference', async () => {
  await checkProperty(shapeArb.filter(({ H }) => H >= 2), async ({ seed, T, H }) => {
    const random = seededRandom(seed);
    const x = randomTensor<['T', 'H']>(random, [T, H], 2);
    const weight = randomTensor<['H']>(random, [H]);
    const bias = randomTensor<['H']>(random, [H]);
    const y = await runOutput(layerNormGraph({ eps: 1e-5 }), {
      x: floatFeed(x),
      weight: floatFeed(weight),
      bias: floatFeed(bias),
    });
    assertClose(y.data, layerNorm(x, weight, bias, 1e-5).data, `layer-norm T=${T} H=${H}`);
  });
});

test('GLM residual graph matches LN(x)·α + sublayer', async () => {
  await checkProperty(shapeArb, async ({ seed, T, H }) => {
    const random = seededRandom(seed);
    const normed = randomTensor<['T', 'H']>(random, [T, H]);
    const sublayer = randomTensor<['T', 'H']>(random, [T, H]);
    const y = await runOutput(glmResidualGraph({ alpha: CHATGLM6B_ALPHA }), {
      normed: floatFeed(normed),
      sublayer: floatFeed(sublayer),
    });
    assertClose(y.data, glmResidual(normed, sublayer, CHATGLM6B_ALPHA).data, `glm-residual T=${T} H=${H}`);
  }, 20);
});

test('ChatGLM-6B α is √(2·28) ≈ 7.4833 (docs/checkpoint-formats.md §8.3)', () => {
  assertClose([CHATGLM6B_ALPHA], [7.4833], 'alpha', 1e-4);
});
