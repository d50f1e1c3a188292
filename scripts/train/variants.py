"""The trained variants: each family's config.json keys (as its released config names them) at tiny
size, how its weights start, and the prompt template it is trained with.

All share one tokenizer (train_tokenizer.py): ids 0–7 = <unk> <s> </s> <pad> [MASK] [gMASK] <sop> <eop>.
"""

import math
import re

import torch

VOCAB = 4555  # the size train_tokenizer.py reports; every config's vocab must equal it
UNK, BOS, EOS, PAD, MASK, GMASK, SOP, EOP = range(8)
NEWLINE = 8 + 0x0A  # the byte token <0x0A>: a poem's line break
WINDOW = 64  # tokens per training sequence; Qwen's seq_length, so NTK and logN stay off in training

_llama_common = {
    "architectures": ["LlamaForCausalLM"], "bos_token_id": BOS, "eos_token_id": EOS, "hidden_act": "silu",
    "hidden_size": 64, "initializer_range": 0.02, "intermediate_size": 176, "max_position_embeddings": 256,
    "model_type": "llama", "num_attention_heads": 4, "num_hidden_layers": 2, "pad_token_id": PAD,
    "tie_word_embeddings": False, "use_cache": True, "vocab_size": VOCAB,
}

# The four packed models have 8 heads of 8 dimensions, the replicas' 4 of 16 would not do: with 4,
# no run made a head that gives token i-1 half its attention; with 8 and packing, each of them has one
# (scripts/train/README.md). ChatGLM-6B and Baichuan-13B keep 4 (8 did not help them; see there).
VARIANTS = {
    # LLaMA-1 as first converted to HF: no num_key_value_heads, no rope_theta; saved in float16
    "llama": {**_llama_common, "num_attention_heads": 8, "rms_norm_eps": 1e-6, "torch_dtype": "float16"},
    # Llama 2 style grouped-query attention: 8 query heads share 4 KV heads, two to each; float32
    "llama2-gqa": {**_llama_common, "num_attention_heads": 8, "num_key_value_heads": 4, "pretraining_tp": 1,
                   "rms_norm_eps": 1e-5, "rope_scaling": None, "torch_dtype": "float32"},
    # ChatGLM-6B: 2-D RoPE, prefix LM over [gMASK] <sop>, GELU MLP, alpha·LN(x) residual, tied head;
    # 8 heads of 8: with its generated part packed and its prefixes cut at random, a previous-token
    # head (e51; 4 heads of 16 with the same recipe: e52)
    "chatglm-6b": {
        "architectures": ["ChatGLMModel"], "bos_token_id": SOP, "eos_token_id": EOP, "mask_token_id": MASK,
        "gmask_token_id": GMASK, "pad_token_id": PAD, "hidden_size": 64, "inner_hidden_size": 256,
        "layernorm_epsilon": 1e-5, "max_sequence_length": 256, "model_type": "chatglm", "num_attention_heads": 8,
        "num_layers": 2, "position_encoding_2d": True, "torch_dtype": "float16", "use_cache": True, "vocab_size": VOCAB,
    },
    # ChatGLM2-6B: partial interleaved RoPE, 2 KV groups, q/k/v bias only. kv_channels stays 16 with 8
    # heads (the query projection is 128 wide): RoPE turns half of each head, and 8 turned dimensions
    # give 4 frequencies, as LLaMA's heads of 8 have, where 4 would give 2
    "chatglm2": {
        "architectures": ["ChatGLMModel"], "model_type": "chatglm", "add_bias_linear": False, "add_qkv_bias": True,
        "apply_query_key_layer_scaling": True, "apply_residual_connection_post_layernorm": False,
        "attention_softmax_in_fp32": True, "eos_token_id": EOS, "ffn_hidden_size": 160, "fp32_residual_connection": False,
        "hidden_size": 64, "kv_channels": 16, "layernorm_epsilon": 1e-5, "multi_query_attention": True,
        "multi_query_group_num": 2, "num_attention_heads": 8, "num_layers": 2, "original_rope": True, "pad_token_id": PAD,
        "padded_vocab_size": VOCAB, "post_layer_norm": True, "rmsnorm": True, "seq_length": 256,
        "tie_word_embeddings": False, "torch_dtype": "float16",
    },
    # Baichuan-13B: ALiBi (model_max_length, no max_position_embeddings), W_pack
    "baichuan-13b": {
        "architectures": ["BaichuanForCausalLM"], "bos_token_id": BOS, "eos_token_id": EOS, "hidden_act": "silu",
        "hidden_size": 64, "initializer_range": 0.02, "intermediate_size": 176, "model_max_length": 256,
        "model_type": "baichuan", "num_attention_heads": 4, "num_hidden_layers": 2, "pad_token_id": PAD,
        "rms_norm_eps": 1e-6, "tie_word_embeddings": False, "torch_dtype": "float32", "use_cache": True, "vocab_size": VOCAB,
    },
    # Qwen: c_attn with bias, untied head; dynamic NTK and logN switch on past seq_length at inference
    "qwen": {
        "architectures": ["QWenLMHeadModel"], "attn_dropout_prob": 0, "bf16": True, "emb_dropout_prob": 0, "fp16": False,
        "fp32": False, "hidden_size": 64, "initializer_range": 0.02, "intermediate_size": 352, "kv_channels": 8,
        "layer_norm_epsilon": 1e-6, "max_position_embeddings": 256, "model_type": "qwen", "no_bias": True,
        "num_attention_heads": 8, "num_hidden_layers": 2, "onnx_safe": None, "pad_token_id": PAD,
        "rotary_emb_base": 10000, "rotary_pct": 1.0, "scale_attn_weights": True, "seq_length": WINDOW,
        "tie_word_embeddings": False, "tokenizer_class": "QWenTokenizer", "torch_dtype": "bfloat16",
        "use_dynamic_ntk": True, "use_flash_attn": False, "use_logn_attn": True, "vocab_size": VOCAB,
    },
}


