// The shipped trained models learned something: measured on the held-out text (never trained on)
// through the site's runtime. Figures and thresholds are discussed in scripts/train/README.md.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HELDOUT_PATH, TRAINED_VARIANTS, trainedPath } from '../../../kernels/families/trained.ts';
import { continuePoems, measure, openTrained } from '../../../scripts/train/quality.ts';

const PUBLIC = join(import.meta.dirname, '..', '..', '..', 'public');
const MB = 1024 * 1024;

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

for (const variant of TRAINED_VARIANTS) {
  test(`${variant.id}: held-out loss well below unigram, a previous-token head, poem lines keep their shape`, async () => {
    const model = await openTrained(variant.id);
    const figures = await measure(model);
    // "Clearly below": at least 25% fewer nats per token than the best unigram model of the same tokens.
    assert.ok(
      figures.crossEntropy < 0.75 * figures.unigram,
      `${variant.id}: cross-entropy ${figures.crossEntropy.toFixed(3)} vs unigram ${figures.unigram.toFixed(3)} nats`,
    );
    const { layer, head } = variant.previousTokenHead;
    const named = figures.previousToken[layer]![head]!;
    assert.ok(named >= 0.5, `${variant.id}: layer ${layer} head ${head} attends ${named.toFixed(3)} to the previous token`);
    const strongest = Math.max(...figures.previousToken.flat());
    assert.equal(named, strongest, `${variant.id}: the named head is the strongest previous-token head`);

    const poems = await continuePoems(model);
    const kept = poems.filter((p) => p.keepsShape).length;
    assert.ok(poems.length >= 20, `${poems.length} held-out poems`);
    assert.ok(
      kept >= 0.8 * poems.length,
      `${variant.id}: ${kept}/${poems.length} continuations keep the line shape, e.g. ${poems
        .filter((p) => !p.keepsShape)
        .slice(0, 3)
        .map((p) => `${p.prompt} → ${p.generated}`)
        .join('; ')}`,
    );
  });
}
