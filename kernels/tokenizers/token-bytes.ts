// The bytes of text each token stands for, so a reader can see "我" instead of "æĪ" or <0xE6>.
//
// Two ways a vocabulary writes bytes: byte-level files (GPT-2, Qwen) spell every byte as one
// stand-in character (byte-level.ts); SentencePiece-style files (LLaMA, Baichuan, ChatGLM) hold
// pieces of text with '▁' for a space, and <0xNN> tokens for single bytes of characters missing
// from the vocabulary. Either way a Chinese character (3 UTF-8 bytes) may be cut across tokens;
// groupTokensByCharacter puts the pieces of each character back together.
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

/** The UTF-8 bytes `token` (a vocabulary entry, not a special token) stands for under `scheme`. */
export function tokenBytes(token: string, scheme: ByteScheme): Uint8Array {
  const byte = BYTE_TOKEN.exec(token);
  if (byte !== null) return Uint8Array.of(Number.parseInt(byte[1]!, 16));
  if (scheme === 'byte-level') {
    const chars = [...token];
    // An added token (e.g. <|im_end|>) is written as itself, not in stand-in characters.
    if (chars.every((c) => CHAR_TO_BYTE.has(c))) return Uint8Array.from(chars, (c) => CHAR_TO_BYTE.get(c)!);
    return utf8.encode(token);
  }
  return utf8.encode(token.replaceAll('▁', ' '));
}

/** A token's share of the text: its bytes, or, for a special token (<s>, [gMASK]), its name shown as it is. */
export type TokenPiece = Uint8Array | string;

/** A run of tokens whose bytes together spell whole characters. */
export type CharacterGroup = {
  /** Index of the group's first token. */
  readonly start: number;
  /** How many tokens it spans: more than one when a token holds only part of a character. */
  readonly count: number;
  /** The text the group stands for (U+FFFD for bytes that are not valid UTF-8). */
  readonly text: string;
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

const lossy = new TextDecoder('utf-8');

/**
 * Tokens → groups that each stand for whole characters. A token that holds whole characters is a
 * group of one; tokens that each hold part of a character (the 3 bytes of 我 as <0xE6> <0x88>
 * <0x91>, or "æĪ" + "ĳ" in a byte-level vocabulary) are one group with that character as its text.
 * A special token is always a group of its own. The groups cover every token once, in order.
 */
export function groupTokensByCharacter(pieces: readonly TokenPiece[]): CharacterGroup[] {
  const groups: CharacterGroup[] = [];
  let pending: number[] = [];
  let start = 0;
  const close = (end: number) => {
    if (end > start) groups.push({ start, count: end - start, text: lossy.decode(Uint8Array.from(pending)) });
    pending = [];
    start = end;
  };
  pieces.forEach((piece, index) => {
    if (typeof piece === 'string') {
      close(index);
      groups.push({ start: index, count: 1, text: piece });
      start = index + 1;
      return;
    }
    pending.push(...piece);
    if (endsOnCharacter(pending)) close(index + 1);
  });
  close(pieces.length);
  return groups;
}
