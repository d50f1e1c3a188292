// How much of its attention an ALiBi head gives token i−1 from position alone, on given windows:
// with the bias −m·(i−j) and nothing from the tokens, query i weighs key j by e^(−m·(i−j)). Two
// cases for a slope m: the head also sees its own token (weight 1, where a fresh model starts), or it
// never looks at itself (the most a layer-0 head can reach, as its queries and keys carry no position).

export type AlibiShare = { readonly withSelf: number; readonly withoutSelf: number };

/** Mean share of i−1 over every query i ≥ 1 of windows of these lengths, with and without the query's own key. */
export function previousShareFromSlope(lengths: readonly number[], m: number): AlibiShare {
  let [withSelf, withoutSelf, queries] = [0, 0, 0];
  for (const T of lengths) {
    let earlier = 0; // Σ over keys j < i of e^(−m·(i−j)), grown one query at a time
    for (let i = 1; i < T; i++) {
      earlier += Math.exp(-m * i);
      withoutSelf += Math.exp(-m) / earlier;
      withSelf += Math.exp(-m) / (earlier + 1);
      queries++;
    }
  }
  return { withSelf: withSelf / queries, withoutSelf: withoutSelf / queries };
}
