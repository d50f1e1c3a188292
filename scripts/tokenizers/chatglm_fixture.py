"""Makes the ChatGLM tokenizer fixtures (tests/fixtures/chatglm/): what ChatGLM's own Python tokenizers
(tokenization_chatglm.py of THUDM/chatglm-6b, chatglm2-6b and chatglm3-6b) give for a list of texts,
worked out here by Google's sentencepiece library plus ChatGLM's rules, written afresh in a few lines
each. The tests check the site's reader (kernels/tokenizers/chatglm*.ts) against these ids and texts.

    /usr/bin/python3 scripts/tokenizers/chatglm_fixture.py TEXTS.json OUT_DIR SENTENCEPIECE_DIR

Run through `node scripts/tokenizers/sentencepiece-fixture.ts`, after sentencepiece_fixture.py.

ChatGLM2 and ChatGLM3 ship the same tokenizer.model, a SentencePiece BPE model with LLaMA's settings:
the small "llama-style" model of SENTENCEPIECE_DIR stands in for it. ChatGLM-6B's ice_text.model is
trained here: a BPE model with "<n>" as a user-defined piece, to which ChatGLM's code appends its
special pieces, a tab piece, 79 blank pieces and 256 byte pieces (ice-text-icetk.model is the file as
trained, the way the first release shipped it; ice-text.model has the pieces appended, as the release
has shipped it since 2023-04-06). ChatGLM-6B's tokenizer applies NFKC (its authors say so in
THUDM/ChatGLM-6B issue 8: full-width commas come out as ASCII ones); the library's own NFKC map is
about 200 KB, so this model gets a small one built from NFKC itself: every character of the texts,
the full-width forms and the combining pairs of the texts that NFKC changes, whitespace to spaces and
a few invisible characters dropped, as the library's nmt_nfkc rules do (nfkc_rules in
sentencepiece_fixture.py).
"""

import json
import os
import re
import struct
import sys
import tempfile

import sentencepiece as spm

from sentencepiece_fixture import nfkc_rules, training_text

# ---- Protocol Buffers, just enough to append pieces to a model file --------------------------------


def varint(n):
    out = b""
    while n >= 128:
        out += bytes([(n & 127) | 128])
        n >>= 7
    return out + bytes([n])


def length_delimited(number, body):
    return varint(number << 3 | 2) + varint(len(body)) + body


def piece_field(text, kind):
    """ModelProto.pieces (field 1): piece (1), score (2, float) and type (3)."""
    body = length_delimited(1, text.encode("utf-8")) + varint(2 << 3 | 5) + struct.pack("<f", 0.0) + varint(3 << 3) + varint(kind)
    return length_delimited(1, body)


CONTROL, USER_DEFINED, BYTE = 3, 4, 6

# ---- ChatGLM-6B ---------------------------------------------------------------------------------------

GLM6B_SPECIAL = ["[MASK]", "[gMASK]", "[sMASK]", "<unused_0>", "<sop>", "<eop>", "<ENC>", "<dBLOCK>"]
# tokenizer_config.json's bos, eos, unk, pad and mask tokens: transformers' tokenize() keeps them whole.
GLM6B_CUT = ["<sop>", "<eop>", "<unk>", "<pad>", "[MASK]"]
MAX_BLANK = 80
CLEAN_UP = [(" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")]


def with_glm6b_pieces(model):
    """The model with ChatGLM-6B's appended pieces and byte fallback switched on (a second trainer_spec
    block, field 2, holding byte_fallback = 35: a parser merges it into the first)."""
    appended = [piece_field(t, CONTROL) for t in GLM6B_SPECIAL]
    appended += [piece_field("<|tab|>", USER_DEFINED)] + [piece_field(f"<|blank_{n}|>", USER_DEFINED) for n in range(2, MAX_BLANK + 1)]
    appended += [piece_field(f"<0x{b:02X}>", BYTE) for b in range(256)]
    return model + b"".join(appended) + length_delimited(2, varint(35 << 3) + varint(1))


