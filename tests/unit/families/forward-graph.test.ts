// The ONNX decoder graph and its runner against the float64 reference, on every tiny replica:
// prefill logits and attention, decode with the KV cache against a full prefill, the mask in the
// attention probabilities, the internals outputs, context extension past the trained length, and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadCheckpoint, type Checkpoint } from '../../../kernels/checkpoint/load.ts';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { TINY_REPLICAS, tinyReplica, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { ModelRunner } from '../../../kernels/families/forward/runner.ts';
import { referenceForward } from '../../../kernels/families/forward/reference.ts';
import type { ModelSpec } from '../../../kernels/families/spec.ts';
import { nodeRuntime } from '../../../kernels/runtime/node.ts';
import { seededRandom } from '../../../kernels/random.ts';
import { maxAbsDiff, type Tensor32 } from '../../../kernels/tensor.ts';
import { rmsNorm } from '../../../kernels/ops/norm/reference.ts';
import { linear } from '../../../kernels/ops/linear/reference.ts';
import { tensor } from '../../../kernels/tensor.ts';
import { sampleIds } from '../../../kernels/families/sample-ids.ts';

const TOLERANCE = 1e-4;
const runtime = nodeRuntime();

type Opened = { checkpoint: Checkpoint; runner: ModelRunner };

// One runner per replica, shared by the tests (each prefill starts from an empty cache), so each
// graph's session is created once.
const opened = new Map<ReplicaName, Promise<Opened>>();
function open(name: ReplicaName): Promise<Opened> {
  let replica = opened.get(name);
  if (replica === undefined) opened.set(name, (replica = openWith(name)));
  return replica;
}

async function openWith(name: ReplicaName, configPatch: Record<string, unknown> = {}): Promise<Opened> {
  const files = new Map(tinyReplica(name).files);
  if (Object.keys(configPatch).length > 0) {
    const config = { ...(JSON.parse(new TextDecoder().decode(files.get('config.json'))) as object), ...configPatch };
    files.set('config.json', new TextEncoder().encode(JSON.stringify(config)));
  }
  const checkpoint = await loadCheckpoint(memorySource(files));
  return { checkpoint, runner: await ModelRunner.open(runtime, checkpoint) };
}

/** Keys each query may read: j ≤ i, or j before <sop> for ChatGLM-6B (written out here, not taken from the code). */
function visible(spec: ModelSpec, ids: readonly number[], i: number, j: number): boolean {
  const ctx = spec.mask.kind === 'glm-prefix' ? ids.indexOf(spec.mask.bosTokenId) : 0;
  return j <= i || j < ctx;
}

function rowOf(t: Tensor32, row: number): Float32Array {
  const width = t.shape[t.shape.length - 1]!;
  return t.data.subarray(row * width, (row + 1) * width);
}

const seeds = fc.integer({ min: 0, max: 0x7fffffff });
const lengths = fc.integer({ min: 3, max: 16 });

