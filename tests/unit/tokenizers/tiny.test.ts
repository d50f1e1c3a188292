// The tokenizer.json of every tiny replica: it loads through loadTokenizer, fits the replica's
// embedding rows, puts the family's special tokens at the ids its config names, round-trips Chinese
// and English text, applies its merges in rank order (checked against GPT-2's own bpe loop), and
// adds the special tokens the family's own tokenizer adds to a prompt.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { memorySource } from '../../../kernels/checkpoint/source.ts';
import { detectModel } from '../../../kernels/families/detect.ts';
import { TINY_REPLICAS, tinyReplica, type ReplicaName } from '../../../kernels/families/tiny/replica.ts';
import { toByteChars } from '../../../kernels/tokenizers/byte-level.ts';
import { loadTokenizer } from '../../../kernels/tokenizers/load.ts';

const load = (name: ReplicaName) => loadTokenizer(memorySource(tinyReplica(name).files));

type TokenizerJson = {
  model: { vocab: Record<string, number>; merges: (string | [string, string])[]; byte_fallback: boolean };
  normalizer: { type: string } | null;
};
const json = (name: ReplicaName): TokenizerJson =>
  JSON.parse(new TextDecoder().decode(tinyReplica(name).files.get('tokenizer.json'))) as TokenizerJson;

test('every replica ships a tokenizer.json whose ids fit its embedding rows', async () => {
  for (const name of TINY_REPLICAS) {
    const tokenizer = await load(name);
    const spec = detectModel(tinyReplica(name).config);
    assert.ok(tokenizer.size <= spec.vocabSize, `${name}: ${tokenizer.size} tokens for ${spec.vocabSize} rows`);
    const ids = Object.values(json(name).model.vocab);
    assert.equal(new Set(ids).size, ids.length, `${name}: an id is used twice`);
    assert.ok(json(name).model.merges.length >= 10, `${name}: merges were learned`);
  }
});

test('special tokens sit at the ids the configs name, and are encoded whole', async () => {
  const glm = await load('chatglm-6b');
  const config = tinyReplica('chatglm-6b').config;
  for (const [token, key] of [
    ['[MASK]', 'mask_token_id'],
    ['[gMASK]', 'gmask_token_id'],
    ['<sop>', 'bos_token_id'],
    ['<eop>', 'eos_token_id'],
    ['<pad>', 'pad_token_id'],
  ] as const) {
    assert.equal(glm.idOf(token), config[key], token);
  }
  const ids = glm.encode('你好 hello[gMASK]<sop>', { addSpecialTokens: false });
  assert.deepEqual(ids.slice(-2), [config['gmask_token_id'], config['bos_token_id']]);
  assert.equal(glm.decode(ids), '你好 hello[gMASK]<sop>');
  assert.ok(glm.specialIds.has(glm.idOf('[gMASK]')!));

  const qwen2 = await load('qwen2');
  assert.equal(qwen2.idOf('<|endoftext|>'), tinyReplica('qwen2').config['bos_token_id']);
  assert.equal(qwen2.idOf('<|im_end|>'), tinyReplica('qwen2').config['eos_token_id']);
  assert.deepEqual(qwen2.encode('<|im_start|>hi<|im_end|>').slice(-1), [qwen2.idOf('<|im_end|>')]);

  const glm2 = await load('chatglm2-6b');
  assert.deepEqual(
    ['[MASK]', '[gMASK]', '[sMASK]', 'sop', 'eop'].map((t) => glm2.idOf(t)),
    [251, 252, 253, 254, 255],
  );
  assert.equal((await load('llama')).idOf('<s>'), tinyReplica('llama').config['bos_token_id']);
});

