// The untrained side of the switch: each trained model's own config and tokenizer with random
// weights, so the comparison changes the weights and nothing else.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCheckpoint } from '../../../kernels/checkpoint/load.ts';
import { folderSource } from '../../../kernels/checkpoint/node-folder.ts';
import { TRAINED_VARIANTS, trainedPath } from '../../../kernels/families/trained.ts';
import { untrainedTwin } from '../../../kernels/families/untrained.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';

const PUBLIC = join(import.meta.dirname, '..', '..', '..', 'public');

for (const variant of TRAINED_VARIANTS) {
  test(`${variant.id}: the untrained twin has the trained config, tokens and tensor shapes, and other weights`, async () => {
    const folder = folderSource(join(PUBLIC, trainedPath(variant.id)));
    const twin = await untrainedTwin(variant, folder);
    const [trained, random] = await Promise.all([loadCheckpoint(folder), loadCheckpoint(twin)]);
    assert.deepEqual(random.config, trained.config);

    const text = '白日依山盡，黃河入海流。 The model reads the prompt.';
    const [ours, theirs] = await Promise.all([loadTokenizer(twin), loadTokenizer(folder)]);
    assert.deepEqual(ours.encode(text), theirs.encode(text));

    assert.deepEqual(random.tensors.names().sort(), trained.tensors.names().sort());
    let differing = 0;
    for (const name of trained.tensors.names()) {
      const [a, b] = [trained.tensors.get(name), random.tensors.get(name)];
      assert.deepEqual(b.shape, a.shape, name);
      if (a.data.some((x, i) => x !== b.data[i])) differing += 1;
    }
    // Only the format's fixed buffers (ChatGLM's persisted inv_freq) may agree.
    const buffers = trained.tensors.names().filter((n) => n.endsWith('inv_freq')).length;
    assert.equal(differing, trained.tensors.names().length - buffers);
  });
}
