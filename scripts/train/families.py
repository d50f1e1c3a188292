"""The six trained families as PyTorch forward passes over a dict of tensors named as in the checkpoint.

Training the checkpoint's own tensors (packed W_pack, c_attn, query_key_value...) means the file we
save is what we trained, with no renaming step that could go wrong. Each forward is the math of the
graphs in kernels/families/forward/ (and of scripts/device-check/torch_reference.py, whose helpers
are reused here), for a batch: ids [B, T] → logits [B, T, V]. Every sequence is no longer than the
config's trained window, so Qwen's dynamic NTK and logN scaling (inference beyond seq_length) are
identities here, as they are in the kernels for such lengths.
"""

import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "device-check"))
from torch_reference import gelu_tanh, get_interleave, glm_cos_sin, rms_norm, rotate_half  # noqa: E402


def causal_mask(T):
    """True where query i may not see key j (j > i)."""
    return torch.ones(T, T, dtype=torch.bool).triu(1)


def attend(q, k, v, masked, bias=None):
    """q [B, n, T, d], k/v [B, g, T, d] (g divides n: grouped-query) → context [B, T, n·d]."""
    B, n, T, d = q.shape
    k = k.repeat_interleave(n // k.shape[1], dim=1)
    v = v.repeat_interleave(n // v.shape[1], dim=1)
    scores = q @ k.transpose(-1, -2) / math.sqrt(d)
    if bias is not None:
        scores = scores + bias
    probs = torch.softmax(scores.masked_fill(masked, float("-inf")), dim=-1)
    return (probs @ v).transpose(1, 2).reshape(B, T, n * d), probs


def rope_half(x, positions, base):
    """RoPE on [B, h, T, d] in the rotate-half layout (HF LLaMA, Qwen): dims i and i + d/2 pair up."""
    d = x.shape[-1]
    inv_freq = 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.float32) / d))
    angles = positions[:, None].float() * inv_freq[None, :]
    emb = torch.cat((angles, angles), dim=-1)
    return x * emb.cos() + rotate_half(x) * emb.sin()


