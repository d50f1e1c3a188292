// Where each token of an encoded text sits in that text, in UTF-16 units, from the tokens' bytes
// (token-bytes.ts) laid against the text's UTF-8 bytes. The tokenizers here do not report offsets,
// and their bytes match the text's one for one except for one thing: a SentencePiece normalizer
// puts a space (▁) in front of each stretch of text (at the start, and again after every added
// token such as <s>), a byte the text does not have. A space byte the text lacks at that point is
// taken to be such a one and covers no character. Any other difference means the normalizer
// changed the text (Qwen's NFC on a decomposed accent, say): then there are no spans to give.

/** [start, end) of one token in the text; a token made only of an added space has start === end. */
export type TokenSpan = { readonly start: number; readonly end: number };

const SPACE = 0x20;
const utf8 = new TextEncoder();

/** Each token's span in `text`, or undefined when the tokens' bytes are not the text's (bar added spaces). */
export function tokenSpans(text: string, tokenBytes: readonly Uint8Array[]): TokenSpan[] | undefined {
  const bytes = utf8.encode(text);
  // For byte b: the UTF-16 start and end of the character it belongs to (a token may hold part of one).
  const charStart = new Uint32Array(bytes.length);
  const charEnd = new Uint32Array(bytes.length);
  let b = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    const end = i + (code >= 0x10000 ? 2 : 1);
    charStart.fill(i, b, b + width);
    charEnd.fill(end, b, b + width);
    b += width;
    i = end;
  }

  const spans: TokenSpan[] = [];
  let at = 0;
  for (const token of tokenBytes) {
    let first: number | undefined;
    for (const byte of token) {
      if (at < bytes.length && bytes[at] === byte) {
        first ??= at;
        at++;
      } else if (byte !== SPACE) return undefined;
    }
    if (first === undefined) {
      const here = at < bytes.length ? charStart[at]! : text.length;
      spans.push({ start: here, end: here });
    } else spans.push({ start: charStart[first]!, end: charEnd[at - 1]! });
  }
  return at === bytes.length ? spans : undefined;
}
