// ChatGLM's tokenizers (kernels/tokenizers/chatglm-tokenizer.ts, chatglm-6b-tokenizer.ts) against the
// ids and texts ChatGLM's Python rules give around Google's sentencepiece library
// (tests/fixtures/chatglm/, made by scripts/tokenizers/sentencepiece-fixture.ts + chatglm_fixture.py):
// the mixed corpus and texts full of line breaks, tabs and runs of spaces, with and without the
// special tokens, decoded back. Then how a folder or a hub repository tells the three apart, and what
// is refused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { chatGlm6bTokenizer, DEFAULT_IMAGE_TOKENS } from '../../../kernels/tokenizers/chatglm-6b-tokenizer.ts';
import { chatGlmGeneration, chatGlmTokenizer } from '../../../kernels/tokenizers/chatglm-tokenizer.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';
import { fields } from '../../../kernels/tokenizers/protobuf.ts';
import { readSentencePieceModel } from '../../../kernels/tokenizers/sentencepiece.ts';
import type { Tokenizer } from '../../../kernels/tokenizers/tokenizer.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const bytesOf = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const jsonOf = <T>(path: string): T => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));

type Decodes = { decoded: string[]; decoded_special: string[] };
type Fixture = Decodes & { made_by: string; texts: string[]; ids: number[][]; ids_special: number[][] };
type Glm6b = Fixture & { odd_ids: number[][]; decoded_odd: string[] };
type Glm23 = Fixture & Record<'chatglm2' | 'chatglm3', Decodes & { turns: number[][]; decoded_turns: string[] }>;

const GLM6B = jsonOf<Glm6b>('chatglm/chatglm-6b.json');
const GLM23 = jsonOf<Glm23>('chatglm/chatglm2-3.json');
const LLAMA_STYLE = bytesOf('sentencepiece/llama-style.model');
const ICE_TEXT = bytesOf('chatglm/ice-text.model');
const ICE_TEXT_ICETK = bytesOf('chatglm/ice-text-icetk.model');

/** Every text's ids and decode, with and without the special tokens, against the fixture; `shift` is added to every fixture id. */
function assertMatches(tokenizer: Tokenizer, expected: Fixture, decodes: Decodes, shift = 0) {
  const shifted = (ids: number[]) => ids.map((id) => id + shift);
  expected.texts.forEach((text, i) => {
    const at = `${expected.made_by}: text ${i} ${JSON.stringify(text.slice(0, 40))}`;
    assert.deepEqual(tokenizer.encode(text, { addSpecialTokens: false }), shifted(expected.ids[i]!), at);
    assert.deepEqual(tokenizer.encode(text), shifted(expected.ids_special[i]!), `${at}, special tokens`);
    assert.equal(tokenizer.decode(shifted(expected.ids[i]!)), decodes.decoded[i], `${at} decoded`);
    assert.equal(tokenizer.decode(shifted(expected.ids_special[i]!)), decodes.decoded_special[i], `${at} decoded with its special tokens`);
  });
}

for (const generation of [2, 3] as const) {
  test(`ChatGLM${generation}: the ids and decodes of ChatGLM${generation}'s rules on ${GLM23.texts.length} texts, special tokens in turns included`, () => {
    const tokenizer = chatGlmTokenizer(readSentencePieceModel(LLAMA_STYLE), generation);
    const decodes = GLM23[`chatglm${generation}`];
    assertMatches(tokenizer, GLM23, decodes);
    decodes.turns.forEach((ids, i) => assert.equal(tokenizer.decode(ids), decodes.decoded_turns[i], `turn ${i}`));
    // The special tokens follow the model's 2500 pieces: [gMASK] sop in front, as released 64790 64792 after 64789 pieces.
    assert.deepEqual(tokenizer.template, { prefix: [2501, 2503], suffix: [] });
    assert.equal(tokenizer.size, 2500 + (generation === 3 ? 9 : 5));
    assert.equal(tokenizer.tokenOf(2503), 'sop');
    assert.equal(tokenizer.idOf('[gMASK]'), 2501);
    assert.equal(tokenizer.idOf('<|observation|>'), generation === 3 ? 2508 : undefined);
    assert.throws(() => tokenizer.decode([tokenizer.size]), new RegExp(`id ${tokenizer.size} is not a token`));
  });
}

