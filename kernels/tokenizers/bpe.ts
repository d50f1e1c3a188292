// The BPE model of tokenizer.json ("model": {"type": "BPE", "vocab", "merges", ...}).
//
// Byte-pair encoding turns one word into tokens by starting from single characters and repeatedly
// gluing the adjacent pair that comes first in the merge list (its rank), the leftmost such pair on
// a tie, until no adjacent pair is listed. The merge list is the order in which training found the
// pairs, so frequent fragments ("th", "the", "▁the") are built first. A character missing from the
// vocab becomes its UTF-8 bytes as `<0xNN>` tokens when `byte_fallback` is set (SentencePiece
// style), else the unknown token.
//
// Rescanning the word for its best pair after every merge costs O(n²) on a long word, and LLaMA's
// tokenizer.json has no pre-tokenizer: a pasted page is one 10,000-character word. So the candidate
// pairs wait in a min-heap ordered by (rank, position), as Hugging Face's Rust `merge_word` keeps
// them, and the word is a linked list of symbols: each merge is O(log n).
import { array, bool, fail, object, string, type JsonObject } from './json.ts';
import { MinHeap } from './min-heap.ts';

export type Bpe = {
  readonly vocab: ReadonlyMap<string, number>;
  /** Appends the ids of one pre-tokenized word to `out`. */
  encodeWord(word: string, out: number[]): void;
};

const PATH = 'model';
/** Words shorter than this are remembered (prose repeats its words); a pasted page is not. */
const CACHED_WORD_LENGTH = 256;
const CACHE_SIZE = 20_000;

/**
 * Which adjacent pairs may be glued: a pair's rank (lower merges first; undefined: never), and the
 * id of the token a rank makes. tokenizer.json lists the pairs (`merges`); a tiktoken rank file
 * (tiktoken.ts) ranks every pair by the rank of the token the two make together.
 */
export type Merges = {
  rankOf(left: number, right: number): number | undefined;
  mergedId(rank: number): number;
};

/** How a word's characters become the symbols merging starts from. */
export type SymbolRules = {
  /** The id that stands for a character missing from the vocab (and its bytes), if any. */
  readonly unk?: number | undefined;
  /** Consecutive unknown characters make one unknown token. */
  readonly fuseUnk?: boolean;
  /** byte → its <0xNN> token, where the vocab has one (SentencePiece byte fallback). */
  readonly byteIds?: readonly (number | undefined)[] | undefined;
  /** A word that is already a token is taken whole (Llama 3), even if the merges would not build it. */
  readonly ignoreMerges?: boolean;
};

export function bpeModel(config: unknown): Bpe {
  const o = object(config, PATH);
  const type = o['type'] ?? 'BPE';
  if (type !== 'BPE')
    fail(`${PATH}.type`, `'${String(type)}' is not supported (supported: BPE; WordPiece, Unigram and WordLevel are not)`);
  for (const key of ['continuing_subword_prefix', 'end_of_word_suffix']) {
    if (o[key] !== null && o[key] !== undefined && o[key] !== '') fail(`${PATH}.${key}`, 'is not supported');
  }
  const vocab = readVocab(o);
  const merges = readMerges(o, vocab);
  const unkToken = o['unk_token'] === null || o['unk_token'] === undefined ? null : string(o, 'unk_token', PATH);
  if (unkToken !== null && !vocab.has(unkToken)) fail(`${PATH}.unk_token`, `'${unkToken}' is not in the vocab`);
  return bpe(vocab, merges, {
    unk: unkToken === null ? undefined : vocab.get(unkToken),
    fuseUnk: bool(o, 'fuse_unk', PATH, false),
    byteIds: bool(o, 'byte_fallback', PATH, false) ? byteTokenIds(vocab) : undefined,
    ignoreMerges: bool(o, 'ignore_merges', PATH, false),
  });
}

/** Byte-pair encoding over `vocab` with `merges`, words cut into symbols by `rules`. */
export function bpe(vocab: ReadonlyMap<string, number>, merges: Merges, rules: SymbolRules = {}): Bpe {
  const { unk, fuseUnk = false, byteIds, ignoreMerges = false } = rules;
  const utf8 = new TextEncoder();

  /** The byte tokens of a character missing from the vocab, or undefined where a byte has none. */
  const bytesOfMissing = new Map<string, readonly number[] | undefined>();
  function byteSymbols(char: string): readonly number[] | undefined {
    if (byteIds === undefined) return undefined;
    if (!bytesOfMissing.has(char)) {
      const ids = Array.from(utf8.encode(char), (byte) => byteIds[byte]);
      bytesOfMissing.set(char, ids.every((id) => id !== undefined) ? (ids as number[]) : undefined);
    }
    return bytesOfMissing.get(char);
  }

  /** The word's characters as symbol ids: the character's token, its bytes, or the unknown token. */
  function symbolsOf(word: string): number[] {
    const symbols: number[] = [];
    for (const char of word) {
      const id = vocab.get(char);
      if (id !== undefined) {
        symbols.push(id);
        continue;
      }
      const bytes = byteSymbols(char);
      if (bytes !== undefined) for (const byte of bytes) symbols.push(byte);
      else if (unk === undefined)
        throw new Error(`tokenizer: '${char}' is not in the vocabulary, and the tokenizer has no unk_token or byte fallback for it`);
      else if (!(fuseUnk && symbols.at(-1) === unk)) symbols.push(unk);
    }
    return symbols;
  }

  const cache = new Map<string, readonly number[]>();
  return {
    vocab,
    encodeWord(word, out) {
      const whole = ignoreMerges ? vocab.get(word) : undefined;
      if (whole !== undefined) {
        out.push(whole);
        return;
      }
      let ids = cache.get(word);
      if (ids === undefined) {
        ids = mergeWord(symbolsOf(word), merges);
        if (word.length < CACHED_WORD_LENGTH) {
          if (cache.size >= CACHE_SIZE) cache.clear();
          cache.set(word, ids);
        }
      }
      for (const id of ids) out.push(id);
    },
  };
}

