"""Cross-check our forward passes, tokenizers and ONNX graphs against independent implementations.

    python3 scripts/device-check/check.py .device [--cpu] [--only llama,qwen] [--report results.json]

`.device` comes from `node scripts/device-check/export.ts` (see README.md next to this file). For
every tiny replica it holds our logits (ModelRunner.prefill on ORT-web WASM), the ONNX graph and
feeds of that call, and our tokenizer's encodings of sample texts. This script compares:

  model      Hugging Face transformers in float32 (a class that runs the same math, loaded directly
             or converted, see hf_models.py); for ChatGLM-6B and the ALiBi Baichuans, which have no
             transformers class, our own PyTorch reimplementation (torch_reference.py, weaker)
  tokenizer  tokenizers.Tokenizer.from_file(tokenizer.json) encodings, which must be equal
  onnx       onnx.checker (full_check), then Python onnxruntime replaying the exact feeds on CPU
             (and on CUDA when available, reported only)

Every check runs on its own: an error is reported and the next check runs. Exit code 1 if any
check failed or errored, 0 otherwise (skips do not fail).
"""

import argparse
import json
import os
import platform
import sys
import traceback

import numpy as np

TOL_MODEL = 1e-3  # float32 end to end on both sides; differences are summation order only
TOL_ONNX_CPU = 1e-4  # the same graph, ORT-web WASM vs ORT CPU
TOL_ONNX_CUDA = 1e-3  # reported, never fails the run (GPU kernels may reorder sums)


class Skip(Exception):
    """A check that cannot run here (a class missing from this transformers), not a failure."""


def print_versions():
    print(f"python {platform.python_version()} on {platform.platform()}")
    for module in ["numpy", "torch", "transformers", "safetensors", "tokenizers", "onnx", "onnxruntime"]:
        try:
            print(f"  {module} {__import__(module).__version__}")
        except Exception as error:
            print(f"  {module}: not importable ({error})")
    try:
        import torch

        if torch.cuda.is_available():
            print(f"  CUDA {torch.version.cuda}, device {torch.cuda.get_device_name(0)}")
        else:
            print("  CUDA not available to torch")
        import onnxruntime

        print(f"  onnxruntime providers {onnxruntime.get_available_providers()}")
    except Exception as error:
        print(f"  (device query failed: {error})")


def as_array(t):
    dtype = np.float32 if t["type"] == "float32" else np.int64
    return np.array(t["data"], dtype=dtype).reshape(t["dims"])


def compare(ours, theirs, tol):
    """(max |Δ|, max |Δ| / max |ours|, passed). Shapes must agree."""
    theirs = np.asarray(theirs, dtype=np.float32)
    if ours.shape != theirs.shape:
        raise AssertionError(f"shape {list(theirs.shape)}, ours {list(ours.shape)}")
    if not np.all(np.isfinite(theirs)):
        raise AssertionError("their logits contain NaN or Inf")
    delta = float(np.max(np.abs(ours.astype(np.float64) - theirs.astype(np.float64))))
    scale = float(np.max(np.abs(ours)))
    return delta, delta / scale if scale > 0 else float("inf"), delta <= tol


# --------------------------------------------------------------------------------------------------
# model: transformers or our own torch reimplementation
# --------------------------------------------------------------------------------------------------

def hf_builders():
    """Replica name -> build(folder, device) -> (transformers model, note)."""
    from functools import partial

    import hf_models

    return {
        "llama": hf_models.hf_pretrained,
        "llama2-gqa": hf_models.hf_pretrained,
        "qwen2": hf_models.hf_pretrained,
        "baichuan-7b": partial(hf_models.hf_baichuan_rope, norm_head=False),
        "baichuan2-7b": partial(hf_models.hf_baichuan_rope, norm_head=True),
        "qwen": hf_models.hf_qwen,
        "chatglm2-6b": hf_models.hf_chatglm2,
    }


