// The SentencePiece model reader (kernels/tokenizers/sentencepiece.ts) against Google's own library:
// two small BPE models and the ids and decoded text sentencepiece gave for the mixed corpus and the
// held-out texts (tests/fixtures/sentencepiece/, made by scripts/tokenizers/sentencepiece-fixture.ts),
// and a third whose normalizer rewrites text through a character map (sentencepiece-normalizer.ts).
// Then what tokenizer_config.json adds, and the models and files that are refused with a reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';
import { fields } from '../../../kernels/tokenizers/protobuf.ts';
import { readSentencePieceModel, sentencePieceTokenizer } from '../../../kernels/tokenizers/sentencepiece.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'sentencepiece');
type Expected = { readonly made_by: string; readonly texts: string[]; readonly ids: number[][]; readonly decoded: string[] };

const modelBytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, `${name}.model`)));
const expected = (name: string): Expected => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));

for (const name of ['llama-style', 'collapse-spaces']) {
  test(`${name}: the same ids and decoded text as sentencepiece, on ${expected(name).texts.length} texts`, () => {
    const tokenizer = sentencePieceTokenizer(readSentencePieceModel(modelBytes(name)), { addBos: false, addEos: false });
    const { texts, ids, decoded, made_by } = expected(name);
    let bytePieces = 0;
    texts.forEach((text, i) => {
      const ours = tokenizer.encode(text, { addSpecialTokens: false });
      assert.deepEqual(ours, ids[i], `${made_by}: text ${i} ${JSON.stringify(text.slice(0, 40))}`);
      assert.equal(tokenizer.decode(ours), decoded[i], `text ${i} decoded`);
      bytePieces += ours.filter((id) => /^<0x[0-9A-F]{2}>$/.test(tokenizer.tokenOf(id) ?? '')).length;
    });
    assert.ok(bytePieces > 20, `${bytePieces} byte pieces: the texts reach characters outside the vocab`);
  });
}

test('a character map (NFKC rules) and user-defined pieces it would rewrite: the same ids and decoded text as sentencepiece', () => {
  const model = readSentencePieceModel(modelBytes('nfkc-user-defined'));
  assert.ok(model.normalizer.charsmap.length > 0, 'the model carries its character map');
  const tokenizer = sentencePieceTokenizer(model, { addBos: false, addEos: false });
  const { texts, ids, decoded, made_by } = expected('nfkc-user-defined');
  texts.forEach((text, i) => {
    assert.deepEqual(tokenizer.encode(text, { addSpecialTokens: false }), ids[i], `${made_by}: text ${i} ${JSON.stringify(text.slice(0, 40))}`);
    assert.equal(tokenizer.decode(ids[i]!), decoded[i], `text ${i} decoded`);
  });
  const fullwidth = texts.findIndex((t) => t.includes('ＡＢＣ'));
  assert.ok(decoded[fullwidth]!.includes('AＢＣ123'), 'Ａ and １２３ rewritten by the map, the user-defined ＢＣ kept as typed');
});

test('the model file: pieces, type and options as written', () => {
  const model = readSentencePieceModel(modelBytes('llama-style'));
  assert.equal(model.pieces.length, 2500);
  assert.deepEqual(model.pieces.slice(0, 3).map((p) => [p.piece, p.type]), [['<unk>', 'unknown'], ['<s>', 'control'], ['</s>', 'control']]);
  assert.deepEqual(model.pieces[3 + 0x41], { piece: '<0x41>', score: 0, type: 'byte' });
  assert.equal(model.modelType, 'bpe');
  assert.equal(model.byteFallback, true);
  assert.deepEqual(model.normalizer, { name: 'identity', charsmap: new Uint8Array(), addDummyPrefix: true, removeExtraWhitespaces: false, escapeWhitespaces: true });
  assert.deepEqual(readSentencePieceModel(modelBytes('collapse-spaces')).normalizer.removeExtraWhitespaces, true);
});

const folder = (files: Record<string, Uint8Array | string>) =>
  memorySource(new Map(Object.entries(files).map(([name, body]) => [name, typeof body === 'string' ? new TextEncoder().encode(body) : body])));

test('tokenizer_config.json: <s> in front unless add_bos_token is false, </s> behind when add_eos_token is true', async () => {
  const plain = (await loadTokenizer(folder({ 'tokenizer.model': modelBytes('llama-style') }))).encode('hi');
  assert.equal(plain[0], 1, 'no tokenizer_config.json: LlamaTokenizer adds <s>');
  const noBos = await loadTokenizer(folder({ 'tokenizer.model': modelBytes('llama-style'), 'tokenizer_config.json': '{"add_bos_token": false}' }));
  assert.deepEqual(noBos.encode('hi'), plain.slice(1));
  const both = await loadTokenizer(folder({ 'tokenizer.model': modelBytes('llama-style'), 'tokenizer_config.json': '{"add_eos_token": true}' }));
  assert.deepEqual(both.encode('hi'), [...plain, 2]);
  assert.deepEqual([...both.specialIds].sort(), [0, 1, 2]);
  assert.equal(both.decode(both.encode('hi'), { skipSpecialTokens: true }), 'hi');
});

test('refused with a reason: a Unigram model, a character map that does not fit, bytes that are no model', () => {
  // The fixture's pieces with another trainer block (model type, field 3) and normalizer block (character map, field 2).
  const withTrainerAndNormalizer = (modelType: number, charsmap: number[]) => {
    const pieces = [...fields(modelBytes('llama-style'))].flatMap((f) => (f.number === 1 && f.wire === 2 ? [field(1, [...f.bytes])] : []));
    return concat([...pieces, field(2, [0x18, modelType]), field(3, [0x12, ...varint(charsmap.length), ...charsmap])]);
  };
  assert.throws(
    () => sentencePieceTokenizer(readSentencePieceModel(withTrainerAndNormalizer(1, [])), { addBos: true, addEos: false }),
    /tokenizer\.model: a unigram model; this reader runs only SentencePiece's BPE models/,
  );
  assert.throws(
    () => sentencePieceTokenizer(readSentencePieceModel(withTrainerAndNormalizer(2, [0x40, 0, 0, 0, 1, 2])), { addBos: true, addEos: false }),
    /tokenizer\.model: not a readable SentencePiece model \(the character map's trie \(64 bytes\) does not fit its 6 bytes\)/,
  );
  assert.throws(() => readSentencePieceModel(new Uint8Array([0x0a, 0x05, 0x01])), /not a readable SentencePiece model \(a field of 5 bytes runs past the end/);
  assert.throws(() => readSentencePieceModel(new Uint8Array([0x10, 0x01])), /holds no pieces: not a SentencePiece model/);
});

/** Protocol Buffers' varint: seven bits a byte, low first, the top bit on all but the last. */
function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 128; n = Math.floor(n / 128)) out.push((n % 128) | 128);
  return [...out, n];
}

/** A length-delimited field `number` holding `body`. */
const field = (number: number, body: number[]) => new Uint8Array([...varint((number << 3) | 2), ...varint(body.length), ...body]);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) out.set(part, (at += part.length) - part.length);
  return out;
};
