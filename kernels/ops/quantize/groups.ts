// How a row of `cols` weights is cut into groups of `groupSize` along the input dimension: the
// arithmetic the quantize graph, its float64 twin and the byte count share. A group size that does
// not divide the row leaves a shorter last group; it still gets its own scale and zero point.

/** A group size, or 'row': one group per output row (per-output-channel quantization). */
export type GroupSize = number | 'row';

/** The group size in weights for rows of `cols` weights ('row', or a size past the row, is the row). */
export function groupWidth(cols: number, groupSize: GroupSize): number {
  if (groupSize !== 'row' && (!Number.isInteger(groupSize) || groupSize < 1)) throw new Error(`group size must be a positive integer, got ${groupSize}`);
  return groupSize === 'row' ? cols : Math.min(groupSize, cols);
}

/** Groups in one row: ⌈cols / g⌉. */
export function groupsPerRow(cols: number, groupSize: GroupSize): number {
  return Math.ceil(cols / groupWidth(cols, groupSize));
}

/** The group column c belongs to: ⌊c / g⌋. */
export function groupOfColumn(cols: number, groupSize: GroupSize): number[] {
  const g = groupWidth(cols, groupSize);
  return Array.from({ length: cols }, (_, c) => Math.floor(c / g));
}

/**
 * The columns that fill every group to g weights: each column once, then the row's last column
 * repeated. A repeat of a weight already in the short group leaves its min and max unchanged.
 */
export function paddedColumns(cols: number, groupSize: GroupSize): number[] {
  const g = groupWidth(cols, groupSize);
  return Array.from({ length: groupsPerRow(cols, groupSize) * g }, (_, i) => Math.min(i, cols - 1));
}