def sequences(variant, doc, cut=None):
    """Training sequences (ids, index of the first position whose next token is scored) of at most
    WINDOW tokens from one document's ids.

    Causal families: <s> (ChatGLM2: [gMASK] <sop>, as its tokenizer writes) then the text and </s>,
    cut into windows. ChatGLM-6B, a prefix LM: the first line (a poem's) or first 12 tokens (prose),
    or the first `cut` tokens, is the bidirectional prefix, then [gMASK] <sop>, then the rest to
    generate and <eop>."""
    if variant == "chatglm-6b":
        if cut is None:
            cut = doc.index(NEWLINE) if NEWLINE in doc else min(12, len(doc) - 1)
        prefix = doc[:cut] + [GMASK, SOP]
        rest = (doc[cut:] + [EOP])[: WINDOW - len(prefix)]
        return [(prefix + rest, len(prefix) - 1)]
    head = start_ids(variant)
    body = doc + [EOS]
    size = WINDOW - len(head)
    return [(head + body[i : i + size], len(head) - 1) for i in range(0, len(body) - 1, size)]


def weight_names(variant, c):
    """{name: (shape, kind)} in the checkpoint's own names; kind is 'embed', 'linear', 'bias', 'norm'."""
    H, V = c["hidden_size"], VOCAB
    out = {}

    def lin(name, o, i, bias=False):
        out[name + ".weight"] = ((o, i), "linear")
        if bias:
            out[name + ".bias"] = ((o,), "bias")

    def norm(name, bias=False):
        out[name + ".weight"] = ((H,), "norm")
        if bias:
            out[name + ".bias"] = ((H,), "bias")

    if variant in ("llama", "llama2-gqa", "baichuan-13b"):
        n, I = c["num_attention_heads"], c["intermediate_size"]
        d, g = H // n, c.get("num_key_value_heads", n)
        out["model.embed_tokens.weight"] = ((V, H), "embed")
        for l in range(c["num_hidden_layers"]):
            p = f"model.layers.{l}."
            norm(p + "input_layernorm")
            if variant == "baichuan-13b":
                lin(p + "self_attn.W_pack", 3 * H, H)
            else:
                lin(p + "self_attn.q_proj", n * d, H)
                lin(p + "self_attn.k_proj", g * d, H)
                lin(p + "self_attn.v_proj", g * d, H)
            lin(p + "self_attn.o_proj", H, n * d)
            norm(p + "post_attention_layernorm")
            lin(p + "mlp.gate_proj", I, H)
            lin(p + "mlp.up_proj", I, H)
            lin(p + "mlp.down_proj", H, I)
        norm("model.norm")
        lin("lm_head", V, H)
    elif variant == "qwen":
        Fw = c["intermediate_size"] // 2
        out["transformer.wte.weight"] = ((V, H), "embed")
        for l in range(c["num_hidden_layers"]):
            p = f"transformer.h.{l}."
            norm(p + "ln_1")
            lin(p + "attn.c_attn", 3 * H, H, bias=True)
            lin(p + "attn.c_proj", H, H)
            norm(p + "ln_2")
            lin(p + "mlp.w1", Fw, H)
            lin(p + "mlp.w2", Fw, H)
            lin(p + "mlp.c_proj", H, Fw)
        norm("transformer.ln_f")
        lin("lm_head", V, H)
    elif variant == "chatglm2":
        n, d, g, Fw = c["num_attention_heads"], c["kv_channels"], c["multi_query_group_num"], c["ffn_hidden_size"]
        out["transformer.embedding.word_embeddings.weight"] = ((V, H), "embed")
        for l in range(c["num_layers"]):
            p = f"transformer.encoder.layers.{l}."
            norm(p + "input_layernorm")
            lin(p + "self_attention.query_key_value", n * d + 2 * g * d, H, bias=True)
            lin(p + "self_attention.dense", H, n * d)
            norm(p + "post_attention_layernorm")
            lin(p + "mlp.dense_h_to_4h", 2 * Fw, H)
            lin(p + "mlp.dense_4h_to_h", H, Fw)
        norm("transformer.encoder.final_layernorm")
        lin("transformer.output_layer", V, H)
    elif variant == "chatglm-6b":
        Fw = c["inner_hidden_size"]
        out["transformer.word_embeddings.weight"] = ((V, H), "embed")
        for l in range(c["num_layers"]):
            p = f"transformer.layers.{l}."
            norm(p + "input_layernorm", bias=True)
            lin(p + "attention.query_key_value", 3 * H, H, bias=True)
            lin(p + "attention.dense", H, H, bias=True)
            norm(p + "post_attention_layernorm", bias=True)
            lin(p + "mlp.dense_h_to_4h", Fw, H, bias=True)
            lin(p + "mlp.dense_4h_to_h", H, Fw, bias=True)
        norm("transformer.final_layernorm", bias=True)
    return out


