// Plain tensors for the float64 references and for moving data in and out of ORT.
//
// The dimension names live in the type: `Tensor<['T', 'd']>` is a T×d matrix whose `shape` is a
// two-number tuple. Data is row-major (the last dimension varies fastest), as in ONNX and PyTorch.

export type Tensor<Dims extends readonly string[] = readonly string[]> = {
  readonly data: Float64Array;
  readonly shape: { readonly [K in keyof Dims]: number };
};

/** The same tensor in float32, the form ORT takes and returns. */
export type Tensor32<Dims extends readonly string[] = readonly string[]> = {
  readonly data: Float32Array;
  readonly shape: { readonly [K in keyof Dims]: number };
};

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function tensor<Dims extends readonly string[]>(
  data: Float64Array | readonly number[],
  shape: { readonly [K in keyof Dims]: number },
): Tensor<Dims> {
  const values = data instanceof Float64Array ? data : Float64Array.from(data);
  if (values.length !== sizeOf(shape as readonly number[])) {
    throw new Error(`tensor: ${values.length} values do not fill shape [${(shape as readonly number[]).join(', ')}]`);
  }
  return { data: values, shape };
}

export function zeros<Dims extends readonly string[]>(shape: { readonly [K in keyof Dims]: number }): Tensor<Dims> {
  return { data: new Float64Array(sizeOf(shape as readonly number[])), shape };
}

export function toFloat32<Dims extends readonly string[]>(t: Tensor<Dims>): Tensor32<Dims> {
  return { data: Float32Array.from(t.data), shape: t.shape };
}

export function toFloat64<Dims extends readonly string[]>(t: Tensor32<Dims>): Tensor<Dims> {
  return { data: Float64Array.from(t.data), shape: t.shape };
}

/** Largest absolute elementwise difference; the yardstick of every kernel test. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths differ (${a.length} vs ${b.length})`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs((a[i] as number) - (b[i] as number));
    if (!(diff <= worst)) worst = Number.isNaN(diff) ? Infinity : diff;
  }
  return worst;
}