test('ChatGLM2/3: "<s>" typed in the text is characters, not the control piece, and decodes back as typed', () => {
  const tokenizer = chatGlmTokenizer(readSentencePieceModel(LLAMA_STYLE), 3);
  const i = GLM23.texts.findIndex((t) => t.startsWith('Special-looking'));
  assert.ok(!GLM23.ids[i]!.includes(1) && !GLM23.ids[i]!.includes(2), 'no <s> or </s> id among the text’s ids');
  assert.equal(tokenizer.decode(tokenizer.encode(GLM23.texts[i]!, { addSpecialTokens: false })), GLM23.texts[i]);
  assert.equal(tokenizer.decode(GLM23.ids_special[i]!, { skipSpecialTokens: true }), GLM23.texts[i]);
});

test('ChatGLM2 or 3: told apart by tokenizer_config.json’s name_or_path, the only difference between the released files', () => {
  assert.equal(chatGlmGeneration('THUDM/chatglm2-6b'), 2);
  assert.equal(chatGlmGeneration('THUDM/chatglm2-6b-32k'), 2);
  assert.equal(chatGlmGeneration('THUDM/chatglm3-6b'), 3);
  assert.equal(chatGlmGeneration('./my-finetune'), 3, 'unnamed: ChatGLM3, whose special tokens include all of ChatGLM2’s');
});

test(`ChatGLM-6B: <n>, <|tab|>, <|blank_N|>, ids and decodes of its rules on ${GLM6B.texts.length} texts (num_image_tokens 0)`, () => {
  const tokenizer = chatGlm6bTokenizer(readSentencePieceModel(ICE_TEXT), 0);
  assertMatches(tokenizer, GLM6B, GLM6B);
  GLM6B.odd_ids.forEach((ids, i) => assert.equal(tokenizer.decode(ids), GLM6B.decoded_odd[i], `<unk>, <eop> and <pad> among the ids of text ${i}`));
  const pieces = (text: string) => tokenizer.encode(text, { addSpecialTokens: false }).map((id) => tokenizer.tokenOf(id));
  assert.deepEqual(pieces('a\tb'), ['▁a', '<|tab|>', 'b']);
  assert.ok(pieces(`x${' '.repeat(83)}y`).includes('<|blank_80|>') && pieces(`x${' '.repeat(83)}y`).includes('<|blank_3|>'));
  assert.deepEqual(tokenizer.template.prefix, [], 'a prefix LM: nothing in front');
  assert.deepEqual(tokenizer.template.suffix.map((id) => tokenizer.tokenOf(id)), ['[gMASK]', '<sop>']);
});

test('ChatGLM-6B: num_image_tokens shifts every id; the first release’s file gets its pieces appended as its Python did', () => {
  const shifted = chatGlm6bTokenizer(readSentencePieceModel(ICE_TEXT), DEFAULT_IMAGE_TOKENS);
  assertMatches(shifted, GLM6B, GLM6B, DEFAULT_IMAGE_TOKENS);
  assert.equal(shifted.tokenOf(7), '<image_7>');
  assert.equal(shifted.idOf('<image_7>'), 7);
  assert.equal(shifted.decode([7, ...shifted.encode('hi', { addSpecialTokens: false })]), '<image_7> hi');
  const icetk = readSentencePieceModel(ICE_TEXT_ICETK);
  assert.ok(!icetk.pieces.some((p) => p.piece === '[gMASK]') && !icetk.byteFallback, 'the fixture holds the file as trained, without the pieces');
  assertMatches(chatGlm6bTokenizer(icetk, DEFAULT_IMAGE_TOKENS), GLM6B, GLM6B, DEFAULT_IMAGE_TOKENS);
});

const folder = (files: Record<string, Uint8Array | string>) =>
  memorySource(new Map(Object.entries(files).map(([name, body]) => [name, typeof body === 'string' ? new TextEncoder().encode(body) : body])));
