// sentencepiece's normalizer, the step before BPE, as the library runs it (normalizer.cc):
//
//   1. cut the text into pieces, left to right, at each place taking the first that applies:
//        a user-defined piece of the model (longest), kept exactly as written;
//        the longest rule of the model's character map (precompiled_charsmap), replaced by its text;
//        otherwise one character, kept
//   2. remove_extra_whitespaces: drop the spaces the text starts with, the spaces a piece starts with
//      when the text so far ends in one, and every "▁" at the end
//   3. add_dummy_prefix: "▁" in front of a text that is not empty; every " " written as "▁"
//      (escape_whitespaces: sentencepiece.ts refuses a model that turns it off)
//
// The character map is how a model carries NFKC (the library's default rule set, nmt_nfkc, also folds
// whitespace and drops control characters): a Darts double-array trie over UTF-8 byte strings whose
// leaves point into a block of NUL-terminated replacement strings. A model trained with the identity
// rule has no map; then only the whitespace steps run.
import { ProtobufError } from './protobuf.ts';

export type NormalizerSpec = {
  readonly name: string;
  /** The compiled character map; empty where the model has none (the identity rule). */
  readonly charsmap: Uint8Array;
  readonly addDummyPrefix: boolean;
  readonly removeExtraWhitespaces: boolean;
  /** Read from the file; this normalizer always escapes (see step 3). */
  readonly escapeWhitespaces: boolean;
};

const SPACE = 0x20;
const LOWER_ONE_EIGHTH_BLOCK = new TextEncoder().encode('▁'); // the space marker, E2 96 81

/** A normalize function for the spec and the model's user-defined pieces. */
export function sentencePieceNormalizer(spec: NormalizerSpec, userDefined: readonly string[]): (text: string) => string {
  const rules = charsmapRules(spec.charsmap);
  const encoder = new TextEncoder();
  // The user-defined pieces by first byte, longest first: the first that matches is the longest.
  const piecesByFirstByte = new Map<number, Uint8Array[]>();
  for (const piece of userDefined.map((p) => encoder.encode(p)).filter((p) => p.length > 0)) {
    piecesByFirstByte.set(piece[0]!, [...(piecesByFirstByte.get(piece[0]!) ?? []), piece].sort((a, b) => b.length - a.length));
  }
  const decoder = new TextDecoder();

  /** The normalized bytes of the piece that starts at `at`, and how many input bytes it used. */
  const prefix = (input: Uint8Array, at: number): { readonly out: Uint8Array; readonly length: number } => {
    const piece = piecesByFirstByte.get(input[at]!)?.find((p) => startsWith(input, at, p));
    if (piece !== undefined) return { out: piece, length: piece.length };
    const rule = rules?.longestMatch(input, at);
    if (rule !== undefined) return rule;
    const length = utf8Length(input[at]!);
    return { out: input.subarray(at, at + length), length };
  };

  return (text) => {
    const input = encoder.encode(text);
    const out: number[] = [];
    let at = 0;
    while (spec.removeExtraWhitespaces && at < input.length) {
      const { out: piece, length } = prefix(input, at);
      if (!(piece.length === 1 && piece[0] === SPACE)) break;
      at += length;
    }
    if (at >= input.length) return '';
    if (spec.addDummyPrefix) out.push(...LOWER_ONE_EIGHTH_BLOCK);
    let previousIsSpace = spec.removeExtraWhitespaces;
    while (at < input.length) {
      const { out: piece, length } = prefix(input, at);
      let start = 0;
      if (previousIsSpace && spec.removeExtraWhitespaces) while (piece[start] === SPACE) start++;
      if (start < piece.length) {
        for (let i = start; i < piece.length; i++) {
          if (piece[i] === SPACE) out.push(...LOWER_ONE_EIGHTH_BLOCK);
          else out.push(piece[i]!);
        }
        previousIsSpace = piece[piece.length - 1] === SPACE;
      }
      at += length;
      if (!spec.removeExtraWhitespaces) previousIsSpace = false;
    }
    const marker = LOWER_ONE_EIGHTH_BLOCK.length;
    if (spec.removeExtraWhitespaces)
      while (out.length >= marker && LOWER_ONE_EIGHTH_BLOCK.every((b, i) => out[out.length - marker + i] === b)) out.length -= marker;
    return decoder.decode(new Uint8Array(out));
  };
}

function startsWith(input: Uint8Array, at: number, piece: Uint8Array): boolean {
  if (at + piece.length > input.length) return false;
  for (let i = 0; i < piece.length; i++) if (input[at + i] !== piece[i]) return false;
  return true;
}

/**
 * Bytes in the UTF-8 character a lead byte starts. The input comes from TextEncoder, so it is valid
 * UTF-8 (a lone surrogate has already become U+FFFD) and the library's check for broken bytes never fires.
 */
const utf8Length = (lead: number) => (lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4);

/**
 * The character map's rules. The blob is a little-endian uint32 (the trie's size in bytes), the trie
 * (uint32 units), then the replacement strings. Each trie unit packs, as darts-clone does: bit 8 "a
 * leaf hangs below", bits 0-7 the label byte (bit 31 set on a leaf, so no byte matches it), and an
 * offset to the children (bits 10-31, shifted left 8 more when bit 9 is set); a leaf unit's low 31
 * bits are its value, here where the replacement string starts.
 */
function charsmapRules(blob: Uint8Array): { longestMatch(input: Uint8Array, at: number): { out: Uint8Array; length: number } | undefined } | undefined {
  if (blob.length === 0) return undefined;
  if (blob.length < 4) throw new ProtobufError('the character map is shorter than its own size field');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const trieBytes = view.getUint32(0, true);
  if (trieBytes % 4 !== 0 || 4 + trieBytes > blob.length) throw new ProtobufError(`the character map's trie (${trieBytes} bytes) does not fit its ${blob.length} bytes`);
  const unit = (i: number) => (i < trieBytes / 4 ? view.getUint32(4 + 4 * i, true) : 0);
  const strings = blob.subarray(4 + trieBytes);
  const offset = (u: number) => (u >>> 10) << ((u & (1 << 9)) >>> 6);
  const label = (u: number) => u & (0x80000000 | 0xff);
  const hasLeaf = (u: number) => ((u >>> 8) & 1) === 1;
  const replacement = (value: number) => {
    const end = strings.indexOf(0, value);
    return strings.subarray(value, end < 0 ? strings.length : end);
  };
  return {
    longestMatch(input, at) {
      let node = offset(unit(0));
      let found: { out: Uint8Array; length: number } | undefined;
      for (let i = at; i < input.length; i++) {
        const byte = input[i]!;
        node ^= byte;
        const u = unit(node);
        if (label(u) >>> 0 !== byte) break;
        node ^= offset(u);
        if (hasLeaf(u)) found = { out: replacement(unit(node) & 0x7fffffff), length: i + 1 - at };
      }
      return found;
    },
  };
}
