// Token chips show text, not byte symbols: the bytes of each token, and the groups of tokens that
// together spell whole characters (grapheme clusters), on hand-cut bytes and on the shipped
// vocabularies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  byteSchemeOf,
  endsOnCharacter,
  GRAPHEMES,
  graphemeStarts,
  groupTokens,
  hexBytes,
  tokenByteReader,
  tokenBytes,
  type TokenGroup,
  type TokenPiece,
} from '../../../kernels/tokenizers/token-bytes.ts';
import { toByteChars } from '../../../kernels/tokenizers/byte-level.ts';
import { shippedTokenizer, type ShippedTokenizer } from '../../../kernels/tokenizers/shipped.ts';
import { SHIPPED_VOCAB_IDS, SHIPPED_VOCABULARIES, type ShippedVocabId } from '../../../kernels/tokenizers/vocabularies.ts';
import { shippedTokenizerJson } from '../../../site/tokenizer-files.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

test('tokenBytes: byte-level stand-ins, SentencePiece pieces with ▁, <0xNN> byte tokens, added tokens', () => {
  assert.deepEqual(tokenBytes('æĪĳ', 'byte-level'), bytes('我'));
  assert.deepEqual(tokenBytes('ä½łå¥½', 'byte-level'), Uint8Array.of(0xe4, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd));
  assert.deepEqual(tokenBytes('Ġthe', 'byte-level'), bytes(' the'));
  assert.deepEqual(tokenBytes('<|im_end|>', 'byte-level'), bytes('<|im_end|>'));
  assert.deepEqual(tokenBytes('<0xE6>', 'byte-level'), bytes('<0xE6>'), 'a byte-level vocabulary has no byte tokens: it is text');
  assert.deepEqual(tokenBytes('▁the', 'sentencepiece'), bytes(' the'));
  assert.deepEqual(tokenBytes('<0xE6>', 'sentencepiece'), Uint8Array.of(0xe6));
  assert.deepEqual(tokenBytes('é', 'sentencepiece'), bytes('é'), 'SentencePiece text is UTF-8, not stand-ins');
  assert.equal(hexBytes(tokenBytes('你', 'sentencepiece')), 'E4 BD A0');
});

test("tokenBytes: ChatGLM-6B's whitespace pieces stand for their whitespace, other pieces as SentencePiece's", () => {
  assert.deepEqual(tokenBytes('<n>', 'chatglm-6b'), bytes('\n'));
  assert.deepEqual(tokenBytes('<|tab|>', 'chatglm-6b'), bytes('\t'));
  assert.deepEqual(tokenBytes('<|blank_3|>', 'chatglm-6b'), bytes('   '));
  assert.deepEqual(tokenBytes('<|blank_81|>', 'chatglm-6b'), bytes('<|blank_81|>'), 'no such piece: its own text');
  assert.deepEqual(tokenBytes('▁你', 'chatglm-6b'), bytes(' 你'));
  assert.deepEqual(tokenBytes('<0xE6>', 'chatglm-6b'), Uint8Array.of(0xe6));
  assert.deepEqual(tokenBytes('<n>', 'sentencepiece'), bytes('<n>'), 'only ChatGLM-6B writes <n> for a line break');
});

test('tokenByteReader: tokenBytes, worked out once per token', () => {
  const read = tokenByteReader('sentencepiece');
  assert.deepEqual(read('▁the'), tokenBytes('▁the', 'sentencepiece'));
  assert.equal(read('<0xE6>'), read('<0xE6>'), 'the same array the second time');
  assert.deepEqual(tokenByteReader('byte-level')('æĪĳ'), bytes('我'));
});

test('byteSchemeOf reads the decoder, also inside a Sequence', () => {
  assert.equal(byteSchemeOf({ type: 'ByteLevel' }), 'byte-level');
  assert.equal(byteSchemeOf({ type: 'Sequence', decoders: [{ type: 'Replace' }, { type: 'ByteLevel' }] }), 'byte-level');
  assert.equal(byteSchemeOf({ type: 'Sequence', decoders: [{ type: 'Replace' }, { type: 'ByteFallback' }] }), 'sentencepiece');
  assert.equal(byteSchemeOf(null), 'sentencepiece');
});