const config = (o: object) => JSON.stringify({ tokenizer_class: 'ChatGLMTokenizer', ...o });

test('a folder: ice_text.model → ChatGLM-6B (its offset from tokenizer_config.json), tokenizer.model + ChatGLMTokenizer → ChatGLM2 or 3', async () => {
  const i = GLM6B.texts.findIndex((t) => t.startsWith('def f(x)'));
  const slim = await loadTokenizer(folder({ 'ice_text.model': ICE_TEXT, 'tokenizer_config.json': config({ num_image_tokens: 0 }) }));
  assert.deepEqual(slim.encode(GLM6B.texts[i]!), GLM6B.ids_special[i]);
  const first = await loadTokenizer(folder({ 'ice_text.model': ICE_TEXT_ICETK }));
  assert.deepEqual(first.encode(GLM6B.texts[i]!), GLM6B.ids_special[i]!.map((id) => id + DEFAULT_IMAGE_TOKENS), 'no tokenizer_config.json: the Python’s 20000');

  const glm2 = await loadTokenizer(folder({ 'tokenizer.model': LLAMA_STYLE, 'tokenizer_config.json': config({ name_or_path: 'THUDM/chatglm2-6b' }) }));
  const glm3 = await loadTokenizer(folder({ 'tokenizer.model': LLAMA_STYLE, 'tokenizer_config.json': config({ name_or_path: 'THUDM/chatglm3-6b' }) }));
  assert.equal(glm2.size, 2505);
  assert.equal(glm3.size, 2509);
  assert.deepEqual(glm3.encode(GLM23.texts[0]!), GLM23.ids_special[0]);
  assert.equal(glm2.decode(GLM23.chatglm2.turns[0]!), GLM23.chatglm2.decoded_turns[0]);
  assert.equal(glm3.decode(GLM23.chatglm3.turns[0]!), GLM23.chatglm3.decoded_turns[0]);
});

test('refused with a reason: another ChatGLM tokenizer class, a text rewrite no release sets, a bad offset, a Unigram model', async () => {
  await assert.rejects(
    loadTokenizer(folder({ 'tokenizer.model': 'c2VjcmV0 0\n', 'tokenizer_config.json': '{"tokenizer_class": "ChatGLM4Tokenizer"}' })),
    /tokenizer\.model: ChatGLM4Tokenizer is not ChatGLM-6B's, ChatGLM2's or ChatGLM3's ChatGLMTokenizer, whose rules this reader knows/,
  );
  await assert.rejects(
    loadTokenizer(folder({ 'ice_text.model': ICE_TEXT, 'tokenizer_config.json': config({ do_lower_case: true }) })),
    /ice_text\.model: tokenizer_config\.json sets do_lower_case, which no ChatGLM-6B release does and this reader does not apply/,
  );
  await assert.rejects(
    loadTokenizer(folder({ 'ice_text.model': ICE_TEXT, 'tokenizer_config.json': config({ num_image_tokens: -1 }) })),
    /num_image_tokens must be a whole number ≥ 0, got -1/,
  );
  // The fixture's pieces with a trainer block saying Unigram (model type 1, field 3 of field 2).
  const unigram = new Uint8Array([...[...fields(ICE_TEXT)].flatMap((f) => (f.number === 1 && f.wire === 2 ? [0x0a, ...varint(f.bytes.length), ...f.bytes] : [])), 0x12, 0x02, 0x18, 0x01]);
  await assert.rejects(loadTokenizer(folder({ 'ice_text.model': unigram })), /ice_text\.model: a unigram model; this reader runs only SentencePiece's BPE models/);
  await assert.rejects(
    loadTokenizer(folder({ 'tokenizer.model': unigram, 'tokenizer_config.json': config({ name_or_path: 'THUDM/chatglm2-6b' }) })),
    /tokenizer\.model: a unigram model/,
  );
});

/** Protocol Buffers' varint: seven bits a byte, low first, the top bit on all but the last. */
function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 128; n = Math.floor(n / 128)) out.push((n % 128) | 128);
  return [...out, n];
}
