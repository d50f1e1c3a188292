"""Build the training corpus and the held-out text for the trained tiny models.

Sources (both may be redistributed):
  - Chinese: regular Tang poems (every line five or seven characters, "，" and "。" at the half and
    the end) from the npm package chinese-poetry 2.0.1, MIT licence (c) 2016 JackeyGao. The script
    reads the package tarball that `npm pack chinese-poetry@2.0.1` writes; it is not committed.
  - English: prose paragraphs of this site's own English articles (content/docs/en), as they stood at
    commit PROSE_COMMIT, the text the shipped models and their tokenizer were trained on. The articles
    keep changing; read from the working tree (`--prose-commit worktree`) they give another training
    text and another tokenizer (600 English merges learned from it). Needs the git history.

Every tenth document (by its position in a fixed order) of the 300 Tang poems, the first 120 files of
the imperial collection and the prose goes to the held-out split, which the models never train on;
the other 780 files of the imperial collection train only (a poem already seen is skipped). Output:
  .cache/train/corpus/train.txt          training documents, separated by blank lines (git-ignored)
  public/models/trained/heldout.txt      held-out documents, same format (committed)

Usage (from the repository root): /usr/bin/python3 scripts/train/prepare_corpus.py [--prose-commit C]
"""

import argparse
import json
import os
import re
import subprocess
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.path.join(ROOT, ".cache", "train")
TARBALL = os.path.join(CACHE, "chinese-poetry-2.0.1.tgz")
HELDOUT = os.path.join(ROOT, "public", "models", "trained", "heldout.txt")
# The held-out split comes from the first 121 files only, so heldout.txt stays the same text whatever
# EXTRA_POEM_FILES adds; the extra files (the rest of the imperial Tang collection) only train.
POEM_FILES = ["package/dist/mengxue/tangshisanbaishou.json"] + [
    f"package/dist/yudingquantangshi/json/{i:03d}.json" for i in range(1, 121)
]
EXTRA_POEM_FILES = [f"package/dist/yudingquantangshi/json/{i:03d}.json" for i in range(121, 901)]
HELD_OUT_EVERY = 10
# The commit whose articles the shipped tokenizer and models learned their prose from (2026-12-01,
# "Retrained the six tiny models"): run from it, train_tokenizer.py gives the shipped tokenizer.json.
PROSE_COMMIT = "84e08439eab7e15a6b2d68bc3e22c7050c53751d"
MAX_POEM_LINES = 8  # quatrains and regulated verse; long ballads would not fit a 64-token window

# one line of a regular poem: two halves of 5 or 7 characters, "，" between, "。" at the end
POEM_LINE = re.compile(r"^([\u4e00-\u9fff]{5}|[\u4e00-\u9fff]{7})，([\u4e00-\u9fff]{5}|[\u4e00-\u9fff]{7})。$")


def poems_of(entry):
    """The paragraphs lists inside one JSON entry (the 300 Tang poems nest them one level down)."""
    if "paragraphs" in entry:
        yield entry["paragraphs"]
    for child in entry.get("content", []):
        yield from poems_of(child)


COUPLET = re.compile(r"[^，。]+，[^，。]+。")


def one_couplet_a_line(paragraphs):
    """The imperial collection writes most five-character poems two couplets to a paragraph
    ("X，Y。X，Y。"): split such paragraphs into one couplet a line, as the held-out poems stand."""
    lines = []
    for p in paragraphs:
        p = p.strip()
        lines += COUPLET.findall(p) if re.fullmatch(f"(?:{COUPLET.pattern})+", p) else [p]
    return lines


def regular(paragraphs):
    """A poem whose every line has the same half length, or None."""
    lines = [p.strip() for p in paragraphs]
    if not 2 <= len(lines) <= MAX_POEM_LINES or not all(POEM_LINE.match(line) for line in lines):
        return None
    if len({len(line) for line in lines}) != 1:
        return None
    return "\n".join(lines)