test('endsOnCharacter: inside a 2-, 3- or 4-byte sequence or at its end', () => {
  assert.equal(endsOnCharacter([...bytes('a')]), true);
  assert.equal(endsOnCharacter([0xe6]), false);
  assert.equal(endsOnCharacter([0xe6, 0x88]), false);
  assert.equal(endsOnCharacter([...bytes('我')]), true);
  assert.equal(endsOnCharacter([...bytes('👍')].slice(0, 3)), false);
  assert.equal(endsOnCharacter([0x88]), true, 'a stray continuation byte cannot be completed');
  assert.equal(endsOnCharacter([0xf8]), true, 'nor can a byte that starts no UTF-8 sequence');
  assert.equal(endsOnCharacter([]), true);
});

test('groupTokens: byte tokens of 我 are one group; whole tokens and specials stay alone', () => {
  const pieces: TokenPiece[] = ['<s>', bytes(' I'), Uint8Array.of(0xe6), Uint8Array.of(0x88), Uint8Array.of(0x91), bytes('爱')];
  assert.deepEqual(groupTokens(pieces), [
    { start: 0, count: 1, text: '<s>', split: false },
    { start: 1, count: 1, text: ' I', split: false },
    { start: 2, count: 3, text: '我', split: true },
    { start: 5, count: 1, text: '爱', split: false },
  ]);
  // A token that finishes one character and starts the next joins both into one group.
  const straddling: TokenPiece[] = [Uint8Array.of(0xe6, 0x88), Uint8Array.of(0x91, 0xe7), Uint8Array.of(0x88, 0xb1)];
  assert.deepEqual(groupTokens(straddling), [{ start: 0, count: 3, text: '我爱', split: true }]);
  // Bytes that never complete a character are still shown (as U+FFFD), never dropped.
  assert.deepEqual(groupTokens([Uint8Array.of(0xe6), '</s>']), [
    { start: 0, count: 1, text: '\uFFFD', split: true },
    { start: 1, count: 1, text: '</s>', split: false },
  ]);
});

test('groupTokens: whole characters of one grapheme cluster share a group, never across a special token', () => {
  assert.deepEqual(groupTokens([bytes('👍'), bytes('🏽'), bytes(' ')]), [
    { start: 0, count: 2, text: '👍🏽', split: false },
    { start: 2, count: 1, text: ' ', split: false },
  ]);
  assert.deepEqual(groupTokens([bytes('e'), '<s>', bytes('\u0301')]).map((g) => g.count), [1, 1, 1]);
});

test('graphemeStarts: where Intl.Segmenter starts clusters, on any mix of text that joins and text that does not', () => {
  const segmenterStarts = (text: string) => Array.from(GRAPHEMES.segment(text), ({ index }) => index);
  // Units that stand alone, beside ones that join: CR LF, combining marks, ZWJ emoji, skin tones,
  // flags (regional indicator pairs), Hangul jamo, a Devanagari conjunct, a prepended Arabic sign,
  // variation selectors, halfwidth sound marks, (R), soft hyphen, a lone surrogate.
  const units = [
    ...['a', ' ', '\t', '\n', '\r', '~', '中', '、', '〩', 'Ａ', 'é', 'ÿ', '©', '®', '\u00ad'],
    ...['\u0301', '\u302a', '\u200d', '👍', '🏽', '🇨', '🇳', '👨', '❤', '\ufe0f', '가', '\u1100', '\u1161', '\u11a8'],
    ...['क', '\u094d', 'ष', '\u0600', '1', 'ｶ', '\uff9e', '\ud83d', 'Я', '\u0483'],
  ];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...units), { maxLength: 30 }), (parts) => {
      const text = parts.join('');
      assert.deepEqual(graphemeStarts(text), segmenterStarts(text), JSON.stringify(text));
    }),
    { numRuns: 2000 },
  );
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => assert.deepEqual(graphemeStarts(text), segmenterStarts(text))));
  const page = '大语言模型把文本切成词元。Tokenizers split 12345 apples! 👍🏽 🇨🇳 e\u0301\r\n'.repeat(100);
  assert.deepEqual(graphemeStarts(page), segmenterStarts(page));
});

/** The groups cover tokens 0..count−1 once each, in order. */
function assertPartition(groups: readonly TokenGroup[], count: number): void {
  groups.forEach((g, i) => assert.equal(g.start, i === 0 ? 0 : groups[i - 1]!.start + groups[i - 1]!.count));
  assert.equal(groups.reduce((n, g) => n + g.count, 0), count);
}

