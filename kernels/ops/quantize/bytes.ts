// What quantized weights take to store: b bits per weight, plus for every group its scale and zero
// point. The quantization article's table (components/article/weight-memory.ts) and the
// quantization widget both count bytes here.

export type StorageFormat = {
  /** Bits of one stored weight. */
  readonly bits: number;
  /** Weights sharing one scale; absent for floating-point formats, which need none. */
  readonly groupSize?: number;
  /** Bits stored once per group: its scale, plus its zero point where the format has one. */
  readonly bitsPerGroup?: number;
};

/** Bytes of `weights` weights held in `groups` groups: (weights · b + groups · bits per group) / 8. */
export function storedBytes(weights: number, groups: number, format: StorageFormat): number {
  return (weights * format.bits + groups * (format.bitsPerGroup ?? 0)) / 8;
}

/** Bytes per weight when every group is full: b/8 plus the group's extra bits spread over its g weights. */
export function bytesPerWeight(format: StorageFormat): number {
  const g = format.groupSize;
  return g === undefined ? storedBytes(1, 0, format) : storedBytes(g, 1, format) / g;
}

/** The asymmetric format of the article: an fp16 scale and a b-bit zero point per group. */
export function asymmetricFormat(bits: number): StorageFormat {
  return { bits, bitsPerGroup: 16 + bits };
}
