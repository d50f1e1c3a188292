// ALiBi head slopes, as Baichuan-13B and Baichuan2-13B compute them (`_get_interleave`,
// docs/checkpoint-formats.md §5.7).
//
// Each head h penalises distant keys at its own rate m_h. For n heads, n a power of two, the
// slopes are a geometric series starting at s = 2^(−8/n): m_i = s^(i+1), i = 0 … n−1, so the
// last head has m = 2^−8. For other n, take the series of the largest power of two c below n,
// then fill the remaining n − c heads with every other slope of the 2c series (the ones that
// fall between the first series' values). For n = 40: 2^(−(i+1)/4) for i < 32, then 2^(−(2k+1)/8), k < 8.

/** Slopes in float64, as the Python lists are; the model turns them into a float32 tensor. */
export function alibiSlopes(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`ALiBi: head count must be a positive integer, got ${n}`);
  if (Number.isInteger(Math.log2(n))) return powerOfTwoSlopes(n);
  const closestPowerOf2 = 2 ** Math.floor(Math.log2(n));
  const between = alibiSlopes(2 * closestPowerOf2).filter((_, i) => i % 2 === 0);
  return [...powerOfTwoSlopes(closestPowerOf2), ...between.slice(0, n - closestPowerOf2)];
}

/** `_get_interleave_power_of_2`: start = 2^(−2^−(log2 n − 3)) = 2^(−8/n), slope_i = start · ratio^i. */
function powerOfTwoSlopes(n: number): number[] {
  const start = 2 ** -(2 ** -(Math.log2(n) - 3));
  const ratio = start;
  return Array.from({ length: n }, (_, i) => start * ratio ** i);
}
