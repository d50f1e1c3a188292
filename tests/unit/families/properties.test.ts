// Properties every family must have, checked on every tiny replica with random token sequences:
// what a causal or prefix mask implies about which logits a changed token may move, that query heads
// of one KV group read the same keys, that RoPE and ALiBi only see relative positions (and ALiBi no
// rotation at all), and that the ONNX runner decoding with its KV cache reproduces the reference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadCheckpoint, type Checkpoint, type TensorStore } from '../../../kernels/checkpoint/load.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { referenceForward } from '../../../kernels/families/forward/reference.ts';
import { ModelRunner } from '../../../kernels/families/forward/runner.ts';
import type { ModelSpec } from '../../../kernels/families/spec.ts';
import { TINY_REPLICAS, tinyReplica, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { alibiSlopes } from '../../../kernels/ops/alibi/slopes.ts';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';
import { maxAbsDiff } from '../../../kernels/tensor.ts';

type Model = Checkpoint & { readonly spec: ModelSpec; readonly name: ReplicaName };

const models = new Map<ReplicaName, Promise<Model>>();
function model(name: ReplicaName): Promise<Model> {
  let m = models.get(name);
  if (m === undefined) {
    m = loadCheckpoint(memorySource(tinyReplica(name).files)).then((c) => ({ ...c, spec: detectModel(c.config), name }));
    models.set(name, m);
  }
  return m;
}

const specOf = (name: ReplicaName): ModelSpec => detectModel(tinyReplica(name).config);
const isGlmPrefix = (name: ReplicaName): boolean => specOf(name).mask.kind === 'glm-prefix';

/** Token ids that are not ChatGLM-6B's [MASK], [gMASK] or <sop> (any id for the other families). */
function plainIds(spec: ModelSpec): fc.Arbitrary<number> {
  const special = spec.mask.kind === 'glm-prefix' ? [spec.mask.bosTokenId, spec.mask.gmaskTokenId, spec.mask.maskTokenId] : [];
  return fc.integer({ min: 0, max: spec.vocabSize - 1 }).filter((id) => !special.includes(id));
}

/** A sequence the model accepts: ChatGLM-6B gets prompt, [gMASK], <sop>, generated tokens. */
function sequences(spec: ModelSpec, minLength = 2, maxLength = 9): fc.Arbitrary<number[]> {
  const { mask } = spec;
  if (mask.kind !== 'glm-prefix') return fc.array(plainIds(spec), { minLength, maxLength });
  return fc
    .tuple(fc.array(plainIds(spec), { minLength: 1, maxLength: 4 }), fc.array(plainIds(spec), { minLength: 0, maxLength: 4 }))
    .map(([prompt, generated]) => [...prompt, mask.gmaskTokenId, mask.bosTokenId, ...generated]);
}

const logits = (m: Model, ids: readonly number[]): Float64Array => referenceForward(m.spec, m.tensors, ids).logits.data;
const layer0 = (m: Model, ids: readonly number[]) => referenceForward(m.spec, m.tensors, ids, { attn: true }).attn![0]!;
const rowsDiff = (a: Float64Array, b: Float64Array, V: number, from: number, to: number): number =>
  maxAbsDiff(a.subarray(from * V, to * V), b.subarray(from * V, to * V));

for (const name of TINY_REPLICAS.filter((n) => !isGlmPrefix(n))) {
  test(`${name}: changing token t never moves the logits before t, and moves those at t`, async () => {
    const m = await model(name);
    const V = m.spec.vocabSize;
    const cases = sequences(m.spec).chain((ids) =>
      fc.tuple(fc.constant(ids), fc.nat(ids.length - 1), fc.integer({ min: 1, max: V - 1 })),
    );
    fc.assert(
      fc.property(cases, ([ids, t, shift]) => {
        const changed = ids.map((id, i) => (i === t ? (id + shift) % V : id));
        const [a, b] = [logits(m, ids), logits(m, changed)];
        assert.equal(rowsDiff(a, b, V, 0, t), 0, `rows before ${t} moved`);
        assert.ok(rowsDiff(a, b, V, t, t + 1) > 1e-9, `row ${t} did not move`);
      }),
      { numRuns: 8 },
    );
  });
}

test('chatglm-6b: a prompt token moves every position (the prompt is read both ways); a generated token only its own and later ones', async () => {
  const m = await model('chatglm-6b');
  const V = m.spec.vocabSize;
  const cases = sequences(m.spec).chain((ids) => fc.tuple(fc.constant(ids), fc.nat(ids.length - 1), plainIds(m.spec)));
  fc.assert(
    fc.property(cases, ([ids, k, replacement]) => {
      const ctx = ids.indexOf(m.spec.mask.kind === 'glm-prefix' ? m.spec.mask.bosTokenId : -1);
      fc.pre(k !== ctx && k !== ctx - 1 && ids[k] !== replacement); // <sop> and [gMASK] stay where they are
      const changed = ids.map((id, i) => (i === k ? replacement : id));
      const [a, b] = [logits(m, ids), logits(m, changed)];
      if (k < ctx) {
        // every row, including those before k, reads token k
        for (let t = 0; t < ids.length; t++) assert.ok(rowsDiff(a, b, V, t, t + 1) > 1e-9, `row ${t} ignored prompt token ${k}`);
      } else {
        assert.equal(rowsDiff(a, b, V, 0, k), 0, `rows before generated token ${k} moved`);
        assert.ok(rowsDiff(a, b, V, k, k + 1) > 1e-9);
      }
    }),
    { numRuns: 16 },
  );
});

/** Rows of the checkpoint tensor that produce KV head g's keys in `layer`, per packing (spec.ts QkvPacking). */
function keyRows(spec: ModelSpec, layer: number, g: number): { tensor: string; rows: [number, number] } {
  const { numHeads: n, headDim: d } = spec;
  const a = spec.tensors.layers[layer]!.attention;
  if (a.packing === 'separate') return { tensor: a.k.weight.name, rows: [g * d, (g + 1) * d] };
  const start = a.packing === 'glm-per-head' ? 3 * d * g + d : n * d + g * d;
  return { tensor: a.qkv.weight.name, rows: [start, start + d] };
}

/** The store with `rows` of tensor `name` (a [rows, H] matrix) changed by a fixed pattern. */
function perturbed(store: TensorStore, name: string, [from, to]: [number, number]): TensorStore {
  return {
    ...store,
    get: (t) => {
      const loaded = store.get(t);
      if (t !== name) return loaded;
      const data = Float32Array.from(loaded.data);
      const H = loaded.shape[1]!;
      for (let i = from * H; i < to * H; i++) data[i] = data[i]! + 0.5 * Math.sin(i);
      return { shape: loaded.shape, data };
    },
  };
}

for (const name of TINY_REPLICAS) {
  test(`${name}: changing KV head g's keys moves exactly the query heads h with h // (n/m) = g`, async () => {
    const m = await model(name);
    const { numHeads: n, numKvHeads: kv } = m.spec;
    fc.assert(
      fc.property(sequences(m.spec, 3), fc.nat(kv - 1), (ids, g) => {
        const { tensor, rows } = keyRows(m.spec, 0, g);
        const before = layer0(m, ids);
        const after = referenceForward(m.spec, perturbed(m.tensors, tensor, rows), ids, { attn: true }).attn![0]!;
        const T = ids.length;
        for (let h = 0; h < n; h++) {
          const diff = maxAbsDiff(
            before.data.subarray(h * T * T, (h + 1) * T * T),
            after.data.subarray(h * T * T, (h + 1) * T * T),
          );
          if (Math.floor(h / (n / kv)) === g) assert.ok(diff > 1e-9, `head ${h} of group ${g} did not move`);
          else assert.equal(diff, 0, `head ${h} is not in group ${g} but moved`);
        }
      }),
      { numRuns: 4 },
    );
  });

  test(`${name}: layer-0 attention depends on relative positions only (prepending a token shifts it)`, async () => {
    const m = await model(name);
    const { numHeads: n } = m.spec;
    fc.assert(
      fc.property(sequences(m.spec), plainIds(m.spec), (ids, first) => {
        const [a, b] = [layer0(m, ids), layer0(m, [first, ...ids])];
        const [T, U] = [ids.length, ids.length + 1];
        // log(P[i, j] / P[i, 0]) is score(i, j) − score(i, 0): the same for the pair one place later
        for (let h = 0; h < n; h++) {
          for (let i = 0; i < T; i++) {
            for (let j = 1; j < T; j++) {
              const [pa, pa0] = [a.data[(h * T + i) * T + j]!, a.data[(h * T + i) * T]!];
              if (pa === 0) continue; // masked
              const [pb, pb0] = [b.data[(h * U + i + 1) * U + j + 1]!, b.data[(h * U + i + 1) * U + 1]!];
              const diff = Math.abs(Math.log(pa / pa0) - Math.log(pb / pb0));
              assert.ok(diff < 1e-9, `head ${h}, query ${i}, key ${j}: ${diff}`);
            }
          }
        }
      }),
      { numRuns: 4 },
    );
  });
}

for (const name of TINY_REPLICAS.filter((n) => specOf(n).mask.kind === 'causal')) {
  const alibi = specOf(name).position.kind === 'alibi';
  const claim = alibi
    ? 'scores of one repeated token differ by exactly slope_h · Δj (no rotation)'
    : 'RoPE makes one repeated token score differently at different distances';
  test(`${name}: ${claim}`, async () => {
    const m = await model(name);
    const { numHeads: n } = m.spec;
    const slopes = alibiSlopes(n).map(Math.fround);
    fc.assert(
      fc.property(plainIds(m.spec), fc.integer({ min: 3, max: 9 }), (id, T) => {
        const p = layer0(
          m,
          Array.from({ length: T }, () => id),
        ).data;
        let spread = 0;
        for (let h = 0; h < n; h++) {
          for (let i = 0; i < T; i++) {
            for (let j = 1; j <= i; j++) {
              const logRatio = Math.log(p[(h * T + i) * T + j]! / p[(h * T + i) * T]!);
              if (alibi) assert.ok(Math.abs(logRatio - slopes[h]! * j) < 1e-9, `head ${h}, query ${i}, key ${j}`);
              spread = Math.max(spread, Math.abs(logRatio));
            }
          }
        }
        if (!alibi) assert.ok(spread > 1e-6, 'identical tokens scored the same at every distance');
      }),
      { numRuns: 3 },
    );
  });
}

test('graph: prefill then decode with the KV cache gives the reference logits at every position, on every family', async () => {
  const runtime = nodeRuntime();
  for (const name of TINY_REPLICAS) {
    const m = await model(name);
    const runner = await ModelRunner.open(runtime, m);
    const V = m.spec.vocabSize;
    await fc.assert(
      fc.asyncProperty(sequences(m.spec, 3), fc.double({ min: 0, max: 1, noNaN: true }), async (ids, where) => {
        const first = m.spec.mask.kind === 'glm-prefix' ? ids.indexOf(m.spec.mask.bosTokenId) + 1 : 1;
        const split = first + Math.floor(where * (ids.length - first));
        const expected = logits(m, ids);
        const prompt = await runner.prefill(ids.slice(0, split));
        assert.ok(maxAbsDiff(prompt.logits.data, expected.subarray(0, split * V)) < 1e-4, `${name}: prompt of ${split}`);
        for (let t = split; t < ids.length; t++) {
          const step = await runner.decode(ids[t]!);
          const diff = maxAbsDiff(step.logits.data, expected.subarray(t * V, (t + 1) * V));
          assert.ok(diff < 1e-4, `${name}: decoded position ${t} after a prompt of ${split}: max |Δ| ${diff}`);
        }
      }),
      { numRuns: 2 },
    );
  }
});
