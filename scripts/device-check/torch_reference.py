"""Our own PyTorch reimplementations of the families that transformers has no class for.

ChatGLM-6B and the ALiBi Baichuans (Baichuan-13B, Baichuan2-13B) ship only as remote code, which
this check cannot download. The forward passes below are written again, independently of the
TypeScript graph, straight from docs/checkpoint-formats.md (§8.3 ChatGLM-6B, §8.5
Baichuan). They follow the official code's order of operations where it is cheap to do so.

This is a weaker check than comparing with a transformers class: both sides were written from the
same notes, so a misreading of the official code in those notes would go unnoticed here. It does
catch mistakes in the graph (packing, masks, positions, scales) that the notes get right.

Every function takes `weights`, a dict of float32 tensors named as in the checkpoint, `config`, the
parsed config.json, and `ids`, a list of token ids; it returns logits [T, V] in float32.
"""

import math

import torch
import torch.nn.functional as F


def rms_norm(x, weight, eps):
    return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


# --------------------------------------------------------------------------------------------------
# ChatGLM-6B (§8.3): per-head qkv packing, 2-D RoPE with fp16 inv_freq, prefix-LM mask from <sop>,
# residual on the normalised input times alpha = sqrt(2·28), tanh-GELU MLP, head tied to the embedding.
# --------------------------------------------------------------------------------------------------


def glm_positions(ids, bos_id, gmask_id, mask_id):
    """position_ids and block_position_ids (§8.3) and ctx, the index of <sop>."""
    ctx = ids.index(bos_id)  # the official code raises here too when there is no <sop>
    mask_token = gmask_id if gmask_id in ids else mask_id
    mpos = ids.index(mask_token)
    position_ids = [i if i < ctx else mpos for i in range(len(ids))]
    block_position_ids = [0 if i < ctx else i - ctx + 1 for i in range(len(ids))]
    return position_ids, block_position_ids, ctx


def glm_cos_sin(positions, rotary_dim, device):
    """cos/sin [T, rotary_dim] with inv_freq rounded to fp16 as the official code does (§5.5)."""
    inv_freq = (1.0 / (10000 ** (torch.arange(0, rotary_dim, 2, dtype=torch.float32) / rotary_dim))).half().float()
    angles = torch.tensor(positions, dtype=torch.float32)[:, None] * inv_freq[None, :]
    emb = torch.cat((angles, angles), dim=-1).to(device)
    return emb.cos(), emb.sin()


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(0.7978845608028654 * x * (1.0 + 0.044715 * x * x)))


def chatglm6b_logits(weights, config, ids):
    W = weights
    H = config["hidden_size"]
    n = config["num_attention_heads"]
    d = H // n
    eps = config["layernorm_epsilon"]
    alpha = math.sqrt(2 * 28)  # GLMBlock's default num_layers, whatever config.num_layers says (§8.3)
    device = W["transformer.word_embeddings.weight"].device
    T = len(ids)

    position_ids, block_position_ids, ctx = glm_positions(
        ids, config["bos_token_id"], config["gmask_token_id"], config["mask_token_id"]
    )
    rotary_dim = d // 2
    cos1, sin1 = glm_cos_sin(position_ids, rotary_dim, device)
    cos2, sin2 = glm_cos_sin(block_position_ids, rotary_dim, device)

    def rope_2d(x):  # x: [n, T, d]; first half by position_ids, second half by block_position_ids
        x1, x2 = x[..., :rotary_dim], x[..., rotary_dim:]
        x1 = x1 * cos1 + rotate_half(x1) * sin1
        x2 = x2 * cos2 + rotate_half(x2) * sin2
        return torch.cat((x1, x2), dim=-1)

    # query i sees key j iff j < ctx or j <= i (get_masks); True = masked
    allowed = torch.ones(T, T, device=device).tril()
    allowed[:, :ctx] = 1
    masked = allowed < 0.5

    x = W["transformer.word_embeddings.weight"][torch.tensor(ids, device=device)]
    for layer in range(config["num_layers"]):
        p = f"transformer.layers.{layer}."
        a = F.layer_norm(x, (H,), W[p + "input_layernorm.weight"], W[p + "input_layernorm.bias"], eps)

        qkv = F.linear(a, W[p + "attention.query_key_value.weight"], W[p + "attention.query_key_value.bias"])
        qkv = qkv.view(T, n, 3 * d).transpose(0, 1)  # per head: q (d) | k (d) | v (d)
        q, k, v = qkv[..., :d], qkv[..., d : 2 * d], qkv[..., 2 * d :]
        q, k = rope_2d(q), rope_2d(k)

        # attention_fn's order: scale q down by sqrt(d)·(layer+1), fill masked scores with -10000,
        # scale back up by (layer+1), softmax
        coeff = float(layer + 1)
        scores = (q / (math.sqrt(d) * coeff)) @ k.transpose(-1, -2)
        if masked.any():
            scores = scores.masked_fill(masked, -10000.0)
        probs = torch.softmax(scores * coeff, dim=-1)
        context = (probs @ v).transpose(0, 1).reshape(T, H)
        attn_out = F.linear(context, W[p + "attention.dense.weight"], W[p + "attention.dense.bias"])

        x = a * alpha + attn_out
        m = F.layer_norm(x, (H,), W[p + "post_attention_layernorm.weight"], W[p + "post_attention_layernorm.bias"], eps)
        hidden = gelu_tanh(F.linear(m, W[p + "mlp.dense_h_to_4h.weight"], W[p + "mlp.dense_h_to_4h.bias"]))
        x = m * alpha + F.linear(hidden, W[p + "mlp.dense_4h_to_h.weight"], W[p + "mlp.dense_4h_to_h.bias"])

    x = F.layer_norm(x, (H,), W["transformer.final_layernorm.weight"], W["transformer.final_layernorm.bias"], eps)
    # tied head: HF's tie_weights() makes lm_head share the word embeddings (§7)
    return x @ W["transformer.word_embeddings.weight"].T


