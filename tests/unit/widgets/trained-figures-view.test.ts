// The pages' views of the trained models' figures: the ALiBi chart's lines and verdicts come from
// positions.json as it is, and the "learned" table's rule for a head that stands out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import positions from '../../../kernels/families/trained-figures/positions.json' with { type: 'json' };
import type { LearnedFigures, PositionFigures } from '../../../kernels/families/trained-figures/types.ts';
import { drifts, FLAT, lengthFactors, lossSeries } from '../../../components/article/position-loss/series.ts';
import { POSITION_LOSS_STRINGS } from '../../../components/article/position-loss/strings.ts';
import { separatorStandsOut, STANDS_OUT } from '../../../components/article/learned/figures.ts';
import { learnedOf } from '../../../kernels/families/trained-figures/lookup.ts';
import { TRAINED_VARIANTS } from '../../../kernels/families/trained.ts';

const figures = positions as PositionFigures;

test('chart lines: one per model, the longest windows’ buckets at their centres', () => {
  const series = lossSeries(figures);
  assert.deepEqual(
    series.map((s) => s.id),
    figures.models.map((m) => m.id),
  );
  for (const [k, line] of series.entries()) {
    const longest = figures.models[k]!.runs.at(-1)!;
    assert.deepEqual(line.y, longest.buckets.map((b) => b.loss));
    for (const x of line.x) assert.ok(x > 0 && x < longest.length);
  }
  assert.deepEqual(lengthFactors(figures), [1, 2, 4]);
});

test('verdicts compare the longest windows with the training length, from the JSON', () => {
  for (const d of drifts(figures)) {
    const model = figures.models.find((m) => m.id === d.id)!;
    assert.equal(d.atTraining, model.runs[0]!.meanLoss);
    assert.equal(d.atLongest, model.runs.at(-1)!.meanLoss);
    assert.equal(d.change, d.atLongest - d.atTraining);
  }
  const at = (change: number) => ({ id: 'x', atTraining: 5, atLongest: 5 + change, change });
  for (const lang of ['en', 'zh'] as const) {
    const say = (change: number) => POSITION_LOSS_STRINGS[lang].drift('m', at(change), 4);
    assert.notEqual(say(FLAT / 2), say(0.5));
    assert.notEqual(say(0.5), say(-0.5));
    assert.match(say(0.5), /\+0\.50/);
    assert.match(say(-0.5), /−0\.50/);
  }
});

test('learned table: every trained model has figures; a head stands out at twice an even spread', () => {
  for (const { id } of TRAINED_VARIANTS) assert.equal(learnedOf(id).id, id);
  assert.throws(() => learnedOf('gpt2'), /learned\.json has no entry for 'gpt2'/);
  const withSeparator = (attention: number): LearnedFigures => ({
    ...learnedOf('llama'),
    separator: { layer: 0, head: 0, attention, uniform: 0.05 },
  });
  assert.equal(separatorStandsOut(withSeparator(STANDS_OUT * 0.05)), true);
  assert.equal(separatorStandsOut(withSeparator(STANDS_OUT * 0.05 - 0.001)), false);
});
