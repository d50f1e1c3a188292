// The family articles' "what the small model learned" tables (kernels/families/trained-figures/
// learned.json) against the shipped models: every model has an entry, and the figures recomputed from
// public/models/trained/ match it, so retrained weights without a rerun of scripts/train/learned.ts fail.
// training.json (how long each trained, from train.py's logs) has a run for every model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import learned from '../../../kernels/families/trained-figures/learned.json' with { type: 'json' };
import training from '../../../kernels/families/trained-figures/training.json' with { type: 'json' };
import { TRAINED_VARIANTS, TRAINED_WINDOW } from '../../../kernels/families/trained.ts';
import type { LearnedFigures, TrainingRecord } from '../../../kernels/families/trained-figures/types.ts';
import { learnedFigures } from '../../../scripts/train/learned.ts';
import { hasPreviousTokenHead } from '../../../components/article/learned/figures.ts';

const stored: readonly LearnedFigures[] = learned as LearnedFigures[];
const TOLERANCE = 2e-3;

test('learned.json has one entry per trained model', () => {
  assert.deepEqual(
    stored.map((f) => f.id),
    TRAINED_VARIANTS.map((v) => v.id),
  );
});

test('training.json has one run per trained model, and the window they trained on', () => {
  const record = training as TrainingRecord;
  assert.equal(record.window, TRAINED_WINDOW);
  assert.deepEqual(
    record.models.map((m) => m.id),
    TRAINED_VARIANTS.map((v) => v.id),
  );
  for (const run of record.models) assert.ok(run.steps > 0 && run.seconds > 0, `${run.id}: ${run.steps} steps in ${run.seconds} s`);
});

for (const { id } of TRAINED_VARIANTS) {
  test(`${id}: the shipped weights give the figures in learned.json`, async () => {
    const now = await learnedFigures(id);
    const then = stored.find((f) => f.id === id)!;
    assert.deepEqual(now.shape, then.shape, `${id}: config.json's shape is not learned.json's`);
    assert.equal(now.tokens, then.tokens);
    for (const key of ['crossEntropy', 'unigram'] as const)
      assert.ok(Math.abs(now[key] - then[key]) < TOLERANCE, `${id} ${key}: ${now[key]} vs stored ${then[key]}`);
    assert.equal(now.prefixReader === undefined, then.prefixReader === undefined, `${id}: a prefix reader in one and not the other`);
    assert.equal(now.previousTokenByPart === undefined, then.previousTokenByPart === undefined, `${id}: a split by part in one and not the other`);
    for (const part of ['prefix', 'generated'] as const) {
      const [a, b] = [now.previousTokenByPart?.[part], then.previousTokenByPart?.[part]];
      if (a !== undefined && b !== undefined) assert.ok(Math.abs(a - b) < TOLERANCE, `${id} previous token in the ${part}: ${a} vs ${b}`);
    }
    const [readerNow, readerThen] = [now.prefixReader?.onMarkers, then.prefixReader?.onMarkers];
    if (readerNow !== undefined && readerThen !== undefined)
      assert.ok(Math.abs(readerNow - readerThen) < TOLERANCE, `${id} prefix reader on [gMASK] <sop>: ${readerNow} vs ${readerThen}`);
    for (const key of ['previousToken', 'separator', 'prefixReader'] as const) {
      const [a, b] = [now[key], then[key]];
      if (a === undefined || b === undefined) continue;
      assert.deepEqual([a.layer, a.head], [b.layer, b.head], `${id}: ${key} head moved`);
      assert.ok(Math.abs(a.attention - b.attention) < TOLERANCE, `${id} ${key}: ${a.attention} vs ${b.attention}`);
    }
  });
}

// The Baichuan article (zh and en) says its model is the one trained model here without a
// previous-token head; retrained weights that change who has one must change the article too.
test('Baichuan-13B is the one trained model without a previous-token head, as its article says', () => {
  const without = stored.filter((f) => !hasPreviousTokenHead(f)).map((f) => f.id);
  assert.deepEqual(without, ['baichuan-13b']);
});
