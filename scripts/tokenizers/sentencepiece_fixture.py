"""Makes the SentencePiece fixtures the tokenizer tests read (tests/fixtures/sentencepiece/): two small
BPE models trained with Google's own sentencepiece library (Debian's python3-sentencepiece) on the
site's articles, and the ids that library gives for a list of texts (and the text it decodes them back to). The tests check that the site's
reader of .model files (kernels/tokenizers/sentencepiece.ts) gives the same ids.

    /usr/bin/python3 scripts/tokenizers/sentencepiece_fixture.py TEXTS.json OUT_DIR

Run through `node scripts/tokenizers/sentencepiece-fixture.ts`, which writes TEXTS.json from the
tests' corpus. The two models differ where released models differ: LLaMA's settings (a "▁" put in
front of the text, spaces kept as they are) and the library's defaults (no "▁" in front, runs of
spaces collapsed and the ends trimmed). Both fall back to bytes for characters outside the vocab.
"""

import glob
import json
import os
import sys
import tempfile

import sentencepiece as spm

SETTINGS = {
    "llama-style": {"add_dummy_prefix": True, "remove_extra_whitespaces": False},
    "collapse-spaces": {"add_dummy_prefix": False, "remove_extra_whitespaces": True},
}


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


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