for (const name of TINY_REPLICAS) {
  test(`${name}: prefill logits and attention equal the float64 reference`, async () => {
    const { checkpoint, runner } = await open(name);
    await fc.assert(
      fc.asyncProperty(seeds, lengths, async (seed, length) => {
        const ids = sampleIds(runner.spec, seededRandom(seed), length);
        const graph = await runner.prefill(ids, { attn: true });
        const reference = referenceForward(runner.spec, checkpoint.tensors, ids, { attn: true });
        assert.deepEqual(graph.logits.shape, [ids.length, runner.spec.vocabSize]);
        const diff = maxAbsDiff(graph.logits.data, reference.logits.data);
        assert.ok(diff <= TOLERANCE, `logits max |Δ| ${diff} for ids ${ids.join(',')}`);
        reference.attn!.forEach((expected, l) => {
          const attnDiff = maxAbsDiff(graph.attn![l]!.data, expected.data);
          assert.ok(attnDiff <= TOLERANCE, `layer ${l} attention max |Δ| ${attnDiff}`);
        });
      }),
      { numRuns: 4 },
    );
  });

  test(`${name}: decoding with the KV cache equals a full prefill, position by position`, async () => {
    const { runner } = await open(name);
    const V = runner.spec.vocabSize;
    await fc.assert(
      fc.asyncProperty(seeds, lengths, fc.double({ min: 0, max: 1, noNaN: true }), async (seed, length, where) => {
        const ids = sampleIds(runner.spec, seededRandom(seed), length);
        const full = await runner.prefill(ids, { attn: true });
        // the prompt must hold <sop> for ChatGLM-6B; any non-empty prefix elsewhere
        const first = runner.spec.mask.kind === 'glm-prefix' ? ids.indexOf(runner.spec.mask.bosTokenId) + 1 : 1;
        const split = first + Math.floor(where * (ids.length - first));
        const prompt = await runner.prefill(ids.slice(0, split), { attn: true });
        assert.ok(maxAbsDiff(prompt.logits.data, full.logits.data.subarray(0, split * V)) <= TOLERANCE, 'prompt rows');
        for (let t = split; t < ids.length; t++) {
          const step = await runner.decode(ids[t]!, { attn: true });
          assert.deepEqual(step.logits.shape, [1, V]);
          const diff = maxAbsDiff(step.logits.data, rowOf(full.logits, t));
          assert.ok(diff <= TOLERANCE, `position ${t} (prompt ${split}): max |Δ| ${diff}`);
          // the decode step's attention row is the full prefill's row t, over keys 0 … t
          step.attn!.forEach((probs, l) => {
            const n = runner.spec.numHeads;
            assert.deepEqual(probs.shape, [n, 1, t + 1]);
            for (let h = 0; h < n; h++) {
              const expected = rowOf(full.attn![l]!, h * ids.length + t).subarray(0, t + 1);
              assert.ok(maxAbsDiff(rowOf(probs, h), expected) <= TOLERANCE, `layer ${l} head ${h} at ${t}`);
            }
          });
        }
        assert.equal(runner.length, ids.length);
      }),
      { numRuns: 3 },
    );
  });

  test(`${name}: attention rows sum to 1 and are exactly 0 on masked keys`, async () => {
    const { runner } = await open(name);
    const ids = sampleIds(runner.spec, seededRandom(7), 12);
    const { attn } = await runner.prefill(ids, { attn: true });
    const T = ids.length;
    assert.equal(attn!.length, runner.spec.numLayers);
    for (const probs of attn!) {
      assert.deepEqual(probs.shape, [runner.spec.numHeads, T, T]);
      for (let h = 0; h < runner.spec.numHeads; h++) {
        for (let i = 0; i < T; i++) {
          const row = rowOf(probs, h * T + i);
          const sum = row.reduce((a, b) => a + b, 0);
          assert.ok(Math.abs(sum - 1) <= 1e-5, `head ${h} query ${i}: sum ${sum}`);
          row.forEach((p, j) => {
            if (visible(runner.spec, ids, i, j)) assert.ok(p > 0, `head ${h}: ${i} should read ${j}`);
            else assert.equal(p, 0, `head ${h}: ${i} must not read ${j}`);
          });
        }
      }
    }
  });
}

test('internals: the last hidden state gives the logits through the final norm and head', async () => {
  const { checkpoint, runner } = await open('llama');
  const ids = [3, 1, 4, 1, 5, 9, 2, 6];
  const result = await runner.prefill(ids, { internals: true });
  const { hiddenSize: H, numLayers: L, numHeads: n, numKvHeads: m, headDim: d } = runner.spec;
  const layers = result.internals!;
  assert.equal(layers.length, L);
  for (const layer of layers) {
    assert.deepEqual(layer.qRot.shape, [n, ids.length, d]);
    assert.deepEqual(layer.kRot.shape, [m, ids.length, d]);
    assert.deepEqual(layer.hidden.shape, [ids.length, H]);
  }
  const get = (name: string) => checkpoint.tensors.get(name);
  const last = tensor<['T', 'H']>(Float64Array.from(layers[L - 1]!.hidden.data), [ids.length, H]);
  const normed = rmsNorm(last, tensor<['H']>(Float64Array.from(get('model.norm.weight').data), [H]), runner.spec.norm.eps);
  const head = get('lm_head.weight');
  const logits = linear(normed, tensor<['V', 'H']>(Float64Array.from(head.data), [head.shape[0]!, H]));
  assert.ok(maxAbsDiff(result.logits.data, logits.data) <= TOLERANCE);
});

// Layer 0 sees only the token's own embedding, so one token id has one q before rotation: RoPE turns
// it (same length per rotated pair, different direction at each position); ALiBi leaves it alone.
for (const name of ['llama', 'chatglm2-6b', 'chatglm-6b', 'baichuan-13b'] as const) {
  test(`internals (${name}): layer-0 queries of one token differ by rotation only`, async () => {
    const { runner } = await open(name);
    const { spec } = runner;
    const token = 17;
    const ids =
      spec.mask.kind === 'glm-prefix'
        ? [token, 9, token, spec.mask.gmaskTokenId, spec.mask.bosTokenId, token, token]
        : [token, 9, token, 4, token];
    const at = ids.flatMap((id, t) => (id === token ? [t] : []));
    const { qRot } = (await runner.prefill(ids, { internals: true })).internals![0]!;
    const T = ids.length;
    const d = spec.headDim;
    for (let h = 0; h < spec.numHeads; h++) {
      const vectors = at.map((t) => qRot.data.subarray((h * T + t) * d, (h * T + t + 1) * d));
      const norm = (v: Float32Array) => Math.hypot(...v);
      for (const v of vectors.slice(1)) {
        assert.ok(Math.abs(norm(v) - norm(vectors[0]!)) <= 1e-4, `head ${h}: rotation keeps the length`);
        const moved = maxAbsDiff(v, vectors[0]!);
        if (spec.position.kind === 'alibi') assert.ok(moved <= 1e-6, `head ${h}: ALiBi rotates nothing`);
        else assert.ok(moved > 1e-3, `head ${h}: RoPE turns the query`);
      }
    }
  });
}

