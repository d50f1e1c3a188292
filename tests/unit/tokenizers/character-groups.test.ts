// Token chips show text, not byte symbols: the bytes of each token, and the groups of tokens that
// together spell one character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  byteSchemeOf,
  endsOnCharacter,
  groupTokensByCharacter,
  tokenBytes,
  type TokenPiece,
} from '../../../kernels/tokenizers/token-bytes.ts';
import { toByteChars } from '../../../kernels/tokenizers/byte-level.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

test('tokenBytes: byte-level stand-ins, SentencePiece pieces with ▁, <0xNN> byte tokens, added tokens', () => {
  assert.deepEqual(tokenBytes('æĪĳ', 'byte-level'), bytes('我'));
  assert.deepEqual(tokenBytes('Ġthe', 'byte-level'), bytes(' the'));
  assert.deepEqual(tokenBytes('<|im_end|>', 'byte-level'), bytes('<|im_end|>'));
  assert.deepEqual(tokenBytes('▁the', 'sentencepiece'), bytes(' the'));
  assert.deepEqual(tokenBytes('<0xE6>', 'sentencepiece'), Uint8Array.of(0xe6));
  assert.deepEqual(tokenBytes('é', 'sentencepiece'), bytes('é'), 'SentencePiece text is UTF-8, not stand-ins');
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
  assert.equal(endsOnCharacter([]), true);
});

test('groupTokensByCharacter: byte tokens of 我 are one group; whole tokens and specials stay alone', () => {
  const pieces: TokenPiece[] = ['<s>', bytes(' I'), Uint8Array.of(0xe6), Uint8Array.of(0x88), Uint8Array.of(0x91), bytes('爱')];
  assert.deepEqual(groupTokensByCharacter(pieces), [
    { start: 0, count: 1, text: '<s>' },
    { start: 1, count: 1, text: ' I' },
    { start: 2, count: 3, text: '我' },
    { start: 5, count: 1, text: '爱' },
  ]);
  // A token that finishes one character and starts the next joins both into one group.
  const straddling: TokenPiece[] = [Uint8Array.of(0xe6, 0x88), Uint8Array.of(0x91, 0xe7), Uint8Array.of(0x88, 0xb1)];
  assert.deepEqual(groupTokensByCharacter(straddling), [{ start: 0, count: 3, text: '我爱' }]);
  // Bytes that never complete a character are still shown (as U+FFFD), never dropped.
  assert.deepEqual(groupTokensByCharacter([Uint8Array.of(0xe6), '</s>']), [
    { start: 0, count: 1, text: '\uFFFD' },
    { start: 1, count: 1, text: '</s>' },
  ]);
});

test('groupTokensByCharacter: for any text cut into byte pieces anywhere, the groups spell the text and cut only between characters', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
      const all = bytes(text);
      const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
      const bounds = [0, ...points, all.length];
      const pieces = bounds.slice(1).map((end, i) => all.subarray(bounds[i], end)).filter((p) => p.length > 0);
      const groups = groupTokensByCharacter(pieces);
      assert.equal(groups.map((g) => g.text).join(''), text);
      assert.equal(groups.reduce((n, g) => n + g.count, 0), pieces.length);
      groups.forEach((g, i) => assert.equal(g.start, i === 0 ? 0 : groups[i - 1]!.start + groups[i - 1]!.count));
      // A group of several tokens exists only because a character was cut.
      for (const g of groups) if (g.count > 1) assert.ok(!endsOnCharacter([...pieces[g.start]!]));
    }),
  );
});

test('groupTokensByCharacter on a byte-level encoding: tokens written in stand-ins come back as the text', () => {
  const text = '我爱 LLaMA 👍🏽';
  const standIns = [...toByteChars(text)];
  const tokens = [standIns.slice(0, 2), standIns.slice(2, 3), standIns.slice(3)].map((t) => t.join(''));
  const groups = groupTokensByCharacter(tokens.map((t) => tokenBytes(t, 'byte-level')));
  assert.equal(groups.map((g) => g.text).join(''), text);
  assert.equal(groups[0]!.count, 2, '我 is cut between the first two tokens');
});
