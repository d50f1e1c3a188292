// The model panel's computation (kernels/demos/model-panel.ts): softmax and top-k against float64
// written out another way, the KV-head mapping, and PanelModel on tiny replicas
// against the float64 reference forward pass (prefill, then greedy steps through the KV cache).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  AttentionRows,
  attentionKind,
  kvHeadOf,
  PanelModel,
  PANEL_LIMITS,
  softmax,
  topK,
} from '../../kernels/demos/model-panel.ts';
import { loadCheckpoint } from '../../kernels/checkpoint/load.ts';
import { memorySource } from '../../kernels/checkpoint/source.ts';
import { detectModel } from '../../kernels/families/detect.ts';
import { referenceForward } from '../../kernels/families/forward/reference.ts';
import { tinyReplica, type ReplicaName } from '../../kernels/families/tiny/replica.ts';
import { nodeRuntime } from '../../kernels/runtime/node.ts';
import { maxAbsDiff } from '../../kernels/tensor.ts';

const logitsArb = fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 300 });

test('softmax equals 1 / Σ_j exp(z_j − z_i) in float64, and sums to 1', () => {
  fc.assert(
    fc.property(logitsArb, (z) => {
      const p = softmax(z);
      // The same probabilities with no max subtraction and no shared normaliser.
      const expected = z.map((zi) => 1 / z.reduce((sum, zj) => sum + Math.exp(zj - zi), 0));
      assert.ok(maxAbsDiff(p, expected) < 1e-12);
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    }),
  );
});

test('top-k: the same ids, in the same order, as sorting the whole vocabulary (ties to the smaller id)', () => {
  // Few distinct values, so ties are common.
  const tied = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 40 });
  fc.assert(
    fc.property(tied, fc.integer({ min: 0, max: 45 }), (z, k) => {
      const sorted = z.map((_, id) => id).sort((a, b) => z[b]! - z[a]! || a - b);
      assert.deepEqual(
        topK(z, k).map((c) => c.id),
        sorted.slice(0, k),
      );
    }),
  );
});

test('softmax stays finite for logits far beyond exp’s range', () => {
  const p = softmax([1000, 1000, -1000]);
  assert.deepEqual([...p], [0.5, 0.5, 0]);
});

test('top-k: the k largest probabilities, in order, no token outside beats one inside', () => {
  fc.assert(
    fc.property(logitsArb, fc.integer({ min: 0, max: 8 }), (z, k) => {
      const top = topK(z, k);
      assert.equal(top.length, Math.min(k, z.length));
      assert.equal(new Set(top.map((c) => c.id)).size, top.length);
      const p = softmax(z);
      for (let i = 1; i < top.length; i++) assert.ok(top[i - 1]!.prob >= top[i]!.prob);
      const inside = new Set(top.map((c) => c.id));
      const floor = top.at(-1)?.logit ?? Infinity;
      for (let id = 0; id < z.length; id++) if (!inside.has(id)) assert.ok(z[id]! <= floor, `token ${id} beats the top ${k}`);
      for (const c of top) {
        assert.equal(c.logit, z[c.id]);
        assert.ok(Math.abs(c.prob - p[c.id]!) < 1e-15);
      }
      // The first choice is the argmax (the first of equal maxima), i.e. greedy decoding.
      if (top.length > 0) assert.equal(top[0]!.id, z.indexOf(Math.max(...z)));
    }),
  );
});

test('KV heads: each of the m KV heads is read by n/m consecutive query heads; MHA/GQA/MQA by count', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), (m, group) => {
      const spec = { numHeads: m * group, numKvHeads: m };
      const readers = Array.from({ length: m }, () => [] as number[]);
      for (let h = 0; h < spec.numHeads; h++) readers[kvHeadOf(spec, h)]!.push(h);
      readers.forEach((heads, kv) =>
        assert.deepEqual(
          heads,
          Array.from({ length: group }, (_, i) => kv * group + i),
        ),
      );
      assert.equal(attentionKind(spec), group === 1 ? 'MHA' : m === 1 ? 'MQA' : 'GQA');
    }),
  );
});

test('AttentionRows pads earlier rows with zeros for keys that came later', () => {
  const rows = new AttentionRows(1, 1);
  rows.append([{ data: Float32Array.from([1, 0, 0.5, 0.5]), shape: [1, 2, 2] }]);
  rows.append([{ data: Float32Array.from([0.2, 0.3, 0.5]), shape: [1, 1, 3] }]);
  const m = rows.matrix(0, 0);
  assert.equal(rows.length, 3);
  assert.deepEqual(
    [...m.data].map((x) => Math.round(x * 10) / 10),
    [1, 0, 0, 0.5, 0.5, 0, 0.2, 0.3, 0.5],
  );
});

const runtime = nodeRuntime();

