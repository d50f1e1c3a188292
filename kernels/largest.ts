// The positions of the few largest values among many, in one pass: the next-token list (5 of a
// vocabulary of thousands) and a heatmap's text alternative (3 of up to 96 × 96 cells) read a handful
// of the largest values on every update, and sorting everything for them cost milliseconds.

/**
 * The indices of the `count` largest of `length` values (`valueAt(i)`), largest first; equal
 * values keep index order (the smaller index first), as a stable sort would. NaN counts as
 * −Infinity, so it is never taken over a number.
 */
export function largestIndices(length: number, valueAt: (i: number) => number, count: number): number[] {
  const keep = Math.min(Math.max(0, Math.floor(count)), length);
  const scoreOf = (i: number) => {
    const value = valueAt(i);
    return Number.isNaN(value) ? -Infinity : value;
  };
  const best: number[] = [];
  for (let i = 0; i < length; i++) {
    const value = scoreOf(i);
    // Indices arrive in increasing order, so a tie never displaces an earlier index.
    if (best.length === keep && !(value > scoreOf(best[keep - 1]!))) continue;
    let at = best.length === keep ? keep - 1 : best.length;
    while (at > 0 && value > scoreOf(best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at -= 1;
    }
    best[at] = i;
  }
  return best;
}
