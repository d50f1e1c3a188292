// The shipped trained models measured on the held-out text (never trained on) through the site's
// runtime. Figures and what is still missing: scripts/train/README.md.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HELDOUT_PATH, TRAINED_VARIANTS, trainedPath } from '../../../kernels/families/trained.ts';
import { alibiSlopes } from '../../../kernels/ops/alibi/slopes.ts';
import { previousShareFromSlope } from '../../../scripts/train/alibi-share.ts';
import { continuePoems, heldOutDocuments, keptByHalfLength, measure, openTrained, sequenceOf, type Continuation, type Figures } from '../../../scripts/train/quality.ts';

const PUBLIC = join(import.meta.dirname, '..', '..', '..', 'public');
const MB = 1024 * 1024;
/** How far from ALiBi's own share a head may sit and still be "where ALiBi started it" (scripts/train/README.md: no Baichuan run moved one further). */
const ALIBI_START_TOLERANCE = 0.03;
/** The models without a previous-token head yet, and why (scripts/train/README.md, "What is left", has the runs that tried). */
const NO_PREVIOUS_TOKEN_HEAD: Readonly<Record<string, string>> = {
  'baichuan-13b': "Baichuan-13B: 0.19, ALiBi's own start (0.189; scripts/train/alibi-cap.ts); no head built by hand on its token vectors reaches 0.5 with 4 heads (scripts/train/alibi_by_hand.py), and a head fixed to look one token back does not lower its held-out loss (scripts/train/fixed_head.py)",
};

test('each trained model is at most 4 MB and all of them with the held-out text at most 24 MB', () => {
  let total = statSync(join(PUBLIC, HELDOUT_PATH)).size;
  for (const { id } of TRAINED_VARIANTS) {
    for (const file of ['config.json', 'model.safetensors', 'tokenizer.json']) {
      const size = statSync(join(PUBLIC, trainedPath(id), file)).size;
      total += size;
      if (file === 'model.safetensors') assert.ok(size <= 4 * MB, `${id}: ${size} bytes`);
    }
  }
  assert.ok(total <= 24 * MB, `${total} bytes in all`);
});

for (const { id } of TRAINED_VARIANTS) {
  let measured: Promise<{ figures: Figures; poems: Continuation[] }> | undefined;
  const results = () =>
    (measured ??= openTrained(id).then(async (model) => ({ figures: await measure(model), poems: await continuePoems(model) })));

  test(`${id}: held-out cross-entropy clearly below the best unigram model of the same tokens`, async () => {
    const { figures } = await results();
    // at least 10% fewer nats per token than the unigram distribution fitted to the held-out tokens themselves
    assert.ok(
      figures.crossEntropy < 0.9 * figures.unigram,
      `${id}: cross-entropy ${figures.crossEntropy.toFixed(3)} vs unigram ${figures.unigram.toFixed(3)} nats`,
    );
  });

  test(`${id}: a previous-token head (mean attention to i−1 ≥ 0.5)`, { todo: NO_PREVIOUS_TOKEN_HEAD[id] ?? false }, async () => {
    const { figures } = await results();
    const strongest = Math.max(...figures.previousToken.flat());
    assert.ok(strongest >= 0.5, `${id}: the strongest head gives ${strongest.toFixed(3)} to the previous token`);
  });

  if (id in NO_PREVIOUS_TOKEN_HEAD) {
    // What the Baichuan article says of its trained model: training left the heads where ALiBi
    // started them. A retrain that moves one fails here, and the article needs saying again.
    test(`${id}: its strongest head on i−1 sits where its steepest ALiBi slope alone puts it`, async () => {
      const model = await openTrained(id);
      const lengths = heldOutDocuments().map((text) => sequenceOf(model, text).ids.length);
      const start = previousShareFromSlope(lengths, Math.max(...alibiSlopes(model.runner.spec.numHeads))).withSelf;
      const strongest = Math.max(...(await results()).figures.previousToken.flat());
      assert.ok(Math.abs(strongest - start) <= ALIBI_START_TOLERANCE, `${id}: strongest head ${strongest.toFixed(3)}, ALiBi alone ${start.toFixed(3)}`);
    });
  }

  test(`${id}: greedy continuation of held-out seven-character poems keeps their line shape`, async () => {
    const [, seven] = keptByHalfLength((await results()).poems);
    assert.ok(seven!.total >= 20, `${seven!.total} held-out seven-character poems`);
    assert.ok(seven!.kept >= 0.8 * seven!.total, `${id}: ${seven!.kept}/${seven!.total} seven-character lines keep their shape`);
  });

  test(`${id}: greedy continuation keeps the line shape of five- and seven-character poems alike`, async () => {
    const groups = keptByHalfLength((await results()).poems);
    assert.ok(groups[0]!.total >= 10, `${groups[0]!.total} held-out five-character poems`);
    for (const { half, kept, total } of groups) {
      assert.ok(kept >= (2 / 3) * total, `${id}: ${kept}/${total} ${half}-character lines keep their shape`);
    }
  });
}
