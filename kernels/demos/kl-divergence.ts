// How far one next-token distribution is from another: the quantization widget's measure of what
// quantizing the weights did to a model's prediction.

/** log softmax in float64: z_i − max z − log Σ_j exp(z_j − max z). */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const logSum = max + Math.log(sum);
  return Float64Array.from({ length: logits.length }, (_, i) => logits[i]! - logSum);
}

/**
 * KL(P ‖ Q) = Σ_i p_i (log p_i − log q_i) in nats, P and Q given by their logits: 0 when they agree,
 * growing as Q puts little weight where P puts much. Float32 logits of the same model can differ in
 * the last bits, so a tiny negative sum from rounding is reported as 0.
 */
export function klDivergence(pLogits: ArrayLike<number>, qLogits: ArrayLike<number>): number {
  if (pLogits.length !== qLogits.length) throw new Error(`KL: ${pLogits.length} logits against ${qLogits.length}`);
  const logP = logSoftmax(pLogits);
  const logQ = logSoftmax(qLogits);
  let kl = 0;
  for (let i = 0; i < logP.length; i++) kl += Math.exp(logP[i]!) * (logP[i]! - logQ[i]!);
  return Math.max(kl, 0);
}
