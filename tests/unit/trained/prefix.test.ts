// ChatGLM-6B reads its prefix in both directions, on the trained model: on held-out poems (the first
// line is the prefix, then [gMASK] <sop> and the rest, as in training), early prefix positions put
// real attention on the later characters of the line, which a causal decoder never can (the [gMASK]
// and <sop> that close every prefix are left out of the share: a head could read those two from
// anywhere without reading the line), while nothing reads a key past the prefix that lies ahead of
// it. The causal-vs-prefix article shows the same model live.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heldOutDocuments, openTrained, sequenceOf } from '../../../scripts/train/quality.ts';

/** A poem's first line ends with a full stop or comma after 5 or 7 characters. */
const POEM = /^\p{Script=Han}{5,7}[，。]/u;
/** The early prefix positions whose forward attention is checked. */
const EARLY = 3;
/**
 * The least share of attention a query in the first positions gives the prefix text after it,
 * averaged over the held-out poems and over the heads of a layer. A causal decoder gives exactly 0;
 * an even spread over a 12-token prefix (ten characters, [gMASK], <sop>) gives 9/12 at position 0. Per layer, not per head: a head
 * that learned to look at its own or the previous position gives position 0 to itself (the 3000-step
 * model has two such heads in layer 0), which a bidirectional prefix allows as much as a causal one.
 */
const MIN_FORWARD_SHARE = 0.25;

test('chatglm-6b (trained): early prefix positions attend to the later characters of the prefix on held-out poems', async () => {
  const model = await openTrained('chatglm-6b');
  const poems = heldOutDocuments().filter((doc) => POEM.test(doc));
  assert.ok(poems.length >= 10, `${poems.length} held-out poems`);
  let shares: number[][] | undefined; // [layer][query] summed over poems and heads
  for (const poem of poems) {
    const { ids, first } = sequenceOf(model, poem);
    const prefix = first + 1; // the first line, [gMASK] and <sop>
    const T = ids.length;
    const { attn } = await model.runner.prefill(ids, { attn: true });
    shares ??= attn!.map(() => new Array<number>(EARLY).fill(0));
    attn!.forEach((a, layer) => {
      for (let h = 0; h < a.shape[0]!; h++) {
        for (let i = 0; i < T; i++) {
          const row = a.data.subarray((h * T + i) * T, (h * T + i + 1) * T);
          // The mask itself: prefix rows stop at the prefix; later rows are causal.
          const reach = i < prefix ? prefix : i + 1;
          for (let j = reach; j < T; j++) assert.equal(row[j], 0, `layer ${layer} head ${h}: query ${i} reads key ${j}`);
          if (i < EARLY) shares![layer]![i]! += row.subarray(i + 1, prefix - 2).reduce((s, p) => s + p, 0) / a.shape[0]!;
        }
      }
    });
  }
  shares!.forEach((queries, layer) =>
    queries.forEach((sum, i) => {
      const share = sum / poems.length;
      assert.ok(share >= MIN_FORWARD_SHARE, `layer ${layer}: query ${i} gives the line's later characters ${share.toFixed(3)} of its attention (mean of its heads)`);
    }),
  );
});