/**
 * Glues the best-ranked adjacent pair (the leftmost on a tie) until none is listed. Symbol i keeps
 * its place in `symbols` when it absorbs its right neighbour, so a position orders pairs left to
 * right; a heap entry whose pair has since changed (a neighbour merged away) is skipped when popped.
 */
function mergeWord(symbols: number[], merges: Merges): number[] {
  const n = symbols.length;
  if (n < 2) return symbols;
  const next = new Int32Array(n).map((_, i) => (i + 1 < n ? i + 1 : -1));
  const previous = new Int32Array(n).map((_, i) => i - 1);
  const alive = new Uint8Array(n).fill(1);
  // An entry is rank * n + i: the pair that starts at symbol i, ordered by rank, then by position.
  const heap = new MinHeap();
  const rankAt = (i: number): number | undefined => (next[i]! < 0 ? undefined : merges.rankOf(symbols[i]!, symbols[next[i]!]!));
  const offer = (i: number): void => {
    const rank = rankAt(i);
    if (rank !== undefined) heap.push(rank * n + i);
  };
  for (let i = 0; i + 1 < n; i++) offer(i);

  while (heap.size > 0) {
    const entry = heap.pop();
    const [rank, i] = [Math.floor(entry / n), entry % n];
    if (alive[i] === 0 || rankAt(i) !== rank) continue;
    const right = next[i]!;
    symbols[i] = merges.mergedId(rank);
    alive[right] = 0;
    next[i] = next[right]!;
    if (next[i]! >= 0) previous[next[i]!] = i;
    if (previous[i]! >= 0) offer(previous[i]!);
    offer(i);
  }
  const ids: number[] = [];
  for (let i = 0; i >= 0; i = next[i]!) ids.push(symbols[i]!);
  return ids;
}

function readVocab(o: JsonObject): Map<string, number> {
  const vocab = new Map<string, number>();
  const entries = object(o['vocab'], `${PATH}.vocab`);
  // for…in, not Object.entries: no 151,643 [token, id] arrays made only to be taken apart.
  for (const token in entries) {
    const id = entries[token];
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0)
      fail(`${PATH}.vocab['${token}']`, `must be a token id, got ${JSON.stringify(id)}`);
    vocab.set(token, id);
  }
  return vocab;
}

/** rank of (a, b) = its index in the merge list; both forms: "a b" and ["a", "b"]. */
function readMerges(o: JsonObject, vocab: ReadonlyMap<string, number>): Merges {
  let size = 0;
  for (const id of vocab.values()) size = Math.max(size, id + 1);
  // Two ids below `size` as one number (Qwen: 151,643² ≈ 2.3e10, well inside a double's 2⁵³).
  const pairKey = (left: number, right: number): number => left * size + right;
  const list = array(o['merges'] ?? [], `${PATH}.merges`);
  const rank = new Map<number, number>();
  const mergedId = new Int32Array(list.length);
  // A plain loop without a closure or array per merge: Qwen has 151,387 of them.
  for (let r = 0; r < list.length; r++) {
    const merge = list[r];
    const pair = typeof merge === 'string' ? merge.split(' ') : merge;
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      fail(`${PATH}.merges[${r}]`, `must be "a b" or ["a", "b"], got ${JSON.stringify(merge)}`);
    }
    const [a, b] = pair as [string, string];
    const [left, right, merged] = [vocab.get(a), vocab.get(b), vocab.get(a + b)];
    if (left === undefined || right === undefined || merged === undefined) {
      const missing = [a, b, a + b].find((token) => !vocab.has(token));
      fail(`${PATH}.merges[${r}]`, `uses '${missing}', which is not in the vocab`);
    }
    // A pair listed twice keeps its last rank, as Hugging Face's map from pair to rank does.
    rank.set(pairKey(left, right), r);
    mergedId[r] = merged;
  }
  return { rankOf: (left, right) => rank.get(pairKey(left, right)), mergedId: (r) => mergedId[r]! };
}

export function byteTokenIds(vocab: ReadonlyMap<string, number>): (number | undefined)[] {
  return Array.from({ length: 256 }, (_, b) => vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`));
}