def own_forwards():
    """Replica name -> forward(weights, config, ids) -> logits, for families with no transformers class."""
    from functools import partial

    import torch_reference

    return {
        "chatglm-6b": torch_reference.chatglm6b_logits,
        "baichuan-13b": partial(torch_reference.baichuan_alibi_logits, norm_head=False),
        "baichuan2-13b": partial(torch_reference.baichuan_alibi_logits, norm_head=True),
    }


OWN = "own torch reimplementation (weaker)"


def model_logits(name, folder, ids, device):
    import torch
    import hf_models

    config = hf_models.read_config(folder)
    if name == "qwen" and len(ids) > config["seq_length"]:
        raise Skip(f"Qwen2 has no dynamic NTK / log-n; {len(ids)} ids > seq_length {config['seq_length']}")
    builders, forwards = hf_builders(), own_forwards()
    with torch.no_grad():
        if name in builders:
            try:
                model, note = builders[name](folder, device)
            except hf_models.MissingClass as missing:
                raise Skip(str(missing)) from missing
            logits = model(input_ids=torch.tensor([ids], device=device), use_cache=False).logits[0]
            return logits.float().cpu().numpy(), f"transformers: {note}"
        if name in forwards:
            weights = {key: value.to(device) for key, value in hf_models.load_weights(folder).items()}
            return forwards[name](weights, config, ids).float().cpu().numpy(), OWN
    raise Skip(f"no comparison written for replica '{name}'")


def check_model(root, name, replica, device):
    folder = os.path.join(root, replica["folder"])
    theirs, note = model_logits(name, folder, replica["ids"], device)
    delta, rel, ok = compare(as_array(replica["logits"]), theirs, TOL_MODEL)
    return delta, rel, "ok" if ok else "FAIL", note


# --------------------------------------------------------------------------------------------------
# tokenizer
# --------------------------------------------------------------------------------------------------


def check_tokenizer(root, replica):
    spec = replica.get("tokenizer")
    if spec is None:
        raise Skip("the export found no tokenizer.json for this replica")
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(os.path.join(root, replica["folder"], "tokenizer.json"))
    add_special = bool(spec["addSpecialTokens"])
    wrong = []
    texts = spec["texts"]
    for text, ours in zip(texts, spec["encodings"], strict=True):
        theirs = tokenizer.encode(text, add_special_tokens=add_special).ids
        if theirs != ours:
            wrong.append(f"{text!r}: tokenizers {theirs}, ours {ours}")
    for line in wrong:
        print(f"    tokenizer mismatch {line}")
    note = f"{len(texts) - len(wrong)}/{len(texts)} texts equal (add_special_tokens={add_special})"
    return None, None, "ok" if not wrong else "FAIL", note


# --------------------------------------------------------------------------------------------------
# onnx: checker, then onnxruntime on CPU and CUDA
# --------------------------------------------------------------------------------------------------


def check_onnx_checker(root, replica):
    import onnx

    model = onnx.load(os.path.join(root, replica["onnx"]["file"]))
    onnx.checker.check_model(model, full_check=True)
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    return None, None, "ok", f"ir_version {model.ir_version}, opset {opsets}"


def replay(root, replica, providers):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(os.path.join(root, replica["onnx"]["file"]), options, providers=providers)
    feeds = {name: as_array(feed) for name, feed in replica["onnx"]["feeds"].items()}
    (logits,) = session.run([replica["onnx"]["output"]], feeds)
    return logits, session.get_providers()


def check_onnx_cpu(root, replica):
    logits, _ = replay(root, replica, ["CPUExecutionProvider"])
    delta, rel, ok = compare(as_array(replica["logits"]), logits, TOL_ONNX_CPU)
    return delta, rel, "ok" if ok else "FAIL", "onnxruntime CPU vs ORT-web WASM"


