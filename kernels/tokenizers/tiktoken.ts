// First-generation Qwen's tokenizer file, qwen.tiktoken: one line per token, the token's bytes in
// base64, a space, and its rank, which is also its id ("IQ== 0" is the byte '!', rank 0).
//
// tiktoken's BPE has no merge list. It glues the adjacent pair whose concatenation is the
// best-ranked token (the leftmost on a tie), so a pair's rank is the rank of the token it makes:
// the same merge loop as tokenizer.json's (bpe.ts), with that rule for ranking pairs. The rest of
// the tokenizer is not in the file but in Qwen's tokenization_qwen.py, and is written here in
// tokenizer.json terms so that the one pipeline (tokenizer.ts) runs it: NFC, Qwen's split pattern,
// the bytes as GPT-2's stand-in characters, and 208 special tokens after the ranks.
import { CheckpointError } from '../checkpoint/errors.ts';
import { bpe, type Bpe } from './bpe.ts';
import { BYTE_TO_CHAR } from './byte-level.ts';
import { tokenizerAround, type Tokenizer } from './tokenizer.ts';

export const QWEN_TIKTOKEN_FILE = 'qwen.tiktoken';

/** Qwen's split before BPE (tokenization_qwen.py's PAT_STR; Qwen2 and Qwen3 keep it). */
export const QWEN_SPLIT = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;

/** tokenization_qwen.py's special tokens, numbered on from the last rank: 3 named, then 205 extras. */
const QWEN_SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>', ...Array.from({ length: 205 }, (_, i) => `<|extra_${i}|>`)];

/** Token (as stand-in characters, as byte-level tokenizer.json files write it) → rank. */
export function readTiktokenRanks(text: string, file = QWEN_TIKTOKEN_FILE): Map<string, number> {
  const ranks = new Map<string, number>();
  const taken = new Set<number>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file} line ${i + 1}`;
    const match = /^([A-Za-z0-9+/]+={0,2}) (\d+)$/.exec(line.trim());
    if (match === null) throw new CheckpointError(`${where}: expected "base64 rank", got ${JSON.stringify(line.slice(0, 60))}`);
    const rank = Number(match[2]);
    let token = '';
    try {
      for (const char of atob(match[1]!)) token += BYTE_TO_CHAR[char.charCodeAt(0)];
    } catch {
      throw new CheckpointError(`${where}: '${match[1]}' is not base64`);
    }
    if (token === '' || ranks.has(token) || taken.has(rank)) throw new CheckpointError(`${where}: token or rank ${rank} given twice (or empty)`);
    ranks.set(token, rank);
    taken.add(rank);
  });
  const missing = BYTE_TO_CHAR.findIndex((char) => !ranks.has(char));
  if (missing >= 0) throw new CheckpointError(`${file}: byte 0x${missing.toString(16).padStart(2, '0')} has no token (every byte must have one)`);
  return ranks;
}

/** BPE where a pair's rank is the rank of the token it makes, and a token's id is its rank. */
export function tiktokenBpe(ranks: ReadonlyMap<string, number>): Bpe {
  const tokens: string[] = [];
  for (const [token, rank] of ranks) tokens[rank] = token;
  return bpe(ranks, { rankOf: (left, right) => ranks.get(tokens[left]! + tokens[right]!), mergedId: (rank) => rank });
}

/** First-generation Qwen's tokenizer from the text of its qwen.tiktoken. */
export function qwenTiktokenTokenizer(text: string): Tokenizer {
  const ranks = readTiktokenRanks(text);
  let first = 0;
  for (const rank of ranks.values()) first = Math.max(first, rank + 1);
  return tokenizerAround(tiktokenBpe(ranks), {
    normalizer: { type: 'NFC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: QWEN_SPLIT }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, use_regex: false },
      ],
    },
    decoder: { type: 'ByteLevel' },
    added_tokens: QWEN_SPECIAL_TOKENS.map((content, i) => ({ id: first + i, content, special: true })),
  });
}
