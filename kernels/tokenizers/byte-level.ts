// GPT-2's byte-level alphabet, used by the ByteLevel pre-tokenizer and decoder (GPT-2, Qwen2,
// Llama 3 tokenizer.json files).
//
// A byte-level BPE works on the UTF-8 bytes of the text, so any string can be encoded with 256 base
// symbols and no unknown token. To keep vocab and merges readable as JSON text, each byte is shown
// as one printable character: bytes that are printable Latin-1 ('!'…'~', '¡'…'¬', '®'…'ÿ') stand
// for themselves, and the other 68 (control bytes, space, 0x7F–0xA0, 0xAD) are moved to U+0100 and
// up, in byte order. So a space becomes 'Ġ' (U+0120) and a newline 'Ċ' (U+010A).

function buildByteToChar(): string[] {
  const printable = (b: number): boolean => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const table: string[] = [];
  let next = 0x100;
  for (let b = 0; b < 256; b++) table.push(String.fromCodePoint(printable(b) ? b : next++));
  return table;
}

/** byte → its stand-in character. */
export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

/** stand-in character → byte. */
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

/** The text's UTF-8 bytes, each written as its stand-in character. */
export function toByteChars(text: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(text)) out += BYTE_TO_CHAR[b];
  return out;
}

/**
 * Back to text: each stand-in character gives its byte; a piece holding any other character (an
 * added token such as '<|im_end|>' is matched whole, but one in another script would not be) keeps
 * its own UTF-8 bytes. Invalid UTF-8 turns into U+FFFD, as Rust's from_utf8_lossy does.
 */
export function fromByteChars(pieces: readonly string[]): string {
  const bytes: number[] = [];
  for (const piece of pieces) {
    const chars = [...piece];
    if (chars.every((c) => CHAR_TO_BYTE.has(c))) for (const c of chars) bytes.push(CHAR_TO_BYTE.get(c)!);
    else bytes.push(...new TextEncoder().encode(piece));
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(bytes));
}

/**
 * GPT-2's split before byte-level BPE (ByteLevel `use_regex`): English contractions, a run of
 * letters, of digits, or of other symbols (each with at most one leading space), then whitespace.
 * Merges never cross these boundaries.
 */
export const GPT2_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;
