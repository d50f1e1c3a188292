"""Encode text with the shared tokenizer.json, the same way kernels/tokenizers does (Metaspace
words, characters or their byte tokens, then merges by rank); a Node test checks the ids agree."""

import json


class Tokenizer:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            model = json.load(f)["model"]
        self.vocab = model["vocab"]
        self.ranks = {tuple(pair): i for i, pair in enumerate(model["merges"])}

    def symbols(self, ch):
        if ch in self.vocab:
            return [ch]
        return [f"<0x{b:02X}>" for b in ch.encode("utf-8")]

    def encode_word(self, word):
        parts = [s for ch in word for s in self.symbols(ch)]
        while True:
            ranked = [(self.ranks.get((a, b), None), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
            ranked = [(r, i) for r, i in ranked if r is not None]
            if not ranked:
                return [self.vocab[p] for p in parts]
            _, i = min(ranked)
            parts[i : i + 2] = [parts[i] + parts[i + 1]]

    def encode(self, text):
        text = "\u2581" + text.replace(" ", "\u2581")
        words, start = [], 0
        for i in range(1, len(text)):
            if text[i] == "\u2581":
                words.append(text[start:i])
                start = i
        words.append(text[start:])
        return [t for w in words for t in self.encode_word(w)]


def encode_documents(corpus_path, tokenizer_path):
    tok = Tokenizer(tokenizer_path)
    with open(corpus_path, encoding="utf-8") as f:
        return [tok.encode(doc) for doc in f.read().strip().split("\n\n")]