test('each replica adds the special tokens its family’s tokenizer adds: <s> text, text [gMASK] <sop>, [gMASK] sop text', async () => {
  const expected: Record<ReplicaName, { prefix: string[]; suffix: string[] }> = {
    llama: { prefix: ['<s>'], suffix: [] },
    'llama2-gqa': { prefix: ['<s>'], suffix: [] },
    'chatglm-6b': { prefix: [], suffix: ['[gMASK]', '<sop>'] },
    'chatglm2-6b': { prefix: ['[gMASK]', 'sop'], suffix: [] },
    'baichuan-7b': { prefix: [], suffix: [] },
    'baichuan2-7b': { prefix: [], suffix: [] },
    'baichuan-13b': { prefix: [], suffix: [] },
    'baichuan2-13b': { prefix: [], suffix: [] },
    qwen: { prefix: [], suffix: [] },
    qwen2: { prefix: [], suffix: [] },
  };
  for (const name of TINY_REPLICAS) {
    const tokenizer = await load(name);
    const names = (ids: readonly number[]) => ids.map((id) => tokenizer.tokenOf(id));
    assert.deepEqual(
      { prefix: names(tokenizer.template.prefix), suffix: names(tokenizer.template.suffix) },
      expected[name],
      name,
    );
    const plain = tokenizer.encode('模型 reads', { addSpecialTokens: false });
    assert.deepEqual(
      tokenizer.encode('模型 reads'),
      [...tokenizer.template.prefix, ...plain, ...tokenizer.template.suffix],
      name,
    );
  }
  const config = tinyReplica('chatglm-6b').config;
  assert.deepEqual((await load('chatglm-6b')).template.suffix, [config['gmask_token_id'], config['bos_token_id']]);
});

/** Text a reader might type: English, Chinese, accents, emoji, punctuation, newlines; not starting with a space. */
const text = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0x4e00, max: 0x9fff }),
      fc.constantFrom(0x0a, 0xe9, 0xfc, 0x3002, 0xff0c, 0x1f600),
    ),
    { minLength: 1, maxLength: 40 },
  )
  .map((codes) => String.fromCodePoint(...codes))
  .filter((s) => !s.startsWith(' '));

test('Chinese and English text round-trips through encode and decode on every replica', async () => {
  for (const name of TINY_REPLICAS) {
    const tokenizer = await load(name);
    for (const sample of ['The model reads the prompt and predicts the next token.', '模型读取提示，然后预测下一个词元。']) {
      const ids = tokenizer.encode(sample, { addSpecialTokens: false });
      assert.equal(tokenizer.decode(ids), sample, name);
      assert.equal(tokenizer.decode(tokenizer.encode(sample), { skipSpecialTokens: true }), sample, name);
      assert.ok(ids.length < new TextEncoder().encode(sample).length, `${name}: fewer tokens than bytes for "${sample}"`);
    }
    fc.assert(
      fc.property(text, (s) => {
        assert.equal(tokenizer.decode(tokenizer.encode(s, { addSpecialTokens: false })), s.normalize('NFC'));
      }),
      { numRuns: 60 },
    );
  }
});

/** GPT-2's `bpe()`: repeatedly merge every occurrence of the best-ranked pair present, left to right. */
function gpt2Bpe(symbols: string[], rank: ReadonlyMap<string, number>): string[] {
  let word = symbols;
  for (;;) {
    let best: [string, string] | undefined;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < word.length; i++) {
      const r = rank.get(`${word[i]} ${word[i + 1]}`);
      if (r !== undefined && r < bestRank) [best, bestRank] = [[word[i]!, word[i + 1]!], r];
    }
    if (best === undefined) return word;
    const merged: string[] = [];
    for (let i = 0; i < word.length; i++) {
      if (word[i] === best[0] && word[i + 1] === best[1]) (merged.push(best[0] + best[1]), i++);
      else merged.push(word[i]!);
    }
    word = merged;
  }
}

test('merges apply in rank order: one word encodes as GPT-2’s bpe loop over the same merge list', async () => {
  // Letters the merges are made of, so that competing merges ("r e" before "e r") meet often.
  const letters = fc.array(fc.constantFrom(...'theroinspaT位置'), { minLength: 1, maxLength: 16 }).map((chars) => chars.join(''));
  for (const name of ['llama', 'chatglm-6b', 'qwen', 'qwen2'] as const) {
    const tokenizer = await load(name);
    const { model } = json(name);
    const rank = new Map(model.merges.map((m, i) => [typeof m === 'string' ? m : m.join(' '), i]));
    const hex = (b: number) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;
    // How the word looks to BPE: SentencePiece style '▁' + characters (bytes if absent); byte-level stand-ins.
    const spell = (word: string): string[] =>
      model.byte_fallback
        ? [...`▁${word}`].flatMap((c) => (c in model.vocab ? [c] : [...new TextEncoder().encode(c)].map(hex)))
        : [...toByteChars(word)];
    fc.assert(
      fc.property(letters, (word) => {
        const got = tokenizer.encode(word, { addSpecialTokens: false }).map((id) => tokenizer.tokenOf(id));
        assert.deepEqual(got, gpt2Bpe(spell(word), rank), `${name}: ${word}`);
      }),
      { numRuns: 200 },
    );
  }
});