def read_poems(files, seen, split_couplets=False):
    poems = []
    with tarfile.open(TARBALL) as tar:
        for name in files:
            data = json.load(tar.extractfile(name))
            entries = data if isinstance(data, list) else [data]
            for entry in entries:
                for paragraphs in poems_of(entry):
                    poem = regular(one_couplet_a_line(paragraphs) if split_couplets else paragraphs)
                    if poem is not None and poem not in seen:
                        seen.add(poem)
                        poems.append(poem)
    return poems


def prose_of(mdx):
    """Plain-prose paragraphs of one article: no front matter, imports, components, math, tables,
    headings or lists; inline markup reduced to its text."""
    body = mdx.split("---", 2)[2] if mdx.startswith("---") else mdx
    body = re.sub(r"\$\$.*?\$\$", "", body, flags=re.S)
    body = re.sub(r"```.*?```", "", body, flags=re.S)
    paragraphs = []
    for block in body.split("\n\n"):
        text = " ".join(block.split())
        if not text or text[0] in "<{|#-*>![$:" or text.startswith(("import ", "export ")):
            continue
        text = re.sub(r"\$[^$]*\$", "", text)  # inline math
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their text
        text = re.sub(r"[`*_]", "", text)
        text = " ".join(text.split())
        if len(text) >= 80 and all(ord(ch) < 128 for ch in text):
            paragraphs.append(text)
    return paragraphs


def read_prose(commit):
    """Prose paragraphs of the English articles at `commit` ('worktree': as they are on disk), file by
    file in the order os.walk gives (a folder's files before its subfolders', each sorted)."""
    folder = os.path.join("content", "docs", "en")
    if commit == "worktree":
        paths = [os.path.relpath(os.path.join(base, name), ROOT)
                 for base, _, files in os.walk(os.path.join(ROOT, folder)) for name in files]
        read = lambda path: open(os.path.join(ROOT, path), encoding="utf-8").read()
    else:
        git = lambda *args: subprocess.run(["git", "-C", ROOT, *args], check=True, capture_output=True).stdout
        paths = git("ls-tree", "-r", "--name-only", commit, folder).decode("utf-8").splitlines()
        read = lambda path: git("show", f"{commit}:{path}").decode("utf-8")
    paragraphs = []
    for path in sorted((p for p in paths if p.endswith(".mdx")), key=lambda p: (os.path.dirname(p), os.path.basename(p))):
        paragraphs += prose_of(read(path))
    return paragraphs


def held_out_prose():
    with open(HELDOUT, encoding="utf-8") as f:
        return [d for d in f.read().strip().split("\n\n") if not POEM_LINE.match(d.split("\n")[0])]


def split(documents):
    train = [d for i, d in enumerate(documents) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    held = [d for i, d in enumerate(documents) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    return train, held


def write(path, documents):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(documents) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prose-commit", default=PROSE_COMMIT, help="commit to read the articles from, or 'worktree'")
    args = parser.parse_args()
    seen = set()
    poems = read_poems(POEM_FILES, seen)
    # `seen` keeps a held-out poem out of the extra files; splitting their couplets brings in their
    # five-character poems (the held-out files keep today's reading, so heldout.txt does not change)
    extra = read_poems(EXTRA_POEM_FILES, seen, split_couplets=True)
    prose = read_prose(args.prose_commit)
    poem_train, poem_held = split(poems)
    poem_train += extra
    prose_train, prose_held = split(prose)
    if os.path.exists(HELDOUT):
        # the articles keep changing, so every tenth paragraph today is not the one held out when the
        # shipped models were measured: keep the committed held-out prose, train on every other paragraph
        prose_held = held_out_prose()
        prose_train = [p for p in prose if p not in prose_held]
    write(os.path.join(CACHE, "corpus", "train.txt"), poem_train + prose_train)
    write(HELDOUT, poem_held + prose_held)
    chars = sum(len(d) for d in poem_train + prose_train)
    print(f"poems {len(poem_train)} train / {len(poem_held)} held out; "
          f"paragraphs {len(prose_train)} / {len(prose_held)}; {chars} training characters")


if __name__ == "__main__":
    main()
