"""The replicas as Hugging Face transformers models, in float32.

Real HF formats (LLaMA, Llama 2, Qwen2) load with from_pretrained. The others are converted here to
the transformers class that runs the same math, mapping their tensors by the facts in
docs/checkpoint-formats.md (§4, §7):

  Baichuan-7B / Baichuan2-7B  -> LlamaForCausalLM   W_pack rows q | k | v; Baichuan2 NormHead rows
                                                    normalised once (what its first eval forward does)
  Qwen (first generation)     -> Qwen2ForCausalLM   c_attn rows q | k | v with bias; MLP
                                                    c_proj(w1(x) * silu(w2(x))): gate = w2, up = w1
  ChatGLM2-6B / ChatGLM3-6B   -> GlmForCausalLM     (GLM-4 = the ChatGLM2 code) query_key_value rows
                                                    q (n*d) | k (g*d) | v (g*d); dense_h_to_4h is
                                                    Glm's gate_up_proj (silu(first half) * second half)

Each builder returns (model, note); the model is in eval mode on `device`, float32.
"""

import inspect
import json
import os

import torch
import torch.nn.functional as F
from safetensors.torch import load_file

import transformers


class MissingClass(Exception):
    """The installed transformers lacks the class a conversion needs (the check is skipped)."""


def read_config(folder):
    with open(os.path.join(folder, "config.json")) as f:
        return json.load(f)