# --------------------------------------------------------------------------------------------------
# Baichuan-13B / Baichuan2-13B (§5.7, §8.5): W_pack rows q | k | v, ALiBi bias slope_h·j after 1/sqrt(d),
# causal -inf, pre-RMSNorm SwiGLU blocks; Baichuan2 normalises the lm_head rows (NormHead).
# --------------------------------------------------------------------------------------------------


def _pow2_slopes(n):
    start = 2 ** (-(2 ** -(math.log2(n) - 3)))
    return [start ** (i + 1) for i in range(n)]


def get_interleave(n):
    """Baichuan's _get_interleave: geometric slopes; for n not a power of two, the first 2^k and
    every other slope of the 2^(k+1) list."""
    if math.log2(n).is_integer():
        return _pow2_slopes(n)
    closest = 2 ** math.floor(math.log2(n))
    return _pow2_slopes(closest) + get_interleave(2 * closest)[0::2][: n - closest]


def baichuan_alibi_logits(weights, config, ids, norm_head):
    W = weights
    H = config["hidden_size"]
    n = config["num_attention_heads"]
    d = H // n
    eps = config["rms_norm_eps"]
    device = W["model.embed_tokens.weight"].device
    T = len(ids)

    slopes = torch.tensor(get_interleave(n), dtype=torch.float32, device=device)
    key_index = torch.arange(T, dtype=torch.float32, device=device)
    causal = torch.full((T, T), float("-inf"), device=device).triu(1)
    bias = slopes[:, None, None] * key_index[None, None, :] + causal[None]  # [n, T, T]

    x = W["model.embed_tokens.weight"][torch.tensor(ids, device=device)]
    for layer in range(config["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        h = rms_norm(x, W[p + "input_layernorm.weight"], eps)
        q, k, v = F.linear(h, W[p + "self_attn.W_pack.weight"]).view(T, 3, n, d).permute(1, 2, 0, 3)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(d) + bias
        context = (torch.softmax(scores, dim=-1) @ v).transpose(0, 1).reshape(T, H)
        x = x + F.linear(context, W[p + "self_attn.o_proj.weight"])

        h = rms_norm(x, W[p + "post_attention_layernorm.weight"], eps)
        gate = F.silu(F.linear(h, W[p + "mlp.gate_proj.weight"]))
        x = x + F.linear(gate * F.linear(h, W[p + "mlp.up_proj.weight"]), W[p + "mlp.down_proj.weight"])

    x = rms_norm(x, W["model.norm.weight"], eps)
    head = W["lm_head.weight"]
    if norm_head:
        head = F.normalize(head, dim=1)  # rows / max(||row||, 1e-12); stored raw
    return x @ head.T
