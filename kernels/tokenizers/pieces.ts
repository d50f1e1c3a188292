// What each token stands for, for display: a token's UTF-8 bytes, and tokens grouped so that every
// group is whole characters (whole grapheme clusters: 👍🏽 and 🇨🇳 are one unit each).
//
// A byte-level BPE (Qwen) can end a token in the middle of a character: '你' is bytes E4 BD A0, and
// a token may hold only E4 BD (shown as 'ä½'). SentencePiece with byte fallback (LLaMA) spells a
// character it has no piece for as one token per byte: <0xE7> <0x8C> <0xAB>. Neither token alone is
// text, so we gather the tokens until their bytes decode to complete characters, then widen each
// group to grapheme-cluster boundaries of the decoded text.
import { CHAR_TO_BYTE } from './byte-level.ts';
import type { TokenBytes } from './vocabularies.ts';

export type TokenGroup = {
  /** The text the group's tokens stand for together. */
  readonly text: string;
  readonly ids: readonly number[];
  readonly tokens: readonly string[];
  /** Each token's bytes (one array per token). */
  readonly bytes: readonly (readonly number[])[];
  /** True when some token in the group is not whole characters by itself (a byte piece). */
  readonly split: boolean;
};

const utf8 = new TextEncoder();
const BYTE_PIECE = /^<0x([0-9A-F]{2})>$/;

/** The UTF-8 bytes a token stands for. Characters outside the byte alphabet (added tokens) keep their own bytes. */
export function tokenBytes(token: string, kind: TokenBytes): number[] {
  if (kind === 'metaspace') {
    const byte = BYTE_PIECE.exec(token);
    return byte ? [Number.parseInt(byte[1]!, 16)] : [...utf8.encode(token.replaceAll('▁', ' '))];
  }
  const bytes: number[] = [];
  for (const char of token) {
    const byte = CHAR_TO_BYTE.get(char);
    if (byte === undefined) return [...utf8.encode(token)];
    bytes.push(byte);
  }
  return bytes;
}

/** How many bytes the UTF-8 sequence started by `lead` has (1 for a stray continuation byte). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc2 && lead < 0xe0) return 2;
  return 1;
}

/** True when `bytes` end in the middle of a UTF-8 sequence (more continuation bytes are due). */
export function endsMidCharacter(bytes: readonly number[]): boolean {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) !== 0x80) return byte >= 0xc2 && sequenceLength(byte) > back;
  }
  return false;
}

const decoder = new TextDecoder();
/** One segmenter for every call: making one costs more than segmenting a short text. */
export const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

type Draft = { ids: number[]; tokens: string[]; bytes: number[][]; split: boolean; text: string };

function decode(bytes: readonly (readonly number[])[]): string {
  return decoder.decode(new Uint8Array(bytes.flat()));
}

/** Groups `tokens` (with their `ids`) into runs of whole grapheme clusters; see the file comment. */
export function groupTokens(ids: readonly number[], tokens: readonly string[], kind: TokenBytes): TokenGroup[] {
  // 1. Byte level: close a group whenever its bytes end on a character boundary. `owed` counts the
  //    continuation bytes the last lead byte still waits for.
  const byCharacter: Draft[] = [];
  let open: Draft | undefined;
  let owed = 0;
  tokens.forEach((token, index) => {
    const bytes = tokenBytes(token, kind);
    open ??= { ids: [], tokens: [], bytes: [], split: false, text: '' };
    open.ids.push(ids[index]!);
    open.tokens.push(token);
    open.bytes.push(bytes);
    if (owed > 0 || endsMidCharacter(bytes)) open.split = true;
    for (const byte of bytes) owed = (byte & 0xc0) === 0x80 ? Math.max(0, owed - 1) : sequenceLength(byte) - 1;
    if (owed === 0) {
      open.text = decode(open.bytes);
      byCharacter.push(open);
      open = undefined;
    }
  });
  if (open !== undefined) byCharacter.push({ ...open, text: decode(open.bytes) });

  // 2. Grapheme level: join groups whose end falls inside a grapheme cluster of the whole text.
  const boundaries = new Set<number>();
  for (const { index } of GRAPHEMES.segment(byCharacter.map((d) => d.text).join(''))) boundaries.add(index);
  const groups: TokenGroup[] = [];
  let offset = 0;
  let joined: Draft | undefined;
  byCharacter.forEach((draft, index) => {
    if (joined === undefined) joined = draft;
    else {
      joined.ids.push(...draft.ids);
      joined.tokens.push(...draft.tokens);
      joined.bytes.push(...draft.bytes);
      joined.split ||= draft.split;
      joined.text += draft.text;
    }
    offset += draft.text.length;
    if (boundaries.has(offset) || index === byCharacter.length - 1) {
      groups.push(joined);
      joined = undefined;
    }
  });
  return groups;
}

/** A token's bytes as the reader sees them in a title: "E4 BD A0". */
export function hexBytes(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
