// The one tokenizer the trained models share: loads through kernels/tokenizers, a Chinese character
// seen in training is one token (93% of the characters of the held-out poems), and decoding gives the text back.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { folderSource } from '../../../kernels/checkpoint/node-folder.ts';
import { TRAINED_VARIANTS, trainedPath } from '../../../kernels/families/trained.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';
import { heldOutDocuments } from '../../../scripts/train/quality.ts';

const PUBLIC = join(import.meta.dirname, '..', '..', '..', 'public');

test('a Chinese character in the vocabulary is one token, others are their 3 UTF-8 bytes; text round-trips', async () => {
  const tokenizer = await loadTokenizer(folderSource(join(PUBLIC, trainedPath('llama'))));
  const poems = heldOutDocuments().filter((d) => /^\p{Script=Han}/u.test(d));
  assert.ok(poems.length >= 20);
  let known = 0;
  let chars = 0;
  for (const poem of poems) {
    for (const line of poem.split('\n')) {
      const ids = tokenizer.encode(line, { addSpecialTokens: false });
      const inVocab = [...line].filter((ch) => tokenizer.idOf(ch) !== undefined).length;
      // the first word of a text carries the Metaspace '▁' as one token of its own
      assert.equal(ids.length, 1 + inVocab + 3 * ([...line].length - inVocab), line);
      known += inVocab;
      chars += [...line].length;
    }
  }
  assert.ok(known / chars > 0.9, `${known}/${chars} held-out poem characters are single tokens`);
  for (const doc of heldOutDocuments()) {
    assert.equal(tokenizer.decode(tokenizer.encode(doc, { addSpecialTokens: false })), doc);
  }
});

test('every variant has the same vocabulary; only the special tokens around a text differ', async () => {
  const tokenizers = await Promise.all(TRAINED_VARIANTS.map(({ id }) => loadTokenizer(folderSource(join(PUBLIC, trainedPath(id))))));
  const text = '白日依山盡，黃河入海流。 The model reads the prompt.';
  const plain = tokenizers.map((t) => t.encode(text, { addSpecialTokens: false }));
  for (const ids of plain) assert.deepEqual(ids, plain[0]);
  const withTemplate = Object.fromEntries(TRAINED_VARIANTS.map(({ id }, i) => [id, tokenizers[i]!.encode(text)]));
  assert.deepEqual(withTemplate['llama'], [1, ...plain[0]!]);
  assert.deepEqual(withTemplate['chatglm2'], [5, 6, ...plain[0]!]);
  assert.deepEqual(withTemplate['chatglm-6b'], [...plain[0]!, 5, 6]);
});
