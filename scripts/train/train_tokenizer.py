"""Learn the one small tokenizer all trained models share, and write it as a Hugging Face tokenizer.json.

SentencePiece-style BPE (the layout ChatGLM's tokenizer.json uses: Metaspace pre-tokenizer, '▁' for
a space, byte fallback):
  - ids 0–7 are the special tokens every family's config points at: <unk> <s> </s> <pad> [MASK]
    [gMASK] <sop> <eop>;
  - then the 256 byte tokens <0x00>…<0xFF> (any character outside the vocab, and the newline that
    ends a poem line, is spelled in bytes);
  - then '▁', printable ASCII and every other character seen at least MIN_COUNT times in the
    training text, so a Chinese character is one token, not three bytes;
  - then merges learned on the English words only (pairs of ASCII symbols), so Chinese characters
    are never glued together and a poem's line length in tokens equals its length in characters.

Usage (after prepare_corpus.py): /usr/bin/python3 scripts/train/train_tokenizer.py
Writes .cache/train/tokenizer.json (git-ignored; train.py copies it next to each model).
"""

import collections
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.path.join(ROOT, ".cache", "train")
SPECIALS = ["<unk>", "<s>", "</s>", "<pad>", "[MASK]", "[gMASK]", "<sop>", "<eop>"]
MIN_COUNT = 8
MERGES = 600
META = "\u2581"  # '▁'


def byte_token(b):
    return f"<0x{b:02X}>"


def words_of(text):
    """What the Metaspace pre-tokenizer (prepend 'first', split) makes of one document."""
    text = META + text.replace(" ", META)
    words, start = [], 0
    for i in range(1, len(text)):
        if text[i] == META:
            words.append(text[start:i])
            start = i
    words.append(text[start:])
    return words


def learn_merges(word_counts, symbols, count):
    """Classic BPE: repeatedly merge the most frequent adjacent pair of ASCII symbols."""
    ascii_symbol = lambda s: all(ord(ch) < 128 or ch == META for ch in s)
    words = {tuple(w): n for w, n in word_counts.items() if all(ascii_symbol(ch) for ch in w)}
    merges = []
    while len(merges) < count:
        pairs = collections.Counter()
        for word, n in words.items():
            for pair in zip(word, word[1:]):
                pairs[pair] += n
        if not pairs:
            break
        # most frequent first, ties broken by the pair's text so the result is deterministic
        (a, b), n = min(pairs.items(), key=lambda item: (-item[1], item[0]))
        if n < 2:
            break
        merges.append((a, b))
        symbols.append(a + b)
        merged = {}
        for word, m in words.items():
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + m
        words = merged
    return merges


def tokenizer_json(vocab, merges):
    metaspace = {"type": "Metaspace", "replacement": META, "prepend_scheme": "first", "split": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i, s in enumerate(SPECIALS)
        ],
        "normalizer": None,
        "pre_tokenizer": metaspace,
        "post_processor": None,
        "decoder": {"type": "Sequence", "decoders": [{"type": "ByteFallback"}, metaspace]},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": "<unk>",
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": True,
            "byte_fallback": True,
            "ignore_merges": False,
            "vocab": {token: i for i, token in enumerate(vocab)},
            "merges": [[a, b] for a, b in merges],
        },
    }


def main():
    with open(os.path.join(CACHE, "corpus", "train.txt"), encoding="utf-8") as f:
        documents = f.read().strip().split("\n\n")
    char_counts = collections.Counter(ch for d in documents for ch in d)
    word_counts = collections.Counter(w for d in documents for w in words_of(d))

    base = [chr(c) for c in range(0x21, 0x7F)]
    others = sorted((ch for ch, n in char_counts.items() if n >= MIN_COUNT and ord(ch) > 0x7E and ch != META),
                    key=lambda ch: (-char_counts[ch], ch))
    symbols = [META] + base + others
    merges = learn_merges(word_counts, symbols, MERGES)
    vocab = SPECIALS + [byte_token(b) for b in range(256)] + symbols
    assert len(set(vocab)) == len(vocab)

    with open(os.path.join(CACHE, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab, merges), f, ensure_ascii=False)
    print(f"vocab {len(vocab)}: {len(SPECIALS)} special, 256 bytes, {len(others)} characters, {len(merges)} merges")


if __name__ == "__main__":
    main()
