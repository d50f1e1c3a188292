// Data shaping for the chart functions, kept apart from Plot so it can be tested without a DOM.

/** One cell of a row-major matrix. */
export type Cell = { readonly row: number; readonly col: number; readonly value: number };

/** A row-major rows×cols matrix (a Tensor32 [T, T], or one head's slice of [heads, T, T]). */
export type Matrix = { readonly data: ArrayLike<number>; readonly rows: number; readonly cols: number };

/** The cells of `matrix` in row-major order, the order Plot draws them in. */
export function matrixCells({ data, rows, cols }: Matrix): Cell[] {
  if (data.length !== rows * cols) throw new Error(`matrixCells: ${data.length} values for ${rows}×${cols}`);
  const cells: Cell[] = [];
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) cells.push({ row, col, value: data[row * cols + col] as number });
  }
  return cells;
}

/** Slice `index` of a [n, rows, cols] tensor's data as a rows×cols matrix (no copy). */
export function sliceMatrix(data: Float32Array | Float64Array, index: number, rows: number, cols: number): Matrix {
  const size = rows * cols;
  if ((index + 1) * size > data.length) throw new Error(`sliceMatrix: slice ${index} is outside ${data.length} values`);
  return { data: data.subarray(index * size, (index + 1) * size), rows, cols };
}

/** Axis label of position i: "i token", with long tokens shortened so they fit a rotated tick. */
export function positionLabel(token: string, index: number, maxChars = 8): string {
  const chars = [...token];
  const short = chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : token;
  return `${index} ${short}`;
}

/**
 * Which of `count` positions get a tick label: all of them when they fit, else every k-th, so that
 * at most `maxTicks` labels are drawn. The first position is always labelled.
 */
export function tickPositions(count: number, maxTicks: number): number[] {
  const step = Math.max(1, Math.ceil(count / Math.max(1, maxTicks)));
  const ticks: number[] = [];
  for (let i = 0; i < count; i += step) ticks.push(i);
  return ticks;
}

/** One position of a per-position chart; `changed` when |value| exceeds the threshold. */
export type PositionValue = { readonly index: number; readonly value: number; readonly changed: boolean };

export function positionValues(values: ArrayLike<number>, threshold: number): PositionValue[] {
  return Array.from({ length: values.length }, (_, index) => {
    const value = values[index] as number;
    return { index, value, changed: Math.abs(value) > threshold };
  });
}

/** For row i of a 0/1 matrix, the runs of visible columns as [first, last] pairs (for text alternatives). */
export function visibleRuns(matrix: Matrix, row: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let col = 0; col < matrix.cols; col++) {
    if ((matrix.data[row * matrix.cols + col] as number) <= 0) continue;
    const last = runs.at(-1);
    if (last !== undefined && last[1] === col - 1) last[1] = col;
    else runs.push([col, col]);
  }
  return runs;
}

/** The largest value of `values` (0 when empty), for chart domains that must not collapse. */
export function maxOf(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] as number);
  return max;
}
