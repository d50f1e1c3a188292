import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  glm2dRopeGraph,
  queryScaleGraph,
  ropeFromTableGraph,
  ropeGraph,
  type RopeStyle,
} from '../../../kernels/ops/rope/graph.ts';
import { float16InvFreq, float32InvFreq } from '../../../kernels/ops/rope/inv-freq.ts';
import {
  applyGlm2dRope,
  applyQueryScale,
  applyRopeHalf,
  applyRopeInterleaved,
  hfPermute,
} from '../../../kernels/ops/rope/reference.ts';
import { qwenLogNScale } from '../../../kernels/ops/rope/scaling.ts';
import { ropeTableData } from '../../../kernels/ops/rope/table.ts';
import { type Tensor, type Tensor32 } from '../../../kernels/tensor.ts';
import {
  assertClose,
  checkProperty,
  fc,
  floatFeed,
  int64Feed,
  randomTensor,
  runOutput,
  seedArb,
  seededRandom,
} from './kernel-harness.ts';

type Heads = Tensor<['heads', 'T', 'd']>;

const reference = { half: applyRopeHalf, interleaved: applyRopeInterleaved } as const;

/** Random heads × T × d with an even d and an even rotary width R ≤ d. */
const ropeCaseArb = fc
  .record({
    seed: seedArb,
    heads: fc.integer({ min: 1, max: 4 }),
    T: fc.integer({ min: 1, max: 16 }),
    halfD: fc.integer({ min: 1, max: 16 }),
    base: fc.constantFrom(10000, 500, 1e6),
  })
  .chain((c) => fc.record({ c: fc.constant(c), halfR: fc.integer({ min: 1, max: c.halfD }) }))
  .map(({ c, halfR }) => ({ ...c, d: 2 * c.halfD, R: 2 * halfR }));

function randomPositions(random: () => number, T: number, max = 100): number[] {
  return Array.from({ length: T }, () => Math.floor(random() * max));
}

async function runRope(style: RopeStyle, x: Heads, positions: number[], invFreq: Float64Array, rotaryDim?: number): Promise<Tensor32> {
  const params = rotaryDim === undefined ? { style } : { style, rotaryDim };
  return runOutput(ropeGraph(params), {
    x: floatFeed(x),
    positions: int64Feed(positions),
    inv_freq: floatFeed({ data: invFreq, shape: [invFreq.length] }),
  });
}

for (const style of ['half', 'interleaved'] as const) {
  test(`${style} RoPE graph matches the float64 reference (full and partial rotary)`, async () => {
    await checkProperty(ropeCaseArb, async ({ seed, heads, T, d, R, base }) => {
      const random = seededRandom(seed);
      const x = randomTensor<['heads', 'T', 'd']>(random, [heads, T, d]);
      const positions = randomPositions(random, T);
      const invFreq = float32InvFreq(R, base);
      const y = await runRope(style, x, positions, invFreq, R === d ? undefined : R);
      assertClose(y.data, reference[style](x, positions, invFreq).data, `${style} h=${heads} T=${T} d=${d} R=${R}`);
    });
  });

  test(`${style} RoPE preserves the norm of every head vector`, async () => {
    await checkProperty(ropeCaseArb, async ({ seed, heads, T, d, R, base }) => {
      const random = seededRandom(seed);
      const x = randomTensor<['heads', 'T', 'd']>(random, [heads, T, d]);
      const y = await runRope(style, x, randomPositions(random, T, 1000), float32InvFreq(R, base), R === d ? undefined : R);
      for (let row = 0; row < heads * T; row++) {
        const norm = (data: ArrayLike<number>) => Math.hypot(...Array.from({ length: d }, (_, i) => data[row * d + i]!));
        assertClose([norm(y.data)], [norm(x.data)], `row ${row}`);
      }
    }, 20);
  });

  test(`${style} RoPE: q·k depends only on the position difference`, async () => {
    const caseArb = fc.record({ seed: seedArb, T: fc.integer({ min: 1, max: 8 }), halfD: fc.integer({ min: 1, max: 16 }), shift: fc.integer({ min: 1, max: 500 }) });
    await checkProperty(caseArb, async ({ seed, T, halfD, shift }) => {
      const random = seededRandom(seed);
      const d = 2 * halfD;
      // head 0 holds the queries, head 1 the keys; both get the same positions
      const qk = randomTensor<['heads', 'T', 'd']>(random, [2, T, d]);
      const positions = randomPositions(random, T);
      const invFreq = float32InvFreq(d, 10000);
      const dots = (y: Tensor32) =>
        Array.from({ length: T * T }, (_, ij) => {
          const [i, j] = [Math.floor(ij / T), ij % T];
          let dot = 0;
          for (let c = 0; c < d; c++) dot += y.data[i * d + c]! * y.data[(T + j) * d + c]!;
          return dot;
        });
      const before = dots(await runRope(style, qk, positions, invFreq));
      const after = dots(await runRope(style, qk, positions.map((p) => p + shift), invFreq));
      assertClose(after, before, `shift ${shift}`, 1e-3);
    }, 20);
  });
}

