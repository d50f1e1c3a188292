"""Makes the SentencePiece fixtures the tokenizer tests read (tests/fixtures/sentencepiece/): two small
BPE models trained with Google's own sentencepiece library (Debian's python3-sentencepiece) on the
site's articles, and the ids that library gives for a list of texts (and the text it decodes them back to). The tests check that the site's
reader of .model files (kernels/tokenizers/sentencepiece.ts) gives the same ids.

    /usr/bin/python3 scripts/tokenizers/sentencepiece_fixture.py TEXTS.json OUT_DIR

Run through `node scripts/tokenizers/sentencepiece-fixture.ts`, which writes TEXTS.json from the
tests' corpus. The two models differ where released models differ: LLaMA's settings (a "▁" put in
front of the text, spaces kept as they are) and the library's defaults (no "▁" in front, runs of
spaces collapsed and the ends trimmed). Both fall back to bytes for characters outside the vocab.
A third, smaller model normalizes through a character map (NFKC rules, see nfkc_rules) and has
user-defined pieces the map would rewrite if the library did not keep them as written.
"""

import glob
import json
import os
import sys
import tempfile
import unicodedata

import sentencepiece as spm

# The NFKC model's fixture keeps the mixed corpus and the first few held-out texts, to stay small.
NFKC_TEXTS = 24

SETTINGS = {
    "llama-style": {"add_dummy_prefix": True, "remove_extra_whitespaces": False},
    "collapse-spaces": {"add_dummy_prefix": False, "remove_extra_whitespaces": True},
}


def nfkc_rules(texts):
    """A normalization_rule_tsv: source code points, a tab, target code points (none: dropped)."""
    rules = {}
    chars = {c for t in texts for c in t} | {chr(cp) for cp in range(0xFF01, 0xFF5F)} | {"\u3000", "\u00a0"}
    for c in sorted(chars):
        if unicodedata.normalize("NFKC", c) != c:
            rules[c] = unicodedata.normalize("NFKC", c)
    for t in texts:
        for a, b in zip(t, t[1:]):
            if unicodedata.combining(b) and len(unicodedata.normalize("NFKC", a + b)) == 1:
                rules[a + b] = unicodedata.normalize("NFKC", a + b)
    rules.update({c: " " for c in "\t\r\n\u3000"})
    rules.update({c: "" for c in "\u0007\u001b\u007f\u00ad\u200b\ufeff"})
    return "".join(" ".join(f"{ord(c):X}" for c in s) + "\t" + " ".join(f"{ord(c):X}" for c in t) + "\n" for s, t in rules.items())


def training_text(root):
    files = sorted(glob.glob(os.path.join(root, "content", "docs", "*", "**", "*.mdx"), recursive=True))
    return "".join(open(f, encoding="utf-8").read() + "\n" for f in files)


def main(texts_path, out_dir):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    texts = json.load(open(texts_path, encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.txt")
        with open(corpus, "w", encoding="utf-8") as f:
            f.write(training_text(root))
        for name, flags in SETTINGS.items():
            prefix = os.path.join(tmp, name)
            spm.SentencePieceTrainer.train(
                input=corpus, model_prefix=prefix, model_type="bpe", vocab_size=2500, character_coverage=0.98,
                byte_fallback=True, split_digits=True, normalization_rule_name="identity",
                allow_whitespace_only_pieces=True, max_sentence_length=100000, num_threads=1, minloglevel=2,
                **flags,
            )
            model = open(prefix + ".model", "rb").read()
            processor = spm.SentencePieceProcessor(model_proto=model)
            with open(os.path.join(out_dir, name + ".model"), "wb") as f:
                f.write(model)
            expected = {
                "made_by": f"sentencepiece {spm.__version__}, {json.dumps(flags)}",
                "texts": texts,
                "ids": [processor.encode(t) for t in texts],
                "decoded": [processor.decode(processor.encode(t)) for t in texts],
            }
            with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as f:
                json.dump(expected, f, ensure_ascii=False)
                f.write("\n")
        rules = os.path.join(tmp, "nfkc.tsv")
        with open(rules, "w", encoding="utf-8") as f:
            f.write(nfkc_rules(texts))
        prefix = os.path.join(tmp, "nfkc")
        spm.SentencePieceTrainer.train(
            input=corpus, model_prefix=prefix, model_type="bpe", vocab_size=600, character_coverage=0.98,
            byte_fallback=True, normalization_rule_tsv=rules, user_defined_symbols=["ＢＣ", "，。"],
            max_sentence_length=100000, num_threads=1, minloglevel=2,
        )
        model = open(prefix + ".model", "rb").read()
        processor = spm.SentencePieceProcessor(model_proto=model)
        with open(os.path.join(out_dir, "nfkc-user-defined.model"), "wb") as f:
            f.write(model)
        few = texts[:NFKC_TEXTS]
        with open(os.path.join(out_dir, "nfkc-user-defined.json"), "w", encoding="utf-8") as f:
            json.dump({
                "made_by": f"sentencepiece {spm.__version__}, NFKC rules, user-defined ＢＣ and ，。",
                "texts": few,
                "ids": [processor.encode(t) for t in few],
                "decoded": [processor.decode(processor.encode(t)) for t in few],
            }, f, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
