// How much of its attention an ALiBi head can give token i−1 from position alone, on the held-out
// windows as Baichuan-13B reads them: with the bias −m·(i−j) and nothing from the tokens, query i
// weighs key j by e^(−m·(i−j)). Two cases per slope m: the head also sees its own token (weight 1,
// where a fresh model starts), or it never looks at itself (the most a layer-0 head can reach, as its
// queries and keys carry no position). Slopes: the steepest of 4, 8, 16 and 32 heads, and the
// released Baichuan-13B's 40 (2^(−1/8)). scripts/train/README.md quotes the table.
//
//   node scripts/train/alibi-cap.ts
import { heldOutDocuments, openTrained, sequenceOf } from './quality.ts';

const model = await openTrained('baichuan-13b');
const lengths = heldOutDocuments().map((text) => sequenceOf(model, text).ids.length);

/** Mean share of i−1 over every query i ≥ 1 of every window, with and without the query's own key. */
function previousShare(m: number): { withSelf: number; withoutSelf: number } {
  let [withSelf, withoutSelf, queries] = [0, 0, 0];
  for (const T of lengths) {
    for (let i = 1; i < T; i++) {
      let earlier = 0; // Σ over keys j < i of e^(−m·(i−j))
      for (let d = 1; d <= i; d++) earlier += Math.exp(-m * d);
      withoutSelf += Math.exp(-m) / earlier;
      withSelf += Math.exp(-m) / (earlier + 1);
      queries++;
    }
  }
  return { withSelf: withSelf / queries, withoutSelf: withoutSelf / queries };
}

console.log('heads\tsteepest slope\ti−1, also looking at itself\ti−1, never looking at itself');
for (const [heads, m] of [[4, 2 ** -2], [8, 2 ** -1], [16, 2 ** -0.5], [32, 2 ** -0.25], [40, 2 ** -0.125]] as const) {
  const share = previousShare(m);
  console.log(`${heads}\t${m.toFixed(3)}\t${share.withSelf.toFixed(3)}\t${share.withoutSelf.toFixed(3)}`);
}