test('cos/sin tables made on the host and fed to the graph give the reference rotation', async () => {
  await checkProperty(ropeCaseArb, async ({ seed, heads, T, d, R, base }) => {
    const random = seededRandom(seed);
    const x = randomTensor<['heads', 'T', 'd']>(random, [heads, T, d]);
    const positions = randomPositions(random, T, 5000);
    const invFreq = float32InvFreq(R, base);
    for (const style of ['half', 'interleaved'] as const) {
      const table = ropeTableData(positions, invFreq, style);
      const params = R === d ? { style } : { style, rotaryDim: R };
      const y = await runOutput(ropeFromTableGraph(params), {
        x: floatFeed(x),
        rope_cos: { type: 'float32', data: table.cos, dims: table.dims },
        rope_sin: { type: 'float32', data: table.sin, dims: table.dims },
      });
      // float32 angles (as official code) at positions up to 5000 differ from float64 ones by ≲ 3e-4 rad
      assertClose(y.data, reference[style](x, positions, invFreq).data, `${style} table d=${d} R=${R}`, 2e-3);
      const inGraph = await runRope(style, x, positions, invFreq, R === d ? undefined : R);
      assertClose(y.data, inGraph.data, `${style} host table vs in-graph table`, 1e-5);
    }
  }, 15);
});

test('partial rotary leaves the channels past rotaryDim bit-for-bit untouched', async () => {
  await checkProperty(ropeCaseArb.filter(({ d, R }) => R < d), async ({ seed, heads, T, d, R }) => {
    const random = seededRandom(seed);
    const x = randomTensor<['heads', 'T', 'd']>(random, [heads, T, d]);
    for (const style of ['half', 'interleaved'] as const) {
      const y = await runRope(style, x, randomPositions(random, T), float32InvFreq(R, 10000), R);
      for (let row = 0; row < heads * T; row++) {
        for (let c = R; c < d; c++) assert.equal(y.data[row * d + c], x.data[row * d + c], `${style} row ${row} channel ${c}`);
      }
    }
  }, 20);
});

test('a constant inv_freq baked into the graph gives the same result as feeding it', async () => {
  await checkProperty(ropeCaseArb, async ({ seed, heads, T, d, R, base }) => {
    const random = seededRandom(seed);
    const x = randomTensor<['heads', 'T', 'd']>(random, [heads, T, d]);
    const positions = randomPositions(random, T);
    const invFreq = float32InvFreq(R, base);
    const params = R === d ? { style: 'half' as const, invFreq } : { style: 'half' as const, rotaryDim: R, invFreq };
    const y = await runOutput(ropeGraph(params), { x: floatFeed(x), positions: int64Feed(positions) });
    assertClose(y.data, applyRopeHalf(x, positions, invFreq).data, `static inv_freq d=${d} R=${R}`);
  }, 10);
});

