// The ALiBi article's chart data (kernels/families/trained-figures/positions.json) against the shipped
// models: points recomputed from public/models/trained/ must match, so retrained weights without a
// rerun of scripts/train/positions.ts fail here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import figures from '../../../kernels/families/trained-figures/positions.json' with { type: 'json' };
import { TRAINED_WINDOW } from '../../../kernels/families/trained.ts';
import type { PositionFigures } from '../../../kernels/families/trained-figures/types.ts';
import { LENGTH_FACTORS, lossByPosition, POSITION_MODELS } from '../../../scripts/train/positions.ts';
import { openTrained } from '../../../scripts/train/quality.ts';

const data: PositionFigures = figures as PositionFigures;
/** The JSON keeps 4 decimals; ORT's float32 sums may differ in the last place between machines. */
const TOLERANCE = 2e-3;

test('positions.json covers every compared model at 1×, 2× and 4× the training length', () => {
  assert.equal(data.trainingLength, TRAINED_WINDOW);
  assert.deepEqual(
    data.models.map((m) => m.id),
    POSITION_MODELS.map((m) => m.id),
  );
  for (const model of data.models)
    assert.deepEqual(
      model.runs.map((r) => r.length),
      LENGTH_FACTORS.map((f) => f * TRAINED_WINDOW),
    );
});

for (const [id, factor] of [
  ['baichuan-13b', 4],
  ['llama', 4],
  ['qwen', 2],
] as const) {
  test(`${id} at ${factor}× the training length: the shipped weights give the JSON's losses`, async () => {
    const run = await lossByPosition(await openTrained(id), factor * TRAINED_WINDOW);
    const stored = data.models.find((m) => m.id === id)!.runs.find((r) => r.length === run.length)!;
    assert.equal(run.windows, stored.windows);
    assert.ok(Math.abs(run.meanLoss - stored.meanLoss) < TOLERANCE, `${id}: mean ${run.meanLoss} vs stored ${stored.meanLoss}`);
    assert.equal(run.buckets.length, stored.buckets.length);
    run.buckets.forEach((bucket, b) => {
      const want = stored.buckets[b]!;
      assert.equal(bucket.from, want.from);
      assert.ok(Math.abs(bucket.loss - want.loss) < TOLERANCE, `${id} positions ${bucket.from}–${bucket.to - 1}: ${bucket.loss} vs stored ${want.loss}`);
    });
  });
}
