"""Train one tiny model per family on the poetry + prose corpus and save it like a released checkpoint.

  /usr/bin/python3 scripts/train/train.py --variant llama [--steps 300] [--seed 0]

Writes public/models/trained/<variant>/{config.json, model.safetensors, tokenizer.json} (tensors in
the family's own names, packing and dtype), appends the loss curve to .cache/train/logs/<variant>.tsv,
then runs the saved file through `npm run infer` (the site's ONNX graphs in Node) and fails unless
its logits equal this trainer's within 1e-4 relative.
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from families import FORWARD  # noqa: E402
from safetensors_io import load_safetensors, save_safetensors  # noqa: E402
from probe import Probe  # noqa: E402
from variants import NEWLINE, PAD, VARIANTS, export, glm_packed, infill_sequence, init_weights, packed, post_processor, sequences, with_repeated_spans  # noqa: E402
from tokenize_corpus import encode_documents  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.path.join(ROOT, ".cache", "train")
OUT = os.path.join(ROOT, "public", "models", "trained")
RANDOM_CUT_LONGEST = 32  # --random-cut: the longest prefix, so that half a window or more is left to generate


def batches(sequences, rng, size):
    """Endless shuffled batches of `size` sequences (one pass over the data, then reshuffle)."""
    order = list(range(len(sequences)))
    while True:
        rng.shuffle(order)
        for i in range(0, len(order) - size + 1, size):
            yield pad([sequences[j] for j in order[i : i + size]])


def pad(rows):
    """ids [B, T] padded with <pad>, and weight [B, T]: 1 where position t's next token is scored."""
    T = max(len(ids) for ids, _ in rows)
    ids = torch.full((len(rows), T), PAD, dtype=torch.long)
    weight = torch.zeros(len(rows), T)
    for b, (row, first) in enumerate(rows):
        ids[b, : len(row)] = torch.tensor(row)
        weight[b, first : len(row) - 1] = 1.0
    return ids, weight


def loss_of(logits, ids, weight):
    """Mean cross-entropy of the scored next tokens (weight 1), nats."""
    targets = torch.cat((ids[:, 1:], ids[:, -1:]), dim=1)
    nll = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
    return (nll * weight.reshape(-1)).sum() / weight.sum()


