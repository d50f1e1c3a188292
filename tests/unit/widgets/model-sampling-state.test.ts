// The model panel's sampling state: links parse, clamp with notes, and round-trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SAMPLING,
  fitSampling,
  parseSampling,
  SAMPLING_PARAMS,
  serializeSampling,
  type SamplingNote,
} from '../../../components/widgets/model/sampling-state.ts';

const parse = (search: string) => {
  const notes: SamplingNote[] = [];
  return { sampling: parseSampling(new URLSearchParams(search), DEFAULT_SAMPLING, notes), notes };
};

test('absent parameters keep the defaults, with no note', () => {
  assert.deepEqual(parse(''), { sampling: DEFAULT_SAMPLING, notes: [] });
});

test('a link sets every control and round-trips', () => {
  const asked = { temperature: 0.8, topK: 40, topP: 0.9, seed: 7, maxNew: 12 };
  const search = new URLSearchParams(serializeSampling(asked)).toString();
  assert.match(search, /model-temperature=0\.8/);
  assert.deepEqual(parse(search), { sampling: asked, notes: [] });
});

test('out-of-range values are clamped and noted; malformed ones keep the default and are noted', () => {
  const { sampling, notes } = parse('model-temperature=5&model-top-k=-3&model-top-p=0&model-new=999&model-seed=abc');
  assert.deepEqual(sampling, { temperature: 2, topK: 0, topP: 0.05, seed: DEFAULT_SAMPLING.seed, maxNew: 64 });
  assert.deepEqual(
    notes.map((n) => (n.kind === 'sampling-clamped' ? `${n.param}:${n.asked}→${n.used}` : `${n.kind}:${n.param}`)),
    ['not-a-number:model-seed', 'model-temperature:5→2', 'model-top-k:-3→0', 'model-top-p:0→0.05', 'model-new:999→64'],
  );
});

test('fitSampling rounds whole numbers, turns an empty field (NaN) into the low end, and leaves valid values alone', () => {
  const { sampling, notes } = fitSampling({ temperature: Number.NaN, topK: 2.6, topP: 0.5, seed: 3, maxNew: 8 });
  assert.deepEqual(sampling, { temperature: 0, topK: 3, topP: 0.5, seed: 3, maxNew: 8 });
  assert.deepEqual(notes.map((n) => n.kind === 'sampling-clamped' && n.param), [SAMPLING_PARAMS.temperature, SAMPLING_PARAMS.topK]);
  assert.deepEqual(fitSampling(DEFAULT_SAMPLING), { sampling: DEFAULT_SAMPLING, notes: [] });
});