test('groupTokens: for any text cut into byte pieces anywhere, the groups spell the text and end exactly at the cuts between grapheme clusters', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
      const all = bytes(text);
      const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
      const bounds = [0, ...points, all.length];
      const pieces = bounds.slice(1).map((end, i) => all.subarray(bounds[i], end)).filter((p) => p.length > 0);
      const groups = groupTokens(pieces);
      assert.equal(groups.map((g) => g.text).join(''), text);
      assertPartition(groups, pieces.length);
      // Byte offsets where the text's grapheme clusters end, and where each token ends.
      let offset = 0;
      const clusterEnds = new Set(Array.from(GRAPHEMES.segment(text), ({ segment }) => (offset += bytes(segment).length)));
      offset = 0;
      const tokenEnds = pieces.map((p) => (offset += p.length));
      // A group of several tokens exists only because a character or a cluster was cut.
      assert.deepEqual(
        groups.map((g) => tokenEnds[g.start + g.count - 1]),
        tokenEnds.filter((end) => clusterEnds.has(end)),
      );
      // Split: some token of the group ends inside a character.
      for (const g of groups) {
        const ends = tokenEnds.slice(g.start, g.start + g.count);
        assert.equal(g.split, ends.some((end) => !endsOnCharacter([...all.subarray(0, end)])));
      }
    }),
  );
});

test('groupTokens on a byte-level encoding: tokens written in stand-ins come back as the text', () => {
  const text = '我爱 LLaMA 👍🏽';
  const standIns = [...toByteChars(text)];
  const tokens = [standIns.slice(0, 2), standIns.slice(2, 3), standIns.slice(3)].map((t) => t.join(''));
  const groups = groupTokens(tokens.map((t) => tokenBytes(t, 'byte-level')));
  assert.equal(groups.map((g) => g.text).join(''), text);
  assert.equal(groups[0]!.count, 2, '我 is cut between the first two tokens');
});

const shipped = new Map<ShippedVocabId, ShippedTokenizer>();

/** `text` through a shipped vocabulary: ids, tokens, their bytes and groups. */
function encodeShipped(id: ShippedVocabId, text: string) {
  let tokenizer = shipped.get(id);
  if (tokenizer === undefined) shipped.set(id, (tokenizer = shippedTokenizer(id, shippedTokenizerJson(id))));
  const { ids, tokens } = tokenizer.encode(text);
  const pieces = tokens.map((t) => tokenBytes(t, SHIPPED_VOCABULARIES[id].byteScheme));
  return { ids, tokens, pieces, groups: groupTokens(pieces) };
}

test('shipped vocabularies: byte tokens group into whole characters and grapheme clusters', () => {
  const llama = encodeShipped('llama', '猫👍🏽🇨🇳');
  assert.deepEqual(llama.groups.map((g) => g.text), [' ', '猫', '👍🏽', '🇨🇳']); // ▁ first: LLaMA prepends a space
  const cat = llama.groups.find((g) => g.text === '猫')!;
  assert.deepEqual(llama.tokens.slice(cat.start, cat.start + cat.count), ['<0xE7>', '<0x8C>', '<0xAB>']);
  assert.ok(cat.split);

  const qwen = encodeShipped('qwen3', 'a 👍🏽 你好');
  assert.deepEqual(qwen.groups.map((g) => g.text), ['a', ' 👍🏽', ' ', '你好']);
  assert.equal(qwen.groups[1]!.count, 3);
  assert.ok(qwen.groups[1]!.split);
  assert.ok(!qwen.groups[3]!.split);
});

test('shipped vocabularies: groups partition the ids, and their texts spell the decoded text, for any text', () => {
  fc.assert(
    fc.property(fc.constantFrom(...SHIPPED_VOCAB_IDS), fc.string({ unit: 'grapheme', maxLength: 30 }), (id, text) => {
      const { ids, pieces, groups } = encodeShipped(id, text);
      assertPartition(groups, ids.length);
      const decoded = new TextDecoder().decode(Uint8Array.from(pieces.flatMap((p) => [...p])));
      assert.equal(groups.map((g) => g.text).join(''), decoded);
    }),
    { numRuns: 150 },
  );
});
