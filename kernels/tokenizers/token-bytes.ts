// What each token stands for, for display: its UTF-8 bytes, and the tokens grouped so that every
// group is whole characters as a reader counts them (grapheme clusters: 👍🏽 and 🇨🇳 are one each).
//
// A vocabulary writes bytes in one of two ways. Byte-level files (GPT-2, Qwen) spell every byte as
// one stand-in character (byte-level.ts): '我' is E6 88 91, written 'æĪĳ', and a token may hold only
// 'æĪ'. SentencePiece-style files (LLaMA, Baichuan, ChatGLM) hold pieces of text with '▁' for a
// space, and spell a character missing from the vocabulary as one token per byte: <0xE6> <0x88>
// <0x91>. Neither part alone is text, so groupTokens gathers tokens until their bytes decode to
// whole characters, then joins the groups that end inside a grapheme cluster.
import { CHAR_TO_BYTE } from './byte-level.ts';

export type ByteScheme = 'byte-level' | 'sentencepiece';

/** Byte-level when the tokenizer.json's decoder (or a step of it) is ByteLevel. */
export function byteSchemeOf(decoderConfig: unknown): ByteScheme {
  const isByteLevel = (config: unknown): boolean => {
    if (typeof config !== 'object' || config === null) return false;
    const o = config as Record<string, unknown>;
    if (o['type'] === 'ByteLevel') return true;
    return Array.isArray(o['decoders']) && o['decoders'].some(isByteLevel);
  };
  return isByteLevel(decoderConfig) ? 'byte-level' : 'sentencepiece';
}

const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;
const utf8 = new TextEncoder();

/**
 * The UTF-8 bytes `token` (a vocabulary entry, not a special token) stands for under `scheme`. A
 * token that is not in the scheme's spelling, such as an added <|im_end|>, stands for its own text.
 */
export function tokenBytes(token: string, scheme: ByteScheme): Uint8Array {
  if (scheme === 'sentencepiece') {
    const byte = BYTE_TOKEN.exec(token);
    return byte === null ? utf8.encode(token.replaceAll('▁', ' ')) : Uint8Array.of(Number.parseInt(byte[1]!, 16));
  }
  const chars = [...token];
  if (chars.every((c) => CHAR_TO_BYTE.has(c))) return Uint8Array.from(chars, (c) => CHAR_TO_BYTE.get(c)!);
  return utf8.encode(token);
}

/** Bytes as the reader sees them in a title: "E4 BD A0". */
export function hexBytes(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** A token's share of the text: its bytes, or, for a special token (<s>, [gMASK]), its name shown as it is. */
export type TokenPiece = Uint8Array | string;

/** A run of tokens that together stand for whole characters. */
export type TokenGroup = {
  /** Index of the group's first token. */
  readonly start: number;
  /** How many tokens it spans: more than one when a token holds part of a character or of a grapheme cluster. */
  readonly count: number;
  /** The text the tokens stand for together (U+FFFD for bytes that are not valid UTF-8). */
  readonly text: string;
  /** True when some token of the group is not whole characters by itself (a byte piece). */
  readonly split: boolean;
};

/** How many bytes the UTF-8 sequence that starts with `lead` has (0: not a lead byte). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** True when `bytes` does not end inside a UTF-8 sequence (a stray byte counts as an end: it cannot be completed). */
export function endsOnCharacter(bytes: readonly number[]): boolean {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = sequenceLength(byte);
    return length === 0 || length <= back;
  }
  return true;
}

/** One segmenter for every call: making one costs more than segmenting a short text. */
export const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const lossy = new TextDecoder('utf-8');

type Draft = { start: number; count: number; text: string; split: boolean };

/**
 * Tokens → groups that each stand for whole grapheme clusters. A token that holds whole characters
 * is a group of one; tokens that each hold part of a character (the 3 bytes of 我 as <0xE6> <0x88>
 * <0x91>, or "æĪ" + "ĳ") are one group with that character as its text, and so are tokens that
 * hold the parts of one cluster (👍 + 🏽). A special token is always a group of its own. The
 * groups cover every token once, in order.
 */
export function groupTokens(pieces: readonly TokenPiece[]): TokenGroup[] {
  const isSpecial = (group: Draft) => typeof pieces[group.start] === 'string';
  const byCharacter = groupByCharacter(pieces);
  // Join a group to the one before when the cut between them falls inside a grapheme cluster of
  // the whole text; a special token's name is no part of the text around it.
  const boundaries = new Set<number>();
  for (const { index } of GRAPHEMES.segment(byCharacter.map((g) => g.text).join(''))) boundaries.add(index);
  const groups: Draft[] = [];
  let offset = 0;
  for (const group of byCharacter) {
    const last = groups.at(-1);
    if (last !== undefined && !boundaries.has(offset) && !isSpecial(last) && !isSpecial(group)) {
      last.count += group.count;
      last.text += group.text;
      last.split ||= group.split;
    } else groups.push(group);
    offset += group.text.length;
  }
  return groups;
}

/** Closes a group as soon as its bytes end on a character boundary; a special token is a group of its own. */
function groupByCharacter(pieces: readonly TokenPiece[]): Draft[] {
  const groups: Draft[] = [];
  let pending: number[] = [];
  let start = 0;
  const close = (end: number) => {
    const count = end - start;
    if (count > 0) groups.push({ start, count, text: lossy.decode(Uint8Array.from(pending)), split: count > 1 || !endsOnCharacter(pending) });
    pending = [];
    start = end;
  };
  pieces.forEach((piece, index) => {
    if (typeof piece === 'string') {
      close(index);
      groups.push({ start: index, count: 1, text: piece, split: false });
      start = index + 1;
      return;
    }
    pending.push(...piece);
    if (endsOnCharacter(pending)) close(index + 1);
  });
  close(pieces.length);
  return groups;
}
