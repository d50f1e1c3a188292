// Normalisation layers in plain float64 TypeScript, written the way the official code reads.
import { zeros, type Tensor } from '../../tensor.ts';

/**
 * ChatGLM-6B's α: `(2 * self.num_layers) ** 0.5` with the GLMBlock default num_layers = 28, which
 * ChatGLMModel never overrides, so it is √56 whatever the config's depth
 * (docs/checkpoint-formats.md §8.3, modeling_chatglm.py:566, :642).
 */
export const CHATGLM6B_ALPHA = Math.sqrt(2 * 28);

/** RMSNorm `w * x * rsqrt(mean(x^2) + eps)` (LlamaRMSNorm; docs/checkpoint-formats.md §8). */
export function rmsNorm(x: Tensor<['T', 'H']>, weight: Tensor<['H']>, eps: number): Tensor<['T', 'H']> {
  const [T, H] = x.shape;
  const y = zeros<['T', 'H']>([T, H]);
  for (let t = 0; t < T; t++) {
    let sumSquares = 0;
    for (let i = 0; i < H; i++) sumSquares += x.data[t * H + i]! ** 2;
    const variance = sumSquares / H;
    const rsqrt = 1 / Math.sqrt(variance + eps);
    for (let i = 0; i < H; i++) y.data[t * H + i] = weight.data[i]! * (x.data[t * H + i]! * rsqrt);
  }
  return y;
}

/** torch.nn.LayerNorm with weight and bias, biased variance (docs/checkpoint-formats.md §8.3, GLMBlock). */
export function layerNorm(
  x: Tensor<['T', 'H']>,
  weight: Tensor<['H']>,
  bias: Tensor<['H']>,
  eps: number,
): Tensor<['T', 'H']> {
  const [T, H] = x.shape;
  const y = zeros<['T', 'H']>([T, H]);
  for (let t = 0; t < T; t++) {
    let mean = 0;
    for (let i = 0; i < H; i++) mean += x.data[t * H + i]!;
    mean /= H;
    let variance = 0;
    for (let i = 0; i < H; i++) variance += (x.data[t * H + i]! - mean) ** 2;
    variance /= H;
    const rstd = 1 / Math.sqrt(variance + eps);
    for (let i = 0; i < H; i++) {
      y.data[t * H + i] = (x.data[t * H + i]! - mean) * rstd * weight.data[i]! + bias.data[i]!;
    }
  }
  return y;
}

/** `a * alpha + sublayer(a)` with a = LN(x) (docs/checkpoint-formats.md §8.3, modeling_chatglm.py:607-659). */
export function glmResidual(
  normed: Tensor<['T', 'H']>,
  sublayerOut: Tensor<['T', 'H']>,
  alpha: number,
): Tensor<['T', 'H']> {
  const y = zeros<['T', 'H']>(normed.shape);
  for (let i = 0; i < y.data.length; i++) y.data[i] = normed.data[i]! * alpha + sublayerOut.data[i]!;
  return y;
}