def load_weights(folder):
    """Every tensor of the folder (one model.safetensors or shards from the index) as float32."""
    index = os.path.join(folder, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    weights = {}
    for name in files:
        for key, value in load_file(os.path.join(folder, name)).items():
            weights[key] = value.float()  # F16/BF16 -> F32 is exact
    return weights


def _version():
    parts = transformers.__version__.split(".")
    return int(parts[0]), int("".join(ch for ch in parts[1] if ch.isdigit()) or 0)


def _dtype_kwargs():
    # transformers renamed torch_dtype to dtype in 4.56; both mean the same here
    return {"dtype": torch.float32} if _version() >= (4, 56) else {"torch_dtype": torch.float32}


def _rope_kwargs(config_class, theta, partial=None):
    """rope_theta (and the partial rotary factor) as this transformers version takes them: inside a
    rope_parameters dict (v5) or as plain keyword arguments (v4)."""
    params = set(inspect.signature(config_class.__init__).parameters)
    fields = set(getattr(config_class, "__dataclass_fields__", {}))
    extra = {} if partial is None else {"partial_rotary_factor": partial}
    if "rope_parameters" in params | fields:
        return {"rope_parameters": {"rope_type": "default", "rope_theta": float(theta), **extra}, **extra}
    return {"rope_theta": float(theta), **extra}


def _eager(config):
    # plain matmul + softmax attention: the most transparent path, no fused kernels
    try:
        config._attn_implementation = "eager"
    except Exception:  # older/newer versions guard this attribute; the default attention is fine too
        pass
    return config


def check_inv_freq(model, expected):
    """Assert every rotary inv_freq buffer equals `expected` (proves the config conversion read
    rope_theta and the rotary dim as meant). Returns how many buffers were checked."""
    found = [(name, buf) for name, buf in model.named_buffers() if name.endswith("inv_freq")]
    for name, buf in found:
        got = buf.detach().float().cpu()
        if got.shape != expected.shape or (got - expected).abs().max().item() > 1e-6 * expected.abs().max().item():
            raise AssertionError(f"{name} = {got.tolist()} but the checkpoint needs {expected.tolist()}")
    return len(found)


def inv_freq(theta, rotary_dim):
    return 1.0 / (theta ** (torch.arange(0, rotary_dim, 2, dtype=torch.int64).float() / rotary_dim))


def _finish(model, device, expected_inv_freq, note):
    model = model.float().to(device).eval()
    checked = check_inv_freq(model, expected_inv_freq)
    suffix = f"; {checked} inv_freq buffer(s) match" if checked else "; no inv_freq buffer found to check"
    return model, note + suffix


def _from_state_dict(model_class, config, state, device, expected_inv_freq, note):
    model = model_class(_eager(config))
    missing, unexpected = model.load_state_dict(state, strict=False)
    # only rotary buffers may differ (older transformers versions persist them); anything else is a
    # mapping error
    missing = [k for k in missing if not k.endswith("inv_freq")]
    unexpected = [k for k in unexpected if not k.endswith("inv_freq")]
    if missing or unexpected:
        raise KeyError(f"state dict mismatch: missing {missing}, unexpected {unexpected}")
    return _finish(model, device, expected_inv_freq, note)


def hf_pretrained(folder, device):
    """LLaMA, Llama 2, Qwen2: the folder is already in transformers' format."""
    config = read_config(folder)
    model_class = {"llama": transformers.LlamaForCausalLM, "qwen2": transformers.Qwen2ForCausalLM}[config["model_type"]]
    model = model_class.from_pretrained(folder, attn_implementation="eager", **_dtype_kwargs())
    H, n = config["hidden_size"], config["num_attention_heads"]
    theta = config.get("rope_theta", 10000.0)
    return _finish(model, device, inv_freq(theta, H // n), f"{model_class.__name__}.from_pretrained")


def hf_baichuan_rope(folder, device, norm_head):
    """Baichuan-7B / Baichuan2-7B as LlamaForCausalLM."""
    c = read_config(folder)
    H, n = c["hidden_size"], c["num_attention_heads"]
    config = transformers.LlamaConfig(
        vocab_size=c["vocab_size"],
        hidden_size=H,
        intermediate_size=c["intermediate_size"],
        num_hidden_layers=c["num_hidden_layers"],
        num_attention_heads=n,
        num_key_value_heads=n,
        max_position_embeddings=c["max_position_embeddings"],
        rms_norm_eps=c["rms_norm_eps"],
        tie_word_embeddings=False,
        attention_bias=False,
        mlp_bias=False,
        **_rope_kwargs(transformers.LlamaConfig, 10000.0),
    )
    W = load_weights(folder)
    state = {}
    for key, value in W.items():
        if key.endswith("rotary_emb.inv_freq"):
            continue  # persisted by Baichuan-7B, recomputed by everyone
        if key.endswith("self_attn.W_pack.weight"):
            prefix = key[: -len("W_pack.weight")]
            q, k, v = value.split(H, dim=0)
            state[prefix + "q_proj.weight"], state[prefix + "k_proj.weight"], state[prefix + "v_proj.weight"] = q, k, v
        elif key == "lm_head.weight" and norm_head:
            state[key] = F.normalize(value, dim=1)
        else:
            state[key] = value
    note = "LlamaForCausalLM from W_pack split" + (", NormHead rows normalised" if norm_head else "")
    return _from_state_dict(transformers.LlamaForCausalLM, config, state, device, inv_freq(10000.0, H // n), note)


def hf_qwen(folder, device):
    """First-generation Qwen as Qwen2ForCausalLM; valid for T <= seq_length (no NTK, no log-n)."""
    c = read_config(folder)
    H, n = c["hidden_size"], c["num_attention_heads"]
    if c.get("rotary_pct", 1.0) != 1.0 or not c.get("no_bias", True) or c["kv_channels"] * n != H:
        raise NotImplementedError("only rotary_pct 1, no_bias true and kv_channels * heads == hidden map onto Qwen2")
    config = transformers.Qwen2Config(
        vocab_size=c["vocab_size"],
        hidden_size=H,
        intermediate_size=c["intermediate_size"] // 2,  # Qwen's config value is twice the real width
        num_hidden_layers=c["num_hidden_layers"],
        num_attention_heads=n,
        num_key_value_heads=n,
        max_position_embeddings=c["seq_length"],
        rms_norm_eps=c["layer_norm_epsilon"],
        tie_word_embeddings=False,
        use_sliding_window=False,
        **_rope_kwargs(transformers.Qwen2Config, c["rotary_emb_base"]),
    )
    W = load_weights(folder)
    state = {"model.embed_tokens.weight": W["transformer.wte.weight"], "model.norm.weight": W["transformer.ln_f.weight"]}
    state["lm_head.weight"] = W["lm_head.weight"]
    for layer in range(c["num_hidden_layers"]):
        src, dst = f"transformer.h.{layer}.", f"model.layers.{layer}."
        state[dst + "input_layernorm.weight"] = W[src + "ln_1.weight"]
        state[dst + "post_attention_layernorm.weight"] = W[src + "ln_2.weight"]
        for part, weight, bias in zip("qkv", W[src + "attn.c_attn.weight"].split(H), W[src + "attn.c_attn.bias"].split(H)):
            state[dst + f"self_attn.{part}_proj.weight"] = weight
            state[dst + f"self_attn.{part}_proj.bias"] = bias
        state[dst + "self_attn.o_proj.weight"] = W[src + "attn.c_proj.weight"]
        state[dst + "mlp.gate_proj.weight"] = W[src + "mlp.w2.weight"]  # w2 is the gate
        state[dst + "mlp.up_proj.weight"] = W[src + "mlp.w1.weight"]
        state[dst + "mlp.down_proj.weight"] = W[src + "mlp.c_proj.weight"]
    expected = inv_freq(c["rotary_emb_base"], H // n)
    return _from_state_dict(transformers.Qwen2ForCausalLM, config, state, device, expected, "Qwen2ForCausalLM from c_attn split")


def hf_chatglm2(folder, device):
    """ChatGLM2-6B as GlmForCausalLM (partial rotary 0.5, interleaved pairs, chunked SwiGLU)."""
    if not hasattr(transformers, "GlmForCausalLM"):
        raise MissingClass(f"transformers {transformers.__version__} has no GlmForCausalLM (added in 4.46)")
    c = read_config(folder)
    n, d, H = c["num_attention_heads"], c["kv_channels"], c["hidden_size"]
    g = c["multi_query_group_num"] if c.get("multi_query_attention") else n
    if not c.get("rmsnorm", True) or not c.get("post_layer_norm", True) or c.get("add_bias_linear"):
        raise NotImplementedError("only rmsnorm, post_layer_norm and no linear bias map onto Glm")
    if c.get("apply_residual_connection_post_layernorm") or not c.get("multi_query_attention"):
        raise NotImplementedError("only MQA with the plain residual maps onto Glm here")
    config = transformers.GlmConfig(
        vocab_size=c["padded_vocab_size"],
        hidden_size=H,
        intermediate_size=c["ffn_hidden_size"],
        num_hidden_layers=c["num_layers"],
        num_attention_heads=n,
        num_key_value_heads=g,
        head_dim=d,
        max_position_embeddings=c["seq_length"],
        rms_norm_eps=c["layernorm_epsilon"],
        attention_bias=bool(c.get("add_qkv_bias")),
        tie_word_embeddings=False,
        pad_token_id=c.get("pad_token_id"),
        eos_token_id=c.get("eos_token_id"),
        **_rope_kwargs(transformers.GlmConfig, 10000.0 * c.get("rope_ratio", 1), partial=0.5),
    )
    W = load_weights(folder)
    state = {
        "model.embed_tokens.weight": W["transformer.embedding.word_embeddings.weight"],
        "model.norm.weight": W["transformer.encoder.final_layernorm.weight"],
        "lm_head.weight": W["transformer.output_layer.weight"],
    }
    sizes = [n * d, g * d, g * d]
    for layer in range(c["num_layers"]):
        src, dst = f"transformer.encoder.layers.{layer}.", f"model.layers.{layer}."
        state[dst + "input_layernorm.weight"] = W[src + "input_layernorm.weight"]
        state[dst + "post_attention_layernorm.weight"] = W[src + "post_attention_layernorm.weight"]
        qkv_w = W[src + "self_attention.query_key_value.weight"].split(sizes)
        for part, weight in zip("qkv", qkv_w):
            state[dst + f"self_attn.{part}_proj.weight"] = weight
        if config.attention_bias:
            for part, bias in zip("qkv", W[src + "self_attention.query_key_value.bias"].split(sizes)):
                state[dst + f"self_attn.{part}_proj.bias"] = bias
        state[dst + "self_attn.o_proj.weight"] = W[src + "self_attention.dense.weight"]
        state[dst + "mlp.gate_up_proj.weight"] = W[src + "mlp.dense_h_to_4h.weight"]
        state[dst + "mlp.down_proj.weight"] = W[src + "mlp.dense_4h_to_h.weight"]
    # ChatGLM2 rotates d/2 dims of each head, theta_k = 1/10000^(2k/(d/2))
    expected = inv_freq(10000.0 * c.get("rope_ratio", 1), d // 2)
    return _from_state_dict(transformers.GlmForCausalLM, config, state, device, expected, "GlmForCausalLM from query_key_value split")