// Context extension and Qwen2's sliding window, switched on in the config: the graph must still match the reference.
const variants: { name: ReplicaName; label: string; patch: Record<string, unknown>; length: number }[] = [
  { name: 'qwen', label: 'Qwen dynamic NTK and log-n past seq_length 64', patch: {}, length: 72 },
  { name: 'qwen', label: 'Qwen log-n without NTK', patch: { seq_length: 8, use_dynamic_ntk: false }, length: 14 },
  {
    name: 'llama',
    label: 'HF dynamic NTK past max_position_embeddings',
    patch: { max_position_embeddings: 8, rope_scaling: { type: 'dynamic', factor: 2 } },
    length: 14,
  },
  { name: 'llama', label: 'HF linear scaling', patch: { rope_scaling: { type: 'linear', factor: 4 } }, length: 10 },
  {
    name: 'llama2-gqa',
    label: 'Llama 3 scaling',
    patch: {
      rope_scaling: {
        rope_type: 'llama3',
        factor: 8,
        low_freq_factor: 1,
        high_freq_factor: 4,
        original_max_position_embeddings: 16,
      },
    },
    length: 10,
  },
  {
    name: 'qwen2',
    label: 'Qwen2 sliding window of 3 from layer 1',
    patch: { use_sliding_window: true, sliding_window: 3, max_window_layers: 1 },
    length: 9,
  },
];
for (const { name, label, patch, length } of variants) {
  test(`${name}: ${label} matches the reference`, async () => {
    const { checkpoint, runner } = await openWith(name, patch);
    const ids = sampleIds(runner.spec, seededRandom(length), length);
    const graph = await runner.prefill(ids, { attn: true });
    const reference = referenceForward(runner.spec, checkpoint.tensors, ids, { attn: true });
    assert.ok(maxAbsDiff(graph.logits.data, reference.logits.data) <= TOLERANCE);
    reference.attn!.forEach((expected, l) =>
      assert.ok(maxAbsDiff(graph.attn![l]!.data, expected.data) <= TOLERANCE, `layer ${l}`),
    );
  });
}

test('the sliding window hides keys at distance ≥ size on the windowed layers only', async () => {
  const { runner } = await openWith('qwen2', { use_sliding_window: true, sliding_window: 3, max_window_layers: 1 });
  const ids = [5, 6, 7, 8, 9, 10, 11];
  const { attn } = await runner.prefill(ids, { attn: true });
  const T = ids.length;
  const [layer0, layer1] = [attn![0]!, attn![1]!];
  for (let i = 0; i < T; i++) {
    for (let j = 0; j <= i; j++) {
      assert.ok(rowOf(layer0, i)[j]! > 0, `layer 0 has no window: ${i} reads ${j}`);
      if (i - j >= 3) assert.equal(rowOf(layer1, i)[j], 0, `layer 1: ${i} must not read ${j}`);
      else assert.ok(rowOf(layer1, i)[j]! > 0, `layer 1: ${i} reads ${j}`);
    }
  }
});

test('errors: ids outside the vocabulary, decode before prefill, ChatGLM-6B without <sop>', async () => {
  const { runner } = await open('chatglm2-6b');
  await assert.rejects(runner.prefill([1, 256]), /token id 256 is outside the vocabulary \(0\.\.255\)/);
  await assert.rejects(runner.prefill([1, -1]), /token id -1 is outside the vocabulary/);
  await assert.rejects(runner.prefill([1.5]), /token id 1.5 is not a whole number/);
  await assert.rejects(runner.prefill([]), /at least one token/);
  await assert.rejects(runner.decode(3), /prefill/);
  await runner.prefill([1, 2]);
  await assert.rejects(runner.decode(9999), /outside the vocabulary/);
  assert.equal(runner.length, 2, 'a rejected token leaves the cache as it was');
  runner.reset();
  assert.equal(runner.length, 0);

  const glm = await open('chatglm-6b');
  await assert.rejects(glm.runner.prefill([1, 2, 3]), /<sop>/);
});

test('opening a checkpoint with a missing tensor names it', async () => {
  const files = new Map(tinyReplica('baichuan-7b').files);
  const broken = await loadCheckpoint(memorySource(files));
  const store = {
    ...broken.tensors,
    names: () => broken.tensors.names().filter((n) => n !== 'model.norm.weight'),
    has: (n: string) => n !== 'model.norm.weight' && broken.tensors.has(n),
  };
  await assert.rejects(
    ModelRunner.open(runtime, { config: broken.config, tensors: store }),
    /missing tensor 'model\.norm\.weight'/,
  );
});
