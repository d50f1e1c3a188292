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
import { withWhitespace } from './chatglm-6b-whitespace.ts';

/** 'chatglm-6b': SentencePiece's, with ChatGLM-6B's <n>, <|tab|> and <|blank_N|> standing for their whitespace. */
export type ByteScheme = 'byte-level' | 'sentencepiece' | 'chatglm-6b';

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
  if (scheme === 'chatglm-6b') return tokenBytes(withWhitespace(token), 'sentencepiece');
  if (scheme === 'sentencepiece') {
    const byte = BYTE_TOKEN.exec(token);
    return byte === null ? utf8.encode(token.replaceAll('▁', ' ')) : Uint8Array.of(Number.parseInt(byte[1]!, 16));
  }
  const chars = [...token];
  if (chars.every((c) => CHAR_TO_BYTE.has(c))) return Uint8Array.from(chars, (c) => CHAR_TO_BYTE.get(c)!);
  return utf8.encode(token);
}

/**
 * tokenBytes with a memory: a page repeats its tokens, and each token's bytes are worked out once.
 * The same token string gives the same Uint8Array each time (callers must not write into it).
 */
export function tokenByteReader(scheme: ByteScheme): (token: string) => Uint8Array {
  const known = new Map<string, Uint8Array>();
  return (token) => {
    let bytes = known.get(token);
    if (bytes === undefined) known.set(token, (bytes = tokenBytes(token, scheme)));
    return bytes;
  };
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
export function endsOnCharacter(bytes: ArrayLike<number>): boolean {
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

/**
 * UTF-16 units that neither join the character before them nor the one after (Unicode's grapheme
 * break property "Other" or "Control", no emoji, no Hangul, no combining mark): tab, newline,
 * printable ASCII, Latin-1 letters and signs, CJK punctuation, the common Han block and fullwidth
 * ASCII. Between two of them a cluster always ends (UAX #29, GB999).
 */
function standsAlone(unit: number): boolean {
  return (
    unit === 0x09 ||
    unit === 0x0a ||
    (unit >= 0x20 && unit <= 0x7e) ||
    (unit >= 0xa1 && unit <= 0xff && unit !== 0xa9 && unit !== 0xad && unit !== 0xae) ||
    (unit >= 0x3001 && unit <= 0x3029) ||
    (unit >= 0x4e00 && unit <= 0x9fff) ||
    (unit >= 0xff01 && unit <= 0xff5e)
  );
}

/**
 * Where the grapheme clusters of `text` start (UTF-16 offsets, ascending): what Intl.Segmenter
 * gives, without asking it about every character. A pasted page is mostly units that stand alone,
 * and the segmenter costs about a microsecond a cluster; so the text is cut wherever two such units
 * meet (a cluster boundary for certain), and only the stretches between those cuts that hold
 * anything else (an accent, an emoji sequence, a CR LF) go through the segmenter.
 */
export function graphemeStarts(text: string): number[] {
  const starts: number[] = [];
  let from = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i < text.length && !(standsAlone(text.charCodeAt(i - 1)) && standsAlone(text.charCodeAt(i)))) continue;
    if (i - from === 1) starts.push(from);
    else for (const { index } of GRAPHEMES.segment(text.slice(from, i))) starts.push(from + index);
    from = i;
  }
  return starts;
}

const lossy = new TextDecoder('utf-8', { ignoreBOM: true });

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
  // the whole text; a special token's name is no part of the text around it. Both the cuts and the
  // cluster starts ascend, so one pointer walks the starts.
  const starts = graphemeStarts(byCharacter.map((g) => g.text).join(''));
  let next = 0;
  const groups: Draft[] = [];
  let offset = 0;
  for (const group of byCharacter) {
    while (next < starts.length && starts[next]! < offset) next++;
    const last = groups.at(-1);
    if (last !== undefined && starts[next] !== offset && !isSpecial(last) && !isSpecial(group)) {
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
  let open: Uint8Array[] = [];
  let start = 0;
  const close = (): void => {
    if (open.length === 0) return;
    const bytes = open.length === 1 ? open[0]! : concatenated(open);
    groups.push({ start, count: open.length, text: lossy.decode(bytes), split: open.length > 1 || !endsOnCharacter(bytes) });
    start += open.length;
    open = [];
  };
  pieces.forEach((piece, index) => {
    if (typeof piece === 'string') {
      close();
      groups.push({ start: index, count: 1, text: piece, split: false });
      start = index + 1;
      return;
    }
    open.push(piece);
    if (endsOnCharacter(open.length === 1 ? piece : lastBytes(open))) close();
  });
  close();
  return groups;
}

function concatenated(pieces: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(pieces.reduce((n, piece) => n + piece.length, 0));
  let at = 0;
  for (const piece of pieces) (bytes.set(piece, at), (at += piece.length));
  return bytes;
}

/** The last four bytes of a run of pieces: all that endsOnCharacter looks at. */
function lastBytes(pieces: readonly Uint8Array[]): number[] {
  const tail: number[] = [];
  for (let p = pieces.length - 1; p >= 0 && tail.length < 4; p--) {
    const piece = pieces[p]!;
    for (let i = piece.length - 1; i >= 0 && tail.length < 4; i--) tail.unshift(piece[i]!);
  }
  return tail;
}