def rope_interleaved_partial(x, positions, base):
    """ChatGLM2: RoPE on the first half of each head's dims, pairs (2i, 2i+1) adjacent; the rest pass."""
    d = x.shape[-1]
    rot = d // 2
    inv_freq = 1.0 / (base ** (torch.arange(0, rot, 2, dtype=torch.float32) / rot))
    angles = positions[:, None].float() * inv_freq[None, :]  # [T, rot/2]
    cos, sin = angles.cos(), angles.sin()
    xr = x[..., :rot].reshape(*x.shape[:-1], rot // 2, 2)
    x0, x1 = xr[..., 0], xr[..., 1]
    rotated = torch.stack((x0 * cos - x1 * sin, x1 * cos + x0 * sin), dim=-1).flatten(-2)
    return torch.cat((rotated, x[..., rot:]), dim=-1)


def swiglu(x, gate_w, up_w, down_w):
    return F.linear(F.silu(F.linear(x, gate_w)) * F.linear(x, up_w), down_w)


# ---- The pre-RMSNorm decoders: LLaMA, Llama 2, Baichuan-13B, Qwen, ChatGLM2 -----------------------
#
#   x ← x + attention(RMSNorm(x));  x ← x + SwiGLU(RMSNorm(x));  logits = head(RMSNorm(x))
#
# They differ only in tensor names, how q, k, v come out of the weights, and the position signal.


def pre_norm_decoder(W, ids, names, eps, layers, attention, mlp, want_probs):
    """names: embed, layer prefix (with {l}), the two norms, final norm, head. attention(h, p) returns
    (output, probs); mlp(h, p) returns the MLP output."""
    x = W[names["embed"]][ids]
    all_probs = []
    for l in range(layers):
        p = names["layer"].format(l=l)
        out, probs = attention(rms_norm(x, W[p + names["norm1"]], eps), p)
        all_probs.append(probs)
        x = x + out
        x = x + mlp(rms_norm(x, W[p + names["norm2"]], eps), p)
    logits = F.linear(rms_norm(x, W[names["final"]], eps), W[names["head"]])
    return (logits, all_probs) if want_probs else logits


HF_NAMES = {"embed": "model.embed_tokens.weight", "layer": "model.layers.{l}.", "norm1": "input_layernorm.weight",
            "norm2": "post_attention_layernorm.weight", "final": "model.norm.weight", "head": "lm_head.weight"}


def hf_swiglu(W):
    return lambda h, p: swiglu(h, W[p + "mlp.gate_proj.weight"], W[p + "mlp.up_proj.weight"], W[p + "mlp.down_proj.weight"])


def heads(t, B, T, count, d):
    """[B, T, count·d] → [B, count, T, d]."""
    return t.view(B, T, count, d).transpose(1, 2)


def llama_forward(W, c, ids, want_probs=False):
    """LLaMA and Llama 2: q/k/v/o projections, RoPE in the rotate-half layout, g ≤ n K/V heads."""
    B, T = ids.shape
    H, n = c["hidden_size"], c["num_attention_heads"]
    g, d = c.get("num_key_value_heads", n), H // n
    base, pos, masked = c.get("rope_theta", 10000.0), torch.arange(T), causal_mask(T)

    def attention(h, p):
        q = heads(F.linear(h, W[p + "self_attn.q_proj.weight"]), B, T, n, d)
        k = heads(F.linear(h, W[p + "self_attn.k_proj.weight"]), B, T, g, d)
        v = heads(F.linear(h, W[p + "self_attn.v_proj.weight"]), B, T, g, d)
        context, probs = attend(rope_half(q, pos, base), rope_half(k, pos, base), v, masked)
        return F.linear(context, W[p + "self_attn.o_proj.weight"]), probs

    return pre_norm_decoder(W, ids, HF_NAMES, c["rms_norm_eps"], c["num_hidden_layers"], attention, hf_swiglu(W), want_probs)


def baichuan_alibi_forward(W, c, ids, want_probs=False):
    """Baichuan-13B: W_pack rows q | k | v, no rotation; ALiBi adds slope_h · j to every score."""
    B, T = ids.shape
    H, n = c["hidden_size"], c["num_attention_heads"]
    d = H // n
    slopes = torch.tensor(get_interleave(n), dtype=torch.float32)
    bias = slopes[:, None, None] * torch.arange(T, dtype=torch.float32)[None, None, :]
    masked = causal_mask(T)

    def attention(h, p):
        q, k, v = F.linear(h, W[p + "self_attn.W_pack.weight"]).view(B, T, 3, n, d).permute(2, 0, 3, 1, 4)
        context, probs = attend(q, k, v, masked, bias)
        return F.linear(context, W[p + "self_attn.o_proj.weight"]), probs

    return pre_norm_decoder(W, ids, HF_NAMES, c["rms_norm_eps"], c["num_hidden_layers"], attention, hf_swiglu(W), want_probs)


QWEN_NAMES = {"embed": "transformer.wte.weight", "layer": "transformer.h.{l}.", "norm1": "ln_1.weight",
              "norm2": "ln_2.weight", "final": "transformer.ln_f.weight", "head": "lm_head.weight"}


def qwen_forward(W, c, ids, want_probs=False):
    """Qwen: c_attn rows q | k | v with bias, rotate-half RoPE; MLP c_proj(w1(x) · silu(w2(x)))."""
    B, T = ids.shape
    H, n = c["hidden_size"], c["num_attention_heads"]
    d = H // n
    assert T <= c["seq_length"], "beyond seq_length Qwen scales RoPE and queries; training stays inside"
    base, pos, masked = c["rotary_emb_base"], torch.arange(T), causal_mask(T)

    def attention(h, p):
        qkv = F.linear(h, W[p + "attn.c_attn.weight"], W[p + "attn.c_attn.bias"])
        q, k, v = qkv.view(B, T, 3, n, d).permute(2, 0, 3, 1, 4)
        context, probs = attend(rope_half(q, pos, base), rope_half(k, pos, base), v, masked)
        return F.linear(context, W[p + "attn.c_proj.weight"]), probs

    mlp = lambda h, p: swiglu(h, W[p + "mlp.w2.weight"], W[p + "mlp.w1.weight"], W[p + "mlp.c_proj.weight"])  # w2 gates
    return pre_norm_decoder(W, ids, QWEN_NAMES, c["layer_norm_epsilon"], c["num_hidden_layers"], attention, mlp, want_probs)


GLM2_NAMES = {"embed": "transformer.embedding.word_embeddings.weight", "layer": "transformer.encoder.layers.{l}.",
              "norm1": "input_layernorm.weight", "norm2": "post_attention_layernorm.weight",
              "final": "transformer.encoder.final_layernorm.weight", "head": "transformer.output_layer.weight"}


def chatglm2_forward(W, c, ids, want_probs=False):
    """ChatGLM2: query_key_value rows q (n heads) | k (g) | v (g) with bias, RoPE on half of each head
    with interleaved pairs; dense_h_to_4h rows gate | up."""
    B, T = ids.shape
    n, d, g = c["num_attention_heads"], c["kv_channels"], c["multi_query_group_num"]
    pos, masked = torch.arange(T), causal_mask(T)

    def attention(h, p):
        qkv = F.linear(h, W[p + "self_attention.query_key_value.weight"], W[p + "self_attention.query_key_value.bias"])
        q, k, v = qkv.split([n * d, g * d, g * d], dim=-1)
        q, k, v = heads(q, B, T, n, d), heads(k, B, T, g, d), heads(v, B, T, g, d)
        context, probs = attend(rope_interleaved_partial(q, pos, 10000.0), rope_interleaved_partial(k, pos, 10000.0), v, masked)
        return F.linear(context, W[p + "self_attention.dense.weight"]), probs

    def mlp(h, p):
        gate, up = F.linear(h, W[p + "mlp.dense_h_to_4h.weight"]).chunk(2, dim=-1)
        return F.linear(F.silu(gate) * up, W[p + "mlp.dense_4h_to_h.weight"])

    return pre_norm_decoder(W, ids, GLM2_NAMES, c["layernorm_epsilon"], c["num_layers"], attention, mlp, want_probs)


# ---- ChatGLM-6B -----------------------------------------------------------------------------------


def glm_layout(ids, c):
    """Per sequence: position_ids, block_position_ids (2-D RoPE) and the prefix mask, from where
    [gMASK] (else [MASK]) and <sop> stand (the prefix before <sop> is seen by every query; the rest is causal)."""
    B, T = ids.shape
    pos1 = torch.zeros(B, T, dtype=torch.long)
    pos2 = torch.zeros(B, T, dtype=torch.long)
    masked = torch.zeros(B, 1, T, T, dtype=torch.bool)
    for b, row in enumerate(ids.tolist()):
        ctx = row.index(c["bos_token_id"])
        mask = c["gmask_token_id"] if c["gmask_token_id"] in row else c["mask_token_id"]  # as the model code picks it
        mpos = row.index(mask)
        pos1[b] = torch.tensor([i if i < ctx else mpos for i in range(T)])
        pos2[b] = torch.tensor([0 if i < ctx else i - ctx + 1 for i in range(T)])
        allowed = torch.ones(T, T).tril()
        allowed[:, :ctx] = 1
        masked[b, 0] = allowed < 0.5
    return pos1, pos2, masked


def chatglm6b_forward(W, c, ids, want_probs=False):
    B, T = ids.shape
    H, n, eps = c["hidden_size"], c["num_attention_heads"], c["layernorm_epsilon"]
    d = H // n
    rot = d // 2
    alpha = math.sqrt(2 * 28)  # GLMBlock's default num_layers, whatever num_layers says
    pos1, pos2, masked = glm_layout(ids, c)
    cs1 = [glm_cos_sin(row.tolist(), rot, "cpu") for row in pos1]
    cs2 = [glm_cos_sin(row.tolist(), rot, "cpu") for row in pos2]
    cos1, sin1 = torch.stack([a for a, _ in cs1])[:, None], torch.stack([b for _, b in cs1])[:, None]
    cos2, sin2 = torch.stack([a for a, _ in cs2])[:, None], torch.stack([b for _, b in cs2])[:, None]

    def rope_2d(x):  # first half of each head by position, second half by block position
        x1, x2 = x[..., :rot], x[..., rot:]
        return torch.cat((x1 * cos1 + rotate_half(x1) * sin1, x2 * cos2 + rotate_half(x2) * sin2), dim=-1)

    x = W["transformer.word_embeddings.weight"][ids]
    all_probs = []
    for l in range(c["num_layers"]):
        p = f"transformer.layers.{l}."
        a = F.layer_norm(x, (H,), W[p + "input_layernorm.weight"], W[p + "input_layernorm.bias"], eps)
        qkv = F.linear(a, W[p + "attention.query_key_value.weight"], W[p + "attention.query_key_value.bias"])
        q, k, v = qkv.view(B, T, n, 3 * d).transpose(1, 2).split(d, dim=-1)  # per head: q | k | v
        context, probs = attend(rope_2d(q), rope_2d(k), v, masked)
        all_probs.append(probs)
        x = a * alpha + F.linear(context, W[p + "attention.dense.weight"], W[p + "attention.dense.bias"])
        m = F.layer_norm(x, (H,), W[p + "post_attention_layernorm.weight"], W[p + "post_attention_layernorm.bias"], eps)
        hidden = gelu_tanh(F.linear(m, W[p + "mlp.dense_h_to_4h.weight"], W[p + "mlp.dense_h_to_4h.bias"]))
        x = m * alpha + F.linear(hidden, W[p + "mlp.dense_4h_to_h.weight"], W[p + "mlp.dense_4h_to_h.bias"])
    x = F.layer_norm(x, (H,), W["transformer.final_layernorm.weight"], W["transformer.final_layernorm.bias"], eps)
    logits = x @ W["transformer.word_embeddings.weight"].T  # head tied to the embedding
    return (logits, all_probs) if want_probs else logits


FORWARD = {
    "llama": llama_forward,
    "llama2-gqa": llama_forward,
    "chatglm-6b": chatglm6b_forward,
    "chatglm2": chatglm2_forward,
    "baichuan-13b": baichuan_alibi_forward,
    "qwen": qwen_forward,
}
