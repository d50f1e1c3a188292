// Choosing the next token from a logits row: greedy, or a draw from a reshaped distribution.
//
//   p = softmax(z / T)                      temperature T: below 1 sharpens, above 1 flattens
//   keep the k most probable tokens         top-k (k = 0 keeps all)
//   keep the smallest head with Σ p ≥ P     top-p / nucleus (P = 1 keeps all)
//   renormalize, draw u ~ U[0, 1), walk the cumulative sum until it passes u
//
// T = 0 is greedy: the argmax, with no draw (the limit of softmax(z / T) as T → 0). The filters run in
// the order Hugging Face's `generate` applies them: temperature, then top-k, then top-p. Tokens are
// ranked by logit, equal logits by the smaller id, so a seeded draw repeats exactly.
import type { Random } from './random.ts';

export type SamplingSettings = {
  /** 0 = greedy; otherwise the logits are divided by it before the softmax. */
  readonly temperature: number;
  /** Keep only the k most probable tokens; 0 keeps every token. */
  readonly topK: number;
  /** Keep the smallest set of most probable tokens whose probabilities sum to at least P; 1 keeps all. */
  readonly topP: number;
};

export const GREEDY: SamplingSettings = { temperature: 0, topK: 0, topP: 1 };

/** Token ids from most to least probable: by logit, equal logits by the smaller id. */
export function rankTokens(logits: ArrayLike<number>): number[] {
  const ids = Array.from({ length: logits.length }, (_, i) => i);
  return ids.sort((a, b) => (logits[b] as number) - (logits[a] as number) || a - b);
}

/** The most probable token (the smaller id among equals). */
export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if ((logits[i] as number) > (logits[best] as number)) best = i;
  return best;
}

/**
 * The distribution a draw uses: softmax(z / T), cut by top-k and top-p, renormalized (float64; zero
 * outside the kept set). At T = 0 all the mass sits on the argmax.
 */
export function samplingDistribution(logits: ArrayLike<number>, settings: SamplingSettings): Float64Array {
  if (settings.temperature <= 0 || logits.length === 0) {
    const probs = new Float64Array(logits.length);
    if (logits.length > 0) probs[argmax(logits)] = 1;
    return probs;
  }
  return rankedDistribution(logits, rankTokens(logits), settings);
}

/** `samplingDistribution` at T > 0, given the ranking (a sort of the vocabulary, done once per draw). */
function rankedDistribution(logits: ArrayLike<number>, ranked: readonly number[], settings: SamplingSettings): Float64Array {
  const V = logits.length;
  const probs = new Float64Array(V);
  const k = settings.topK > 0 ? Math.min(settings.topK, V) : V;
  const top = ranked[0]!;
  // exp((z_i − z_max) / T): subtracting the max keeps exp finite
  const scaled = ranked.slice(0, k).map((id) => Math.exp(((logits[id] as number) - (logits[top] as number)) / settings.temperature));
  const sumK = scaled.reduce((a, b) => a + b, 0);
  // nucleus: walk down the ranking until the kept probability reaches P (the token that crosses P stays)
  let kept = 0;
  let mass = 0;
  while (kept < k && (kept === 0 || mass < settings.topP * sumK)) mass += scaled[kept++]!;
  for (let i = 0; i < kept; i++) probs[ranked[i]!] = scaled[i]! / mass;
  return probs;
}

/** One token: the argmax at T = 0 (no random number used), else a draw from `samplingDistribution`. */
export function sampleToken(logits: ArrayLike<number>, settings: SamplingSettings, random: Random): number {
  if (settings.temperature <= 0 || logits.length === 0) return argmax(logits);
  const ranked = rankTokens(logits);
  const probs = rankedDistribution(logits, ranked, settings);
  const u = random();
  let cumulative = 0;
  let last = 0;
  for (const id of ranked) {
    if (probs[id] === 0) break;
    cumulative += probs[id]!;
    last = id;
    if (u < cumulative) return id;
  }
  return last; // u within rounding of 1
}

// ---- stopping -------------------------------------------------------------------------------------

export type StopRule = {
  /** End-of-sequence ids: generation stops after emitting one (config.json's eos_token_id). */
  readonly eosIds: readonly number[];
  /** Generated tokens at most. */
  readonly maxNewTokens: number;
};

export type StopReason = 'eos' | 'max-tokens';

/** Why generation ends after emitting `id` as the `generated`-th new token, or undefined to go on. */
export function stopReason(id: number, generated: number, rule: StopRule): StopReason | undefined {
  if (rule.eosIds.includes(id)) return 'eos';
  return generated >= rule.maxNewTokens ? 'max-tokens' : undefined;
}

/** config.json's eos_token_id: one id, a list of ids (newer releases), or none. */
export function eosIds(config: unknown): number[] {
  const value = (config as { eos_token_id?: unknown } | null)?.eos_token_id;
  const ids = Array.isArray(value) ? value : [value];
  return ids.filter((id): id is number => Number.isInteger(id) && (id as number) >= 0);
}
