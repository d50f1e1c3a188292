// Added tokens (tokenizer.json "added_tokens"): strings such as <s>, [gMASK] or <|im_end|> that are
// found in the text before anything else runs and become their one id, never split or merged.
import { array, bool, int, object, string } from './json.ts';

export type AddedToken = {
  readonly id: number;
  readonly content: string;
  /** Control tokens (BOS, EOS, mask tokens) as opposed to ordinary extra vocabulary. */
  readonly special: boolean;
  /** Also swallow the whitespace on its left / right. */
  readonly lstrip: boolean;
  readonly rstrip: boolean;
  /** Match only as a whole word, not inside one. */
  readonly singleWord: boolean;
};

/** A piece of the input: an added token's id, or a stretch of text for the normalizer and BPE. */
export type Segment = { readonly id: number } | { readonly text: string; readonly atStart: boolean };

export function readAddedTokens(config: unknown): AddedToken[] {
  return array(config ?? [], 'added_tokens').map((entry, i) => {
    const path = `added_tokens[${i}]`;
    const o = object(entry, path);
    return {
      id: int(o, 'id', path),
      content: string(o, 'content', path),
      special: bool(o, 'special', path, false),
      lstrip: bool(o, 'lstrip', path, false),
      rstrip: bool(o, 'rstrip', path, false),
      singleWord: bool(o, 'single_word', path, false),
    };
  });
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Cut `text` at every added token, scanning left to right and taking the longest token that matches
 * at each place (Hugging Face matches leftmost-longest the same way).
 */
export function splitOnAddedTokens(text: string, tokens: readonly AddedToken[]): Segment[] {
  const candidates = tokens.filter((t) => t.content !== '').sort((a, b) => b.content.length - a.content.length);
  const segments: Segment[] = [];
  let textStart = 0;
  let pos = 0;
  const pushText = (end: number): void => {
    if (end > textStart) segments.push({ text: text.slice(textStart, end), atStart: textStart === 0 });
  };
  while (pos < text.length) {
    const token = candidates.find((t) => text.startsWith(t.content, pos) && wholeWord(text, pos, t));
    if (token === undefined) {
      pos++;
      continue;
    }
    let end = pos + token.content.length;
    let before = pos;
    if (token.lstrip) while (before > textStart && /\s/u.test(text[before - 1]!)) before--;
    if (token.rstrip) while (end < text.length && /\s/u.test(text[end]!)) end++;
    pushText(before);
    segments.push({ id: token.id });
    textStart = pos = end;
  }
  pushText(text.length);
  return segments;
}

function wholeWord(text: string, pos: number, token: AddedToken): boolean {
  if (!token.singleWord) return true;
  const [before, after] = [text[pos - 1], text[pos + token.content.length]];
  return !(before !== undefined && WORD_CHAR.test(before)) && !(after !== undefined && WORD_CHAR.test(after));
}