test('interleaved RoPE on Meta weights equals rotate_half on HF-permuted weights (docs/checkpoint-formats.md §5.1)', async () => {
  const caseArb = fc.record({ seed: seedArb, nHeads: fc.integer({ min: 1, max: 3 }), halfD: fc.integer({ min: 1, max: 8 }), T: fc.integer({ min: 1, max: 8 }), H: fc.integer({ min: 1, max: 16 }) });
  await checkProperty(caseArb, async ({ seed, nHeads, halfD, T, H }) => {
    const random = seededRandom(seed);
    const d = 2 * halfD;
    const x = randomTensor<['T', 'in']>(random, [T, H]);
    const wMeta = randomTensor<['out', 'in']>(random, [nHeads * d, H]);
    const project = (w: Tensor<['out', 'in']>): Heads => {
      // q[h, t, c] = x[t] · w[h·d + c]
      const q = { data: new Float64Array(nHeads * T * d), shape: [nHeads, T, d] as const };
      for (let h = 0; h < nHeads; h++)
        for (let t = 0; t < T; t++)
          for (let c = 0; c < d; c++) {
            let sum = 0;
            for (let i = 0; i < H; i++) sum += x.data[t * H + i]! * w.data[(h * d + c) * H + i]!;
            q.data[(h * T + t) * d + c] = sum;
          }
      return q;
    };
    const positions = randomPositions(random, T);
    const invFreq = float32InvFreq(d, 10000);
    const meta = await runRope('interleaved', project(wMeta), positions, invFreq);
    const hf = await runRope('half', project(hfPermute(wMeta, nHeads)), positions, invFreq);
    // the HF head vector is the Meta one with channel 2i+j moved to j·d/2 + i
    const expected = new Float64Array(meta.data.length);
    for (let row = 0; row < nHeads * T; row++)
      for (let i = 0; i < halfD; i++)
        for (let j = 0; j < 2; j++) expected[row * d + j * halfD + i] = meta.data[row * d + 2 * i + j]!;
    assertClose(hf.data, expected, `permute nHeads=${nHeads} d=${d}`);
  }, 20);
});

test('ChatGLM-6B 2-D RoPE graph matches the reference (fp16 inv_freq, two position rows)', async () => {
  const caseArb = fc.record({ seed: seedArb, heads: fc.integer({ min: 1, max: 4 }), T: fc.integer({ min: 1, max: 16 }), quarterD: fc.integer({ min: 1, max: 8 }) });
  await checkProperty(caseArb, async ({ seed, heads, T, quarterD }) => {
    const random = seededRandom(seed);
    const d = 4 * quarterD;
    const x = randomTensor<['heads', 'T', 'd']>(random, [heads, T, d]);
    const positionIds = randomPositions(random, T);
    const blockPositionIds = randomPositions(random, T);
    const invFreq = float16InvFreq(d / 2, 10000);
    const y = await runOutput(glm2dRopeGraph(), {
      x: floatFeed(x),
      position_ids: int64Feed(positionIds),
      block_position_ids: int64Feed(blockPositionIds),
      inv_freq: floatFeed({ data: invFreq, shape: [invFreq.length] }),
    });
    assertClose(y.data, applyGlm2dRope(x, positionIds, blockPositionIds, invFreq).data, `glm-2d h=${heads} T=${T} d=${d}`);
  });
});

test('ChatGLM-6B 2-D RoPE: the first half follows position_ids only, the second block_position_ids only', () => {
  const random = seededRandom(11);
  const [heads, T, d] = [2, 5, 8];
  const x = randomTensor<['heads', 'T', 'd']>(random, [heads, T, d]);
  const invFreq = float16InvFreq(d / 2, 10000);
  const pos = [0, 1, 2, 2, 2];
  const block = [0, 0, 1, 2, 3];
  const out = applyGlm2dRope(x, pos, block, invFreq);
  const changedBlock = applyGlm2dRope(x, pos, [0, 0, 5, 6, 7], invFreq);
  const changedPos = applyGlm2dRope(x, [0, 1, 3, 3, 3], block, invFreq);
  const halves = (t: Heads, which: 0 | 1) =>
    Array.from(t.data).filter((_, i) => (Math.floor((i % d) / (d / 2)) === which));
  assert.deepEqual(halves(changedBlock, 0), halves(out, 0));
  assert.deepEqual(halves(changedPos, 1), halves(out, 1));
  assert.notDeepEqual(halves(changedBlock, 1), halves(out, 1));
  assert.notDeepEqual(halves(changedPos, 0), halves(out, 0));
});

test("Qwen's logN query scale graph matches the reference", async () => {
  const caseArb = fc.record({ seed: seedArb, heads: fc.integer({ min: 1, max: 4 }), T: fc.integer({ min: 1, max: 16 }), d: fc.integer({ min: 1, max: 32 }), seqLength: fc.integer({ min: 2, max: 12 }) });
  await checkProperty(caseArb, async ({ seed, heads, T, d, seqLength }) => {
    const random = seededRandom(seed);
    const q = randomTensor<['heads', 'T', 'd']>(random, [heads, T, d]);
    const scale = qwenLogNScale(Array.from({ length: T }, (_, p) => p), seqLength);
    const y = await runOutput(queryScaleGraph(), { q: floatFeed(q), scale: floatFeed({ data: scale, shape: [T] }) });
    assertClose(y.data, applyQueryScale(q, scale).data, `logn h=${heads} T=${T} seq=${seqLength}`);
  }, 20);
});
