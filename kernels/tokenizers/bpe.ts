// The BPE model of tokenizer.json ("model": {"type": "BPE", "vocab", "merges", ...}).
//
// Byte-pair encoding turns one word into tokens by starting from single characters and repeatedly
// gluing the adjacent pair that comes first in the merge list (its rank), until no adjacent pair is
// listed. The merge list is the order in which training found the pairs, so frequent fragments
// ("th", "the", "▁the") are built first. A character missing from the vocab becomes its UTF-8 bytes
// as `<0xNN>` tokens when `byte_fallback` is set (SentencePiece style), else the unknown token.
import { array, bool, fail, object, string, type JsonObject } from './json.ts';

export type Bpe = {
  readonly vocab: ReadonlyMap<string, number>;
  /** The ids of one pre-tokenized word. */
  encodeWord(word: string): number[];
};

const PATH = 'model';

export function bpeModel(config: unknown): Bpe {
  const o = object(config, PATH);
  const type = o['type'] ?? 'BPE';
  if (type !== 'BPE')
    fail(`${PATH}.type`, `'${String(type)}' is not supported (supported: BPE; WordPiece, Unigram and WordLevel are not)`);
  for (const key of ['continuing_subword_prefix', 'end_of_word_suffix']) {
    if (o[key] !== null && o[key] !== undefined && o[key] !== '') fail(`${PATH}.${key}`, 'is not supported');
  }
  const vocab = readVocab(o);
  const ranks = readMerges(o, vocab);
  const unk = o['unk_token'] === null || o['unk_token'] === undefined ? null : string(o, 'unk_token', PATH);
  if (unk !== null && !vocab.has(unk)) fail(`${PATH}.unk_token`, `'${unk}' is not in the vocab`);
  const byteFallback = bool(o, 'byte_fallback', PATH, false);
  const fuseUnk = bool(o, 'fuse_unk', PATH, false);
  // Llama 3: a word that is already a token is taken whole, even if the merges would not build it.
  const ignoreMerges = bool(o, 'ignore_merges', PATH, false);

  /** A character as symbols: itself, its bytes, or the unknown token. */
  function symbolsOf(char: string, previous: string | undefined): string[] {
    if (vocab.has(char)) return [char];
    if (byteFallback) {
      const bytes = [...new TextEncoder().encode(char)].map((b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      if (bytes.every((b) => vocab.has(b))) return bytes;
    }
    if (unk === null) {
      throw new Error(
        `tokenizer: '${char}' is not in the vocabulary, and the tokenizer has no unk_token or byte fallback for it`,
      );
    }
    return fuseUnk && previous === unk ? [] : [unk];
  }

  return {
    vocab,
    encodeWord(word) {
      if (ignoreMerges && vocab.has(word)) return [vocab.get(word)!];
      const symbols: string[] = [];
      for (const char of word) symbols.push(...symbolsOf(char, symbols.at(-1)));

      // Glue the best-ranked adjacent pair (the leftmost one on a tie), until none is in the list.
      for (;;) {
        let best = -1;
        let bestRank = Infinity;
        for (let i = 0; i + 1 < symbols.length; i++) {
          const rank = ranks.get(symbols[i]!)?.get(symbols[i + 1]!);
          if (rank !== undefined && rank < bestRank) [best, bestRank] = [i, rank];
        }
        if (best < 0) break;
        symbols.splice(best, 2, symbols[best]! + symbols[best + 1]!);
      }
      return symbols.map((s) => vocab.get(s)!);
    },
  };
}

function readVocab(o: JsonObject): Map<string, number> {
  const entries = Object.entries(object(o['vocab'], `${PATH}.vocab`));
  for (const [token, id] of entries) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0)
      fail(`${PATH}.vocab['${token}']`, `must be a token id, got ${JSON.stringify(id)}`);
  }
  return new Map(entries as [string, number][]);
}

/** rank of (a, b) = its index in the merge list; both forms: "a b" and ["a", "b"]. */
function readMerges(o: JsonObject, vocab: ReadonlyMap<string, number>): Map<string, Map<string, number>> {
  const ranks = new Map<string, Map<string, number>>();
  array(o['merges'] ?? [], `${PATH}.merges`).forEach((merge, rank) => {
    const where = `${PATH}.merges[${rank}]`;
    const pair = typeof merge === 'string' ? merge.split(' ') : merge;
    if (!Array.isArray(pair) || pair.length !== 2 || pair.some((p) => typeof p !== 'string')) {
      fail(where, `must be "a b" or ["a", "b"], got ${JSON.stringify(merge)}`);
    }
    const [a, b] = pair as [string, string];
    for (const token of [a, b, a + b]) if (!vocab.has(token)) fail(where, `uses '${token}', which is not in the vocab`);
    if (!ranks.has(a)) ranks.set(a, new Map());
    ranks.get(a)!.set(b, rank);
  });
  return ranks;
}