def check_onnx_cuda(root, replica):
    import onnxruntime as ort

    if "CUDAExecutionProvider" not in ort.get_available_providers():
        raise Skip("onnxruntime has no CUDAExecutionProvider here")
    try:  # TF32 would round matmul inputs to 10-bit mantissas; ask for true float32
        logits, used = replay(root, replica, [("CUDAExecutionProvider", {"use_tf32": 0}), "CPUExecutionProvider"])
        tf32 = "tf32 off"
    except Exception:
        logits, used = replay(root, replica, ["CUDAExecutionProvider", "CPUExecutionProvider"])
        tf32 = "tf32 option refused, defaults"
    if "CUDAExecutionProvider" not in used:
        raise Skip(f"the CUDA session fell back to {used}")
    delta, rel, ok = compare(as_array(replica["logits"]), logits, TOL_ONNX_CUDA)
    return delta, rel, "ok" if ok else "warn", f"onnxruntime CUDA ({tf32}); reported only"


# --------------------------------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------------------------------


def pick_device(force_cpu):
    import torch

    # true float32 matmuls on the GPU (PyTorch may otherwise use TF32 for some of them)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    return torch.device("cuda" if torch.cuda.is_available() and not force_cpu else "cpu")


def run(rows, replica_name, check, fn):
    print(f"[{replica_name}] {check} ...", flush=True)
    try:
        delta, rel, status, note = fn()
    except Skip as reason:
        delta, rel, status, note = None, None, "skip", str(reason)
    except Exception as error:
        traceback.print_exc()
        delta, rel, status, note = None, None, "ERROR", f"{type(error).__name__}: {error}".splitlines()[0]
    rows.append((replica_name, check, delta, rel, status, note))
    print(f"[{replica_name}] {check}: {status} {'' if delta is None else f'max|Δ| {delta:.3g}'} {note}", flush=True)


def print_table(rows):
    def number(x):
        return "-" if x is None else f"{x:.2e}"

    header = ("replica", "check", "max |Δ|", "rel", "status", "note")
    lines = [header] + [(r, c, number(d), number(q), s, n) for r, c, d, q, s, n in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    print()
    for i, line in enumerate(lines):
        print(" | ".join(cell.ljust(widths[j]) for j, cell in enumerate(line[:5])) + " | " + line[5])
        if i == 0:
            print("-+-".join("-" * w for w in widths) + "-+-" + "-" * 20)
    print(f"\nmodel tolerance {TOL_MODEL} absolute; onnx CPU {TOL_ONNX_CPU}; onnx CUDA {TOL_ONNX_CUDA} (reported only).")
    print("rel = max |Δ| / max |our logit|. 'own torch reimplementation' rows compare with code written from")
    print("the same notes as ours (torch_reference.py), a weaker check than a transformers class.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", help="the folder export.ts wrote (.device)")
    parser.add_argument("--cpu", action="store_true", help="run torch on the CPU even when CUDA is available")
    parser.add_argument("--only", help="comma-separated replica names")
    parser.add_argument("--report", help="also write the summary rows to this JSON file")
    args = parser.parse_args()

    print_versions()
    with open(os.path.join(args.root, "expected.json")) as f:
        expected = json.load(f)
    names = list(expected["replicas"]) if args.only is None else args.only.split(",")

    rows = []
    device = None
    try:
        device = pick_device(args.cpu)
        print(f"torch device: {device}")
    except Exception as error:
        print(f"torch unusable, model checks will error: {error}")

    for name in names:
        replica = expected["replicas"].get(name)
        if replica is None:
            rows.append((name, "-", None, None, "ERROR", "not in expected.json"))
            continue
        run(rows, name, "model", lambda: check_model(args.root, name, replica, device))
        run(rows, name, "tokenizer", lambda: check_tokenizer(args.root, replica))
        run(rows, name, "onnx checker", lambda: check_onnx_checker(args.root, replica))
        run(rows, name, "onnx cpu", lambda: check_onnx_cpu(args.root, replica))
        run(rows, name, "onnx cuda", lambda: check_onnx_cuda(args.root, replica))

    print_table(rows)
    if args.report:
        keys = ("replica", "check", "max_abs_delta", "relative", "status", "note")
        with open(args.report, "w") as f:
            json.dump([dict(zip(keys, row)) for row in rows], f, indent=1)
    failed = [row for row in rows if row[4] in ("FAIL", "ERROR")]
    print(f"\n{len(rows) - len(failed)} passed or skipped, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True  # no __pycache__ left in the work tree
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main())
