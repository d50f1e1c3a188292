// The ALiBi bias in plain float64 TypeScript, in Baichuan's inference form and the paper's form.
import { zeros, type Tensor } from '../../tensor.ts';

/**
 * Inference form: bias[h, i, j] = m_h · j (Baichuan-13B `_gen_alibi_mask` :37-46; Baichuan2-13B
 * :63-73 reduces to the same; docs/checkpoint-formats.md §5.7). Slopes go through float32 first, as
 * `torch.Tensor(_get_interleave(n))` does.
 */
export function alibiBias(slopes: readonly number[], queryLength: number, keyLength: number): Tensor<['heads', 'Tq', 'Tk']> {
  const bias = zeros<['heads', 'Tq', 'Tk']>([slopes.length, queryLength, keyLength]);
  slopes.forEach((slope, h) => {
    const m = Math.fround(slope);
    for (let i = 0; i < queryLength; i++) {
      for (let j = 0; j < keyLength; j++) bias.data[(h * queryLength + i) * keyLength + j] = m * j;
    }
  });
  return bias;
}

/**
 * Training form, as in the ALiBi paper and Baichuan's training path: bias[h, i, j] = −m_h · (i − j),
 * a penalty growing with the distance back to the key (docs/checkpoint-formats.md §5.7).
 */
export function alibiBiasTraining(slopes: readonly number[], length: number): Tensor<['heads', 'Tq', 'Tk']> {
  const bias = zeros<['heads', 'Tq', 'Tk']>([slopes.length, length, length]);
  slopes.forEach((slope, h) => {
    const m = Math.fround(slope);
    for (let i = 0; i < length; i++) {
      for (let j = 0; j < length; j++) bias.data[(h * length + i) * length + j] = -m * (i - j);
    }
  });
  return bias;
}