def glm6b_text(text):
    """Line breaks, tabs and runs of spaces as ChatGLM-6B writes them before sentencepiece sees the text."""
    text = text.replace("\n", "<n>").replace("\t", "<|tab|>")
    out, i = "", 0
    while i < len(text):
        run = 0
        while i + run < len(text) and text[i + run] == " ":
            run += 1
        if run == 0:
            out += text[i]
            i += 1
            continue
        i += run
        while run >= 2:  # at most MAX_BLANK spaces a piece; a lone space stays a space
            take = min(run, MAX_BLANK)
            out += f"<|blank_{take}|>"
            run -= take
        out += " " * run
    return out


def glm6b_encode(sp, text):
    """transformers' tokenize() before 4.34, which ChatGLM-6B's code needs: the text cut at the
    GLM6B_CUT names, the whitespace stripped on each side that touches one, every other stretch
    encoded on its own."""
    parts = re.split("(" + "|".join(re.escape(name) for name in GLM6B_CUT) + ")", text)
    for k, part in enumerate(parts):
        if part in GLM6B_CUT:
            if k > 0:
                parts[k - 1] = parts[k - 1].rstrip()
            if k + 1 < len(parts):
                parts[k + 1] = parts[k + 1].lstrip()
    ids = []
    for part in parts:
        if part in GLM6B_CUT:
            ids.append(sp.piece_to_id(part))
        elif part:
            ids += sp.encode(glm6b_text(part))
    return ids


def glm6b_decode(sp, ids, image_tokens, pad_id):
    pieces = []
    for i in ids:
        if i == pad_id:
            continue
        pieces.append(f"<image_{i}>" if i < image_tokens else sp.id_to_piece(i - image_tokens))
    text = sp.decode_pieces(pieces).replace("<n>", "\n").replace("<|tab|>", "\t")
    for n in range(2, MAX_BLANK + 1):
        text = text.replace(f"<|blank_{n}|>", " " * n)
    # transformers' decode then tidies English spacing (clean_up_tokenization_spaces, on by default
    # before 4.34 and never turned off by ChatGLM-6B's class).
    for before, after in CLEAN_UP:
        text = text.replace(before, after)
    return text


def glm6b_expected(sp, texts):
    """ids with num_image_tokens 0 (the released tokenizer_config.json since 2023-04-06)."""
    gmask, sop, pad = sp.piece_to_id("[gMASK]"), sp.piece_to_id("<sop>"), sp.piece_to_id("<pad>")
    ids = [glm6b_encode(sp, t) for t in texts]
    special = [i + [gmask, sop] for i in ids]
    # Ids no text encodes to: <unk> first, an answer after <sop> closed by <eop>, a <pad>.
    unk, eop = sp.unk_id(), sp.piece_to_id("<eop>")
    odd = [[unk] + i + [gmask, sop] + i + [eop, pad] for i in ids[:6]]
    return {
        "ids": ids,
        "ids_special": special,
        "decoded": [glm6b_decode(sp, i, 0, pad) for i in ids],
        "decoded_special": [glm6b_decode(sp, i, 0, pad) for i in special],
        "odd_ids": odd,
        "decoded_odd": [glm6b_decode(sp, i, 0, pad) for i in odd],
    }


# ---- ChatGLM2 and ChatGLM3 ------------------------------------------------------------------------------

GLM2_SPECIAL = ["[MASK]", "[gMASK]", "[sMASK]", "sop", "eop"]
GLM3_SPECIAL = GLM2_SPECIAL + ["<|system|>", "<|user|>", "<|assistant|>", "<|observation|>"]


def glm2_decode(sp, ids, names):
    """Hugging Face's decode of ChatGLMTokenizer: each id to a token string, then sentencepiece's
    decode_pieces. <s>, </s> and <unk> become empty strings; the ids after the vocabulary their names
    (ChatGLM3) or empty strings (ChatGLM2)."""
    n = sp.get_piece_size()
    hidden = {sp.bos_id(), sp.eos_id(), sp.unk_id()}
    tokens = []
    for i in ids:
        if i >= n:
            tokens.append(names[i - n] if names is GLM3_SPECIAL else "")
        else:
            tokens.append("" if i in hidden else sp.id_to_piece(i))
    return sp.decode_pieces(tokens)