def check_against_node(folder, forward, config, ids):
    """The saved checkpoint through the site's runtime must give this trainer's logits; says how close."""
    W = {k: v.float() for k, v in load_safetensors(os.path.join(folder, "model.safetensors")).items()}
    with torch.no_grad():
        ours = forward(W, config, torch.tensor([ids]))[0]
    result = subprocess.run(
        ["npm", "run", "--silent", "infer", "--", "--model", folder, "--ids", ",".join(map(str, ids)), "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    theirs = torch.tensor(json.loads(result.stdout)["logits"])
    rel = ((ours - theirs).abs().max() / ours.abs().max()).item()
    if rel > 1e-4:
        raise SystemExit(f"{folder}: trainer and kernels differ, max relative {rel:.2e}")
    return f"kernels agree (max relative {rel:.1e})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", required=True, choices=sorted(VARIANTS))
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--batch", type=int, default=16, help="sequences per step")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                        help="overrides a config.json key (experiments: width, heads)")
    parser.add_argument("--pack", action="store_true",
                        help="windows filled with several documents one after another (ChatGLM-6B: in the generated part after one prefix)")
    parser.add_argument("--prose-repeat", type=int, default=1, metavar="K",
                        help="each prose paragraph K times a pass (prose is 1.4%% of the training tokens, a third of the held-out ones)")
    parser.add_argument("--repeat", type=float, default=0.0, metavar="SHARE",
                        help="in this share of the documents a stretch of text is written twice (copying)")
    parser.add_argument("--norm-start", type=float, default=1.0, metavar="X",
                        help="each block's norm weights start at X, not 1 (ChatGLM-6B: 1/alpha)")
    parser.add_argument("--infill", type=float, default=0.0, metavar="SHARE",
                        help="ChatGLM-6B: this share of the documents trains GLM's blank infilling ([MASK] and a span) instead of [gMASK]")
    parser.add_argument("--random-cut", action="store_true",
                        help="ChatGLM-6B: the prefix is the first 1 to half of the document's tokens (at most RANDOM_CUT_LONGEST), not its first line: "
                             "GLM's generation objective blanks out the last 50-100%% of a document")
    parser.add_argument("--probe", type=int, default=0, metavar="N",
                        help="every N steps, held-out loss, attention to i-1 per head and poem lines kept (probe.py)")
    parser.add_argument("--out", default=OUT, help="folder that receives <variant>/ (default: the shipped models)")
    args = parser.parse_args()
    if args.infill and args.variant != "chatglm-6b":
        parser.error("--infill: [MASK] spans are ChatGLM-6B's")

    torch.set_num_threads(1)  # several variants train side by side
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    variant = args.variant
    config = {**VARIANTS[variant], **{k: json.loads(v) for k, v in (kv.split("=", 1) for kv in args.set)}}
    forward = FORWARD[variant]

    tokenizer = os.path.join(CACHE, "tokenizer.json")
    documents = encode_documents(os.path.join(CACHE, "corpus", "train.txt"), tokenizer)
    # a poem has line breaks, a prose paragraph none
    documents = [d for doc in documents for d in [doc] * (1 if NEWLINE in doc else args.prose_repeat)]
    if args.repeat:  # its own generator, like --pack's
        documents = with_repeated_spans(documents, args.repeat, random.Random(args.seed + 2))
    if args.pack and variant != "chatglm-6b":  # its own generator, so the batches keep the order --seed gives them
        documents = packed(documents, variant, random.Random(args.seed + 1))
    cut_rng = random.Random(args.seed + 4)  # its own generator, like --pack's
    cut_of = (lambda doc: cut_rng.randint(1, max(1, min(len(doc) // 2, RANDOM_CUT_LONGEST)))) if args.random_cut else (lambda doc: None)
    infill_rng = random.Random(args.seed + 3)  # its own generator, like --pack's
    data = [s for doc in documents
            for s in ([infill_sequence(doc, infill_rng)] if args.infill and len(doc) > 2 and infill_rng.random() < args.infill else sequences(variant, doc, cut_of(doc)))]
    if args.pack and variant == "chatglm-6b":
        # One prefix to a sequence: the generated part is what fills up. These windows replace the
        # sequences above, whose prefix cuts were drawn first: cut_rng stands where it stood when the
        # shipped ChatGLM-6B was trained, so that file is reproduced byte for byte.
        data = glm_packed(documents, random.Random(args.seed + 1), cut_of)
    W = init_weights(variant, config, args.norm_start)
    params = [w for w in W.values() if w.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=args.lr, betas=(0.9, 0.95), weight_decay=0.01)
    schedule = lambda step: min(1.0, (step + 1) / 30) * 0.5 * (1 + math.cos(math.pi * step / args.steps))

    logs = os.path.join(CACHE, "logs") if args.out == OUT else args.out  # an experiment keeps its logs
    os.makedirs(logs, exist_ok=True)
    log = open(os.path.join(logs, f"{variant}.tsv"), "w")
    log.write("step\tloss\tseconds\n")
    stream = batches(data, rng, args.batch)
    if args.probe:
        probe = Probe(variant, config, forward, tokenizer, os.path.join(OUT, "heldout.txt"), pad)
        probe_log = open(os.path.join(logs, f"{variant}.probe.tsv"), "w")
        probe_log.write("step\theldout_loss\tbest_previous_head\tprevious_by_head\ton_poems\ton_prose\tkept5\tkept7\n")
    began = time.time()
    for step in range(args.steps):
        for group in optimizer.param_groups:
            group["lr"] = args.lr * schedule(step)
        ids, weight = next(stream)
        loss = loss_of(forward(W, config, ids), ids, weight)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        if step % 10 == 0 or step == args.steps - 1:
            log.write(f"{step}\t{loss.item():.4f}\t{time.time() - began:.1f}\n")
            log.flush()
            print(f"{variant} step {step} loss {loss.item():.3f} ({time.time() - began:.0f} s)", flush=True)
        if args.probe and (step % args.probe == 0 or step == args.steps - 1):
            held, (previous, on_poems, on_prose), kept = probe.measure(W, loss_of)
            heads, poems, prose = (" ".join(f"{a:.2f}" for layer in p for a in layer) for p in (previous, on_poems, on_prose))
            best = max(a for layer in previous for a in layer)
            (k5, n5), (k7, n7) = kept[5], kept[7]
            probe_log.write(f"{step}\t{held:.4f}\t{best:.3f}\t{heads}\t{poems}\t{prose}\t{k5}/{n5}\t{k7}/{n7}\n")
            probe_log.flush()
            print(f"{variant} probe {step}: held-out {held:.3f}, to i-1 {heads} (poems {poems}; prose {prose}),"
                  f" kept {k5}/{n5} {k7}/{n7}", flush=True)

    folder = os.path.join(args.out, variant)
    os.makedirs(folder, exist_ok=True)
    save_safetensors(os.path.join(folder, "model.safetensors"), export(variant, W, config), config["torch_dtype"])
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump({k: v for k, v in config.items()}, f, indent=2)
    with open(tokenizer, encoding="utf-8") as f:
        tokenizer_json = json.load(f)
    tokenizer_json["post_processor"] = post_processor(variant)
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json, f, ensure_ascii=False)
    checked = check_against_node(folder, forward, config, data[0][0][:40])
    print(f"{variant}: {args.steps} steps in {time.time() - began:.0f} s; {checked}")


if __name__ == "__main__":
    main()