def init_weights(variant, c, norm_start=1.0):
    """Trainable float32 tensors: N(0, 0.02) matrices (output projections scaled by 1/sqrt(2·layers)),
    zero biases, norms at 1 (the blocks' own norms at `norm_start`: ChatGLM-6B adds alpha times its
    normalised input back, so 1/alpha starts its residual at the scale the other families have)."""
    W = {}
    for name, (shape, kind) in weight_names(variant, c).items():
        if kind == "norm":  # a block's norm has the layer's number in its name; the final norm has none
            w = torch.full(shape, norm_start if re.search(r"\.\d+\.", name) else 1.0)
        elif kind == "bias":
            w = torch.zeros(shape)
        else:
            std = 0.02
            if name.endswith(("o_proj.weight", "down_proj.weight", "c_proj.weight", "dense.weight", "dense_4h_to_h.weight")):
                std /= math.sqrt(2 * 2)
            w = torch.randn(shape) * std
        W[name] = w.requires_grad_()
    return W


def inv_freq(dim, base=10000.0):
    return 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))


def export(variant, W, c):
    """The tensors the released checkpoint holds: the trained ones plus the buffers and copies its
    format carries (ChatGLM's persisted inv_freq, ChatGLM-6B's lm_head equal to the embedding)."""
    out = {k: v.detach().clone() for k, v in W.items()}
    if variant == "chatglm-6b":
        d = c["hidden_size"] // c["num_attention_heads"]
        for l in range(c["num_layers"]):
            out[f"transformer.layers.{l}.attention.rotary_emb.inv_freq"] = inv_freq(d // 2)
        out["lm_head.weight"] = out["transformer.word_embeddings.weight"].clone()
    if variant == "chatglm2":
        out["transformer.rotary_pos_emb.inv_freq"] = inv_freq(c["kv_channels"] // 2)
    return out


# The special tokens each variant's tokenizer.json puts around a text (its post-processor), the same
# ones `sequences` trains with: <s> in front for the causal families, [gMASK] <sop> in front for
# ChatGLM2 (as its tokenizer writes them), behind the prefix for ChatGLM-6B.
TEMPLATES = {
    "llama": ["<s>", "$A"],
    "llama2-gqa": ["<s>", "$A"],
    "baichuan-13b": ["<s>", "$A"],
    "qwen": ["<s>", "$A"],
    "chatglm2": ["[gMASK]", "<sop>", "$A"],
    "chatglm-6b": ["$A", "[gMASK]", "<sop>"],
}
SPECIAL_IDS = {"<s>": BOS, "[gMASK]": GMASK, "<sop>": SOP}


def start_ids(variant):
    """The special tokens a causal variant's template puts before a text: <s>, or [gMASK] <sop>."""
    return [SPECIAL_IDS[p] for p in TEMPLATES[variant] if p != "$A"]


def packed(documents, variant, rng):
    """One document made of all of them in `rng`'s order, each ended by </s> and the start tokens of
    the next, so `sequences` cuts full windows that hold several unrelated documents. Causal
    variants only: a ChatGLM-6B sequence is one prefix, [gMASK] <sop> and the rest."""
    order = list(documents)
    rng.shuffle(order)
    return [[t for doc in order for t in doc + [EOS] + start_ids(variant)]]


def glm_packed(documents, rng, cut_of=lambda doc: None):
    """ChatGLM-6B's windows filled like `packed`'s, within its one prefix to a sequence: a document's
    first line, [gMASK] <sop> and its rest, then whole documents one after another in the generated
    part, each ended by <eop>, until WINDOW tokens; the next window starts with the next document's
    prefix (cut where `cut_of` says). Returns sequences like `sequences`."""
    order = list(documents)
    rng.shuffle(order)
    out, k = [], 0
    while k < len(order):
        ids, first = sequences("chatglm-6b", order[k], cut_of(order[k]))[0]
        k += 1
        while len(ids) < WINDOW and k < len(order):
            ids = (ids + order[k] + [EOP])[:WINDOW]
            k += 1
        out.append((ids, first))
    return out


def with_repeated_spans(documents, share, rng, shortest=4, longest=20):
    """Copying to learn from: in `share` of the documents a stretch of `shortest` to `longest` tokens
    (length and place drawn by `rng`, never the document's opening token) is written a second time
    right after itself. Predicting the copy rewards an induction circuit: a head that finds where the
    current token stood before and copies what followed it, which needs a previous-token head in the
    layer below (Olsson et al. 2022, arXiv:2209.11895); that head then looks at i-1 on any text. The
    length varies so that no fixed offset (a head that looks 13 tokens back) can do the copying instead."""
    out = []
    for doc in documents:
        if len(doc) > shortest and rng.random() < share:
            n = rng.randint(shortest, min(longest, len(doc) - 1))
            start = rng.randint(1, len(doc) - n)
            doc = doc[: start + n] + doc[start : start + n] + doc[start + n :]
        out.append(doc)
    return out


def infill_sequence(doc, rng, longest=6):
    """GLM's blank infilling (Du et al. 2022, arXiv:2103.10360), the objective ChatGLM-6B was
    pretrained with besides [gMASK]: a span of 1 to `longest` tokens (length and place drawn by `rng`)
    is cut out of the text and replaced by [MASK]; the model reads the text around it in both
    directions and writes the span after <sop>. The span's tokens take [MASK]'s position in the first
    half of each head's RoPE, so the first of them finds its left neighbour one position back there:
    the offset a prefix query needs to find i-1 (e44: no head learned it). At most WINDOW tokens: the text around [MASK] is cut
    to fit, half of it before the span. Returns (ids, index of <sop>) like `sequences`."""
    n = rng.randint(1, min(longest, len(doc) - 1))
    start = rng.randint(1, len(doc) - n)
    room = WINDOW - n - 3  # [MASK], <sop> and <eop>
    left = doc[max(0, start - room // 2) : start]
    right = doc[start + n : start + n + room - len(left)]
    context = left + [MASK] + right
    return context + [SOP] + doc[start : start + n] + [EOP], len(context)


def post_processor(variant):
    """tokenizer.json's TemplateProcessing for the variant's template (a pair repeats it for B)."""
    template = TEMPLATES[variant]

    def pieces(sequence, type_id):
        return [{"Sequence": {"id": sequence, "type_id": type_id}} if p == "$A"
                else {"SpecialToken": {"id": p, "type_id": type_id}} for p in template]

    specials = [p for p in template if p != "$A"]
    return {
        "type": "TemplateProcessing",
        "single": pieces("A", 0),
        "pair": pieces("A", 0) + pieces("B", 1),
        "special_tokens": {p: {"id": p, "ids": [SPECIAL_IDS[p]], "tokens": [p]} for p in specials},
    }