def glm2_expected(sp, texts):
    """The text's ids are the same for both ([gMASK] sop in front); decoding differs."""
    n = sp.get_piece_size()
    special_id = {name: n + k for k, name in enumerate(GLM3_SPECIAL)}

    def encode(text, names):
        """As Hugging Face's tokenizer(text) runs ChatGLMTokenizer: sentencepiece's pieces, each looked up
        among the special names first, so a piece spelled "sop" or "eop" becomes that special id."""
        return [n + names.index(p) if p in names else sp.piece_to_id(p) for p in sp.encode_as_pieces(text)]

    ids = [encode(t, GLM3_SPECIAL) for t in texts]
    assert ids == [encode(t, GLM2_SPECIAL) for t in texts], "a role token's name came out of sentencepiece as one piece"
    special = [[special_id["[gMASK]"], special_id["sop"]] + i for i in ids]
    # Special tokens inside the ids, as a chat turn puts them: each text as one user turn, then the
    # answer's role token (ChatGLM3) or eop (ChatGLM2), and </s> and <unk>, which decode to nothing.
    tail = [sp.eos_id(), sp.unk_id()]
    turns = {
        "chatglm2": [s + [special_id["[MASK]"]] + i + [special_id["eop"]] + tail for s, i in zip(special, ids)],
        "chatglm3": [s + [special_id["<|user|>"]] + sp.encode("\n") + i + [special_id["<|assistant|>"]] + tail for s, i in zip(special, ids)],
    }
    decodes = {}
    for name, names in (("chatglm2", GLM2_SPECIAL), ("chatglm3", GLM3_SPECIAL)):
        decodes[name] = {
            "decoded": [glm2_decode(sp, i, names) for i in ids],
            "decoded_special": [glm2_decode(sp, i, names) for i in special],
            "turns": turns[name],
            "decoded_turns": [glm2_decode(sp, i, names) for i in turns[name]],
        }
    return {"ids": ids, "ids_special": special, **decodes}


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False)
        f.write("\n")


def main(texts_path, out_dir, sentencepiece_dir):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    texts = json.load(open(texts_path, encoding="utf-8"))
    os.makedirs(out_dir, exist_ok=True)

    llama_style = open(os.path.join(sentencepiece_dir, "llama-style.model"), "rb").read()
    sp = spm.SentencePieceProcessor(model_proto=llama_style)
    write_json(os.path.join(out_dir, "chatglm2-3.json"), {
        "made_by": f"sentencepiece {spm.__version__}, llama-style.model with ChatGLM2's and ChatGLM3's rules",
        "texts": texts,
        **glm2_expected(sp, texts),
    })

    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.txt")
        with open(corpus, "w", encoding="utf-8") as f:
            f.write(training_text(root))
        prefix = os.path.join(tmp, "ice")
        rules = os.path.join(tmp, "nfkc.tsv")
        with open(rules, "w", encoding="utf-8") as f:
            f.write(nfkc_rules(texts))
        flags = {"add_dummy_prefix": True, "remove_extra_whitespaces": True}
        spm.SentencePieceTrainer.train(
            input=corpus, model_prefix=prefix, model_type="bpe", vocab_size=1200, character_coverage=0.98,
            user_defined_symbols=["<n>"], control_symbols=["<pad>"], split_digits=True, normalization_rule_tsv=rules,
            max_sentence_length=100000, num_threads=1, minloglevel=2, **flags,
        )
        trained = open(prefix + ".model", "rb").read()
    appended = with_glm6b_pieces(trained)
    for file, model in (("ice-text-icetk.model", trained), ("ice-text.model", appended)):
        with open(os.path.join(out_dir, file), "wb") as f:
            f.write(model)
    write_json(os.path.join(out_dir, "chatglm-6b.json"), {
        "made_by": f"sentencepiece {spm.__version__}, {json.dumps(flags)}, an NFKC character map, ChatGLM-6B's rules",
        "texts": texts,
        **glm6b_expected(spm.SentencePieceProcessor(model_proto=appended), texts),
    })


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
