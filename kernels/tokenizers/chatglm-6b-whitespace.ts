// ChatGLM-6B's whitespace pieces: its tokenizer writes "\n" as <n>, "\t" as <|tab|> and a run of 2 to
// 80 spaces as <|blank_N|> before SentencePiece sees the text (tokenization_chatglm.py), and turns
// them back after decoding. Shared by the tokenizer and by token-bytes.ts, which shows each piece as
// the whitespace it stands for.

export const MAX_BLANK = 80;
export const TAB = '<|tab|>';
export const blank = (spaces: number) => `<|blank_${spaces}|>`;

/** Line breaks, tabs and runs of spaces as the pieces ChatGLM-6B writes them as. */
export function withWhitespacePieces(text: string): string {
  return text
    .replaceAll('\n', '<n>')
    .replaceAll('\t', TAB)
    .replace(/ {2,}/g, (run) => {
      const whole = Math.floor(run.length / MAX_BLANK);
      const rest = run.length % MAX_BLANK;
      return blank(MAX_BLANK).repeat(whole) + (rest >= 2 ? blank(rest) : ' '.repeat(rest));
    });
}

/** The way back: <n>, <|tab|> and <|blank_2|> … <|blank_80|> to whitespace (other numbers stay as written). */
export function withWhitespace(text: string): string {
  return text.replace(/<n>|<\|tab\|>|<\|blank_(\d+)\|>/g, (piece, spaces: string | undefined) => {
    if (spaces === undefined) return piece === TAB ? '\t' : '\n';
    const n = Number(spaces);
    return n >= 2 && n <= MAX_BLANK && blank(n) === piece ? ' '.repeat(n) : piece;
  });
}
