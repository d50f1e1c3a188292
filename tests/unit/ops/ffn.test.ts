import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ffnGraph } from '../../../kernels/ops/ffn/graph.ts';
import type { FfnKind } from '../../../kernels/ops/ffn/kind.ts';
import { chatGlm2Mlp, geluMlp, geluTanh, qwenMlp, swiGlu } from '../../../kernels/ops/ffn/reference.ts';
import type { LinearParams } from '../../../kernels/ops/linear/reference.ts';
import type { Random } from '../../../kernels/random.ts';
import { tensor, type Tensor } from '../../../kernels/tensor.ts';
import type { Feed } from '../../../kernels/runtime/runtime.ts';
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

const caseArb = fc.record({
  seed: seedArb,
  T: fc.integer({ min: 1, max: 16 }),
  H: fc.integer({ min: 1, max: 32 }),
  I: fc.integer({ min: 1, max: 16 }), // the inner width (F for ChatGLM2, whose first matmul makes 2F)
});

/** A random nn.Linear [out, in] (+ bias), scaled so activations stay around 1. */
function randomLinear(random: Random, out: number, inDim: number, bias: boolean): LinearParams {
  const weight = randomTensor<['out', 'in']>(random, [out, inDim], 1 / Math.sqrt(inDim));
  return bias ? { weight, bias: randomTensor<['out']>(random, [out], 0.5) } : { weight };
}

/** Feeds `<name>.weight` / `<name>.bias` as ffnGraph names them. */
function layerFeeds(layers: Record<string, LinearParams>): Record<string, Feed> {
  const feeds: Record<string, Feed> = {};
  for (const [name, layer] of Object.entries(layers)) {
    feeds[`${name}.weight`] = floatFeed(layer.weight);
    if (layer.bias) feeds[`${name}.bias`] = floatFeed(layer.bias);
  }
  return feeds;
}

type Case = { random: Random; T: number; H: number; I: number; bias: boolean };

/** For each kind: random checkpoint-named layers and the float64 reference on them. */
const families: Record<FfnKind, (c: Case, x: Tensor<['T', 'in']>) => { layers: Record<string, LinearParams>; expected: Tensor }> = {
  swiglu: ({ random, H, I, bias }, x) => {
    const w = { gateProj: randomLinear(random, I, H, bias), upProj: randomLinear(random, I, H, bias), downProj: randomLinear(random, H, I, bias) };
    return { layers: { gate_proj: w.gateProj, up_proj: w.upProj, down_proj: w.downProj }, expected: swiGlu(x, w) };
  },
  'swiglu-chunked': ({ random, H, I, bias }, x) => {
    const w = { denseHTo4h: randomLinear(random, 2 * I, H, bias), dense4hToH: randomLinear(random, H, I, bias) };
    return { layers: { dense_h_to_4h: w.denseHTo4h, dense_4h_to_h: w.dense4hToH }, expected: chatGlm2Mlp(x, w) };
  },
  'qwen-w1-silu-w2': ({ random, H, I, bias }, x) => {
    const w = { w1: randomLinear(random, I, H, bias), w2: randomLinear(random, I, H, bias), cProj: randomLinear(random, H, I, bias) };
    return { layers: { w1: w.w1, w2: w.w2, c_proj: w.cProj }, expected: qwenMlp(x, w) };
  },
  'gelu-tanh': ({ random, H, I, bias }, x) => {
    const w = { denseHTo4h: randomLinear(random, I, H, bias), dense4hToH: randomLinear(random, H, I, bias) };
    return { layers: { dense_h_to_4h: w.denseHTo4h, dense_4h_to_h: w.dense4hToH }, expected: geluMlp(x, w) };
  },
};

for (const kind of ['swiglu', 'swiglu-chunked', 'qwen-w1-silu-w2', 'gelu-tanh'] as const) {
  for (const bias of [false, true]) {
    test(`${kind} FFN graph (bias=${bias}) matches the float64 reference`, async () => {
      await checkProperty(caseArb, async ({ seed, T, H, I }) => {
        const random = seededRandom(seed);
        const x = randomTensor<['T', 'in']>(random, [T, H], 2);
        const { layers, expected } = families[kind]({ random, T, H, I, bias }, x);
        const y = await runOutput(ffnGraph({ kind, bias }), { x: floatFeed(x), ...layerFeeds(layers) });
        assert.deepEqual(y.shape, [T, H]);
        assertClose(y.data, expected.data, `${kind} bias=${bias} T=${T} H=${H} I=${I}`);
      }, 20);
    });
  }
}

test('Qwen MLP is SwiGLU with w2 as the gate and w1 as the up projection (graphs agree)', async () => {
  await checkProperty(caseArb, async ({ seed, T, H, I }) => {
    const random = seededRandom(seed);
    const x = randomTensor<['T', 'in']>(random, [T, H]);
    const [w1, w2, cProj] = [randomLinear(random, I, H, false), randomLinear(random, I, H, false), randomLinear(random, H, I, false)];
    const qwen = await runOutput(ffnGraph({ kind: 'qwen-w1-silu-w2', bias: false }), { x: floatFeed(x), ...layerFeeds({ w1, w2, c_proj: cProj }) });
    const llama = await runOutput(ffnGraph({ kind: 'swiglu', bias: false }), {
      x: floatFeed(x),
      ...layerFeeds({ gate_proj: w2, up_proj: w1, down_proj: cProj }),
    });
    assertClose(qwen.data, llama.data, `qwen vs swiglu T=${T} H=${H} I=${I}`);
  }, 15);
});

test("ChatGLM2's fused dense_h_to_4h is [gate; up] stacked by rows (graphs agree with SwiGLU)", async () => {
  await checkProperty(caseArb, async ({ seed, T, H, I }) => {
    const random = seededRandom(seed);
    const x = randomTensor<['T', 'in']>(random, [T, H]);
    const [gate, up, down] = [randomLinear(random, I, H, false), randomLinear(random, I, H, false), randomLinear(random, H, I, false)];
    const fused = tensor<['out', 'in']>(Float64Array.from([...gate.weight.data, ...up.weight.data]), [2 * I, H]);
    const glm = await runOutput(ffnGraph({ kind: 'swiglu-chunked', bias: false }), {
      x: floatFeed(x),
      ...layerFeeds({ dense_h_to_4h: { weight: fused }, dense_4h_to_h: down }),
    });
    const llama = await runOutput(ffnGraph({ kind: 'swiglu', bias: false }), {
      x: floatFeed(x),
      ...layerFeeds({ gate_proj: gate, up_proj: up, down_proj: down }),
    });
    assertClose(glm.data, llama.data, `chatglm2 vs swiglu T=${T} H=${H} I=${I}`);
  }, 15);
});

test('tanh-form GELU: fixed points and closeness to the exact erf GELU', () => {
  assert.equal(geluTanh(0), 0);
  assertClose([geluTanh(1)], [0.8411919906082768], 'gelu(1)', 1e-12);
  // 0.5·z·(1 + erf(z/√2)), erf from Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7)
  const erf = (v: number) => {
    const t = 1 / (1 + 0.3275911 * Math.abs(v));
    const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return Math.sign(v) * (1 - poly * Math.exp(-v * v));
  };
  for (let z = -6; z <= 6; z += 0.25) assertClose([geluTanh(z)], [0.5 * z * (1 + erf(z / Math.SQRT2))], `z=${z}`, 1e-3);
});
