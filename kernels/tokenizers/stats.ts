// Counts over a tokenized text, the figures the tokenizer widget and the article's measured table
// show: characters are grapheme clusters (what a reader counts), Chinese characters are Han script.
import { graphemeStarts, type TokenGroup } from './token-bytes.ts';

export type TokenStats = {
  readonly tokens: number;
  readonly characters: number;
  /** Han characters, and the tokens of the groups that hold them. */
  readonly hanCharacters: number;
  readonly hanTokens: number;
  /** Tokens that are not whole characters by themselves (byte fallback or a byte-level piece). */
  readonly byteTokens: number;
};

const HAN = /\p{Script=Han}/gu;

export function graphemeCount(text: string): number {
  return graphemeStarts(text).length;
}

export function tokenStats(groups: readonly TokenGroup[]): TokenStats {
  let tokens = 0;
  let hanCharacters = 0;
  let hanTokens = 0;
  let byteTokens = 0;
  for (const group of groups) {
    tokens += group.count;
    const han = group.text.match(HAN)?.length ?? 0;
    hanCharacters += han;
    if (han > 0) hanTokens += group.count;
    if (group.split) byteTokens += group.count;
  }
  return { tokens, characters: graphemeCount(groups.map((g) => g.text).join('')), hanCharacters, hanTokens, byteTokens };
}