async function referenceLogits(name: ReplicaName, ids: readonly number[]) {
  const checkpoint = await loadCheckpoint(memorySource(tinyReplica(name).files));
  const spec = detectModel(checkpoint.config, checkpoint.tensors.names());
  return referenceForward(spec, checkpoint.tensors, ids, { attn: true });
}

for (const name of ['llama2-gqa', 'chatglm-6b', 'baichuan-13b'] as const) {
  test(`${name}: prefill and three greedy steps match the float64 reference`, async () => {
    const model = await PanelModel.open(runtime, memorySource(tinyReplica(name).files));
    assert.equal(model.tokenizerProblem, undefined);
    const { ids } = model.preparePrompt(model.tokenizer!.encode('The model reads 模型'));

    let step = await model.prefill(ids);
    assert.equal(model.cacheLength, ids.length);
    for (let generated = 0; generated <= 3; generated++) {
      const reference = await referenceLogits(name, step.sequence);
      const [T, V] = reference.logits.shape;
      const last = reference.logits.data.subarray((T - 1) * V, T * V);
      assert.ok(maxAbsDiff(step.lastLogits, last) < 1e-4, `logits after ${generated} steps`);
      const expectedTop = topK(last, PANEL_LIMITS.topK);
      assert.deepEqual(
        step.top.map((c) => c.id),
        expectedTop.map((c) => c.id),
      );
      // Every row the cache has seen, as the reference computes them all at once.
      for (let layer = 0; layer < model.spec.numLayers; layer++) {
        for (let head = 0; head < model.spec.numHeads; head++) {
          const drawn = step.attention.matrix(layer, head);
          assert.equal(drawn.rows, T);
          const refAttn = reference.attn![layer]!.data.subarray(head * T * T, (head + 1) * T * T);
          assert.ok(maxAbsDiff(drawn.data, refAttn) < 1e-4, `attention ${layer}/${head}`);
        }
      }
      assert.equal(step.generated, generated);
      if (generated < 3) {
        step = await model.next();
        assert.equal(model.cacheLength, ids.length + generated + 1);
        assert.equal(step.sequence.at(-1), expectedTop[0]!.id, 'greedy: the most probable token is appended');
      }
    }
    model.reset();
    assert.equal(model.cacheLength, 0);
    await assert.rejects(model.next(), /run the prompt first/);
  });
}

test('ChatGLM-6B prompt rows see the whole prefix (bidirectional block), later rows only the past', async () => {
  const model = await PanelModel.open(runtime, memorySource(tinyReplica('chatglm-6b').files));
  const { ids, appended } = model.preparePrompt([10, 11, 12, 13]);
  const { config } = tinyReplica('chatglm-6b');
  assert.deepEqual(appended, [config['gmask_token_id'], config['bos_token_id']]);
  await model.prefill(ids);
  const step = await model.next();
  const { data, rows } = step.attention.matrix(0, 0);
  const ctx = ids.length - 1; // the index of <sop>: every key before it is in the prefix
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < rows; j++) {
      const p = data[i * rows + j]!;
      sum += p;
      const visible = j <= i || (i < ids.length && j < ctx);
      if (!visible) assert.equal(p, 0, `row ${i} reads key ${j}`);
      else if (j < ctx && i < ctx) assert.ok(p > 0, `prefix row ${i} reads prefix key ${j}`);
    }
    assert.ok(Math.abs(sum - 1) < 1e-5, `row ${i} sums to ${sum}`);
  }
});

test('ids outside the vocabulary are refused with the runner’s message; a broken config names the key', async () => {
  const model = await PanelModel.open(runtime, memorySource(tinyReplica('qwen2').files));
  await assert.rejects(model.prefill([1, 999]), /token id 999 is outside the vocabulary \(0\.\.255\)/);
  const files = new Map(tinyReplica('qwen2').files);
  files.set('config.json', new TextEncoder().encode(JSON.stringify({ model_type: 'gpt2' })));
  await assert.rejects(PanelModel.open(runtime, memorySource(files)), /'gpt2' is not a supported family/);
  files.delete('tokenizer.json');
  files.set('config.json', tinyReplica('qwen2').files.get('config.json')!);
  const noTokenizer = await PanelModel.open(runtime, memorySource(files));
  assert.equal(noTokenizer.tokenizer, undefined);
  assert.match(noTokenizer.tokenizerProblem!, /no tokenizer file in the folder/);
});

test('a closed model refuses to run, after the calls in flight have finished', async () => {
  const model = await PanelModel.open(runtime, memorySource(tinyReplica('qwen2').files));
  const inFlight = model.prefill([1, 2, 3]);
  const closed = model.close();
  assert.equal((await inFlight).sequence.length, 3, 'the call made before close runs');
  await closed;
  assert.equal(model.cacheLength, 0);
  await assert.rejects(model.prefill([1, 2, 3]), /this model was closed to free its memory for another; open it again/);
});
