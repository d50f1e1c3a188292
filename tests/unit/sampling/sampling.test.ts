// The sampler on distributions small enough to check by hand: logits ln(p) give softmax = p exactly
// (up to rounding), so top-k and top-p cuts can be read off the numbers below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../kernels/random.ts';
import {
  argmax,
  eosIds,
  GREEDY,
  rankTokens,
  sampleToken,
  samplingDistribution,
  stopReason,
} from '../../../kernels/sampling.ts';

// p = [0.1, 0.4, 0.2, 0.3]: ranked 1, 3, 2, 0
const P = [0.1, 0.4, 0.2, 0.3];
const LOGITS = P.map(Math.log);
const close = (a: ArrayLike<number>, b: readonly number[]) =>
  b.forEach((x, i) => assert.ok(Math.abs((a[i] as number) - x) < 1e-12, `index ${i}: ${a[i]} vs ${x}`));

test('T = 1 with no cuts is the softmax itself', () => {
  close(samplingDistribution(LOGITS, { temperature: 1, topK: 0, topP: 1 }), P);
});

test('top-k keeps the k most probable and renormalizes', () => {
  close(samplingDistribution(LOGITS, { temperature: 1, topK: 2, topP: 1 }), [0, 0.4 / 0.7, 0, 0.3 / 0.7]);
  close(samplingDistribution(LOGITS, { temperature: 1, topK: 99, topP: 1 }), P);
});

test('top-p keeps the smallest head reaching p', () => {
  // 0.4 < 0.5 → add 0.3 → 0.7 ≥ 0.5: {1, 3}
  close(samplingDistribution(LOGITS, { temperature: 1, topK: 0, topP: 0.5 }), [0, 0.4 / 0.7, 0, 0.3 / 0.7]);
  // exactly reaching p stops there: 0.4 + 0.3 = 0.7
  close(samplingDistribution(LOGITS, { temperature: 1, topK: 0, topP: 0.7 - 1e-9 }), [0, 0.4 / 0.7, 0, 0.3 / 0.7]);
  // just past 0.7 needs the third token
  close(samplingDistribution(LOGITS, { temperature: 1, topK: 0, topP: 0.71 }), [0, 0.4 / 0.9, 0.2 / 0.9, 0.3 / 0.9]);
  // a tiny p still keeps the most probable token
  close(samplingDistribution(LOGITS, { temperature: 1, topK: 0, topP: 0.01 }), [0, 1, 0, 0]);
});

test('top-p applies after top-k, to the renormalized head', () => {
  // top-2 → {0.4/0.7 ≈ 0.571, 0.3/0.7}; p = 0.5 is reached by the first alone
  close(samplingDistribution(LOGITS, { temperature: 1, topK: 2, topP: 0.5 }), [0, 1, 0, 0]);
});

test('temperature: T = 2 takes square roots, T → 0 approaches the argmax, T = 0 is the argmax', () => {
  const roots = P.map(Math.sqrt);
  const sum = roots.reduce((a, b) => a + b);
  close(samplingDistribution(LOGITS, { temperature: 2, topK: 0, topP: 1 }), roots.map((r) => r / sum));
  const cold = samplingDistribution(LOGITS, { temperature: 0.01, topK: 0, topP: 1 });
  assert.ok(cold[1]! > 1 - 1e-9);
  close(samplingDistribution(LOGITS, GREEDY), [0, 1, 0, 0]);
  const random = seededRandom(1);
  for (let i = 0; i < 20; i++) assert.equal(sampleToken(LOGITS, GREEDY, random), 1);
  assert.equal(sampleToken(LOGITS, { temperature: 1e-6, topK: 0, topP: 1 }, seededRandom(5)), argmax(LOGITS));
});

test('greedy uses no random number and breaks ties to the smaller id', () => {
  assert.equal(sampleToken([1, 3, 3, 0], GREEDY, () => assert.fail('greedy drew a number')), 1);
  assert.deepEqual(rankTokens([1, 3, 3, 0]), [1, 2, 0, 3]);
});

test('a draw walks the ranked cumulative sum: u picks the bucket it falls in', () => {
  const settings = { temperature: 1, topK: 0, topP: 1 };
  // ranked 1 (0.4), 3 (0.3), 2 (0.2), 0 (0.1): buckets [0, .4) [.4, .7) [.7, .9) [.9, 1)
  const at = (u: number) => sampleToken(LOGITS, settings, () => u);
  assert.deepEqual([0, 0.39, 0.41, 0.69, 0.71, 0.89, 0.91, 0.999999].map(at), [1, 1, 3, 3, 2, 2, 0, 0]);
  // with top-k 2, u = 0.99 lands in the last kept token, never in a cut one
  assert.equal(sampleToken(LOGITS, { ...settings, topK: 2 }, () => 0.99), 3);
});

test('seeded draws repeat, and their frequencies follow the distribution', () => {
  const settings = { temperature: 1, topK: 3, topP: 1 };
  const draw = (seed: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: 20000 }, () => sampleToken(LOGITS, settings, random));
  };
  const a = draw(42);
  assert.deepEqual(draw(42), a);
  assert.notDeepEqual(draw(43), a);
  const counts = [0, 0, 0, 0];
  for (const id of a) counts[id]!++;
  assert.equal(counts[0], 0, 'top-k 3 cut token 0');
  // expected 0.4/0.9, 0.2/0.9, 0.3/0.9; 20,000 draws put each within ±0.015 (about 4 standard errors)
  [0, 4 / 9, 2 / 9, 3 / 9].forEach((p, id) => assert.ok(Math.abs(counts[id]! / a.length - p) < 0.015, `token ${id}: ${counts[id]}`));
});

test('stop: an EOS id, or the token count reaching the maximum', () => {
  const rule = { eosIds: [2, 7], maxNewTokens: 3 };
  assert.equal(stopReason(5, 1, rule), undefined);
  assert.equal(stopReason(7, 1, rule), 'eos');
  assert.equal(stopReason(5, 3, rule), 'max-tokens');
  assert.equal(stopReason(2, 3, rule), 'eos');
});

test('eosIds reads one id, a list, or none from config.json', () => {
  assert.deepEqual(eosIds({ eos_token_id: 2 }), [2]);
  assert.deepEqual(eosIds({ eos_token_id: [151643, 151645] }), [151643, 151645]);
  assert.deepEqual(eosIds({}), []);
  assert.deepEqual(eosIds({ eos_token_id: null }), []);
  assert.deepEqual(eosIds(null), []);
});
