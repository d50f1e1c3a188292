"""How much of its attention a hand-built ALiBi head can give token i−1 on the held-out text.

No Baichuan-13B run made a previous-token head (scripts/train/README.md). This asks whether the
architecture could hold one at all, by building two kinds of head by hand on the shipped model's own
token vectors (its embeddings after layer 0's input norm, centred, projected on their first d
principal directions: x_i, a head of d dimensions) and trying a grid of scales:

  A. a layer-0 head that looks away from its own token: score(i, j) = −s · x_i·x_j / √d − m·(i − j).
     A token's product with itself is its largest, so its own key scores lowest; ALiBi then favours
     the nearest of the others.
  B. a layer-1 head whose query reads what a layer-0 head (slope m0, content-free: ALiBi alone) mixed
     into position i, minus a share c of its own token, and whose key is the token:
     score(i, j) = s · (Σ_k a_ik x_k − c · x_i)·x_j / √d − m1·(i − j). Token i−1 is in that mix with
     the second largest weight, token i with the largest, which c takes back out.

m, m0 and m1 are the steepest slope ALiBi gives a model with that many heads (get_interleave), since
the steepest head is the one most drawn to recent tokens. The best of the grid is printed for each
head count; a trained model could do better only by finding something neither construction has.

    /usr/bin/python3 scripts/train/alibi_by_hand.py     (after prepare_corpus.py and train_tokenizer.py)
"""

import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "device-check"))
from torch_reference import get_interleave, rms_norm  # noqa: E402
from safetensors_io import load_safetensors  # noqa: E402
from tokenize_corpus import Tokenizer  # noqa: E402
from variants import sequences  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
TRAINED = os.path.join(ROOT, "public", "models", "trained")
SCALES = [0.1, 0.3, 0.5, 1, 2, 4, 8]
OWN_SHARES = [0, 0.25, 0.5, 1]


def share_on_previous(rows, score):
    """Mean attention from i to i−1 over every position of the windows; score(x, T) → [T, T] scores
    before the causal mask."""
    total, count = 0.0, 0
    for x in rows:
        T = x.shape[0]
        i = torch.arange(T)
        probs = torch.softmax(score(x, T).masked_fill(i[None, :] > i[:, None], float("-inf")), dim=-1)
        total += probs[i[1:], i[:-1]].sum().item()
        count += T - 1
    return total / count


def distance(T):
    i = torch.arange(T, dtype=torch.float32)
    return (i[:, None] - i[None, :]).clamp(min=0)


def main():
    W = {k: v.float() for k, v in load_safetensors(os.path.join(TRAINED, "baichuan-13b", "model.safetensors")).items()}
    tokenizer = Tokenizer(os.path.join(ROOT, ".cache", "train", "tokenizer.json"))
    with open(os.path.join(TRAINED, "heldout.txt"), encoding="utf-8") as f:
        windows = [sequences("baichuan-13b", tokenizer.encode(d))[0][0] for d in f.read().strip().split("\n\n")]
    normed = rms_norm(W["model.embed_tokens.weight"], W["model.layers.0.input_layernorm.weight"], 1e-6)
    seen = torch.tensor(sorted({t for w in windows for t in w}))
    centred = normed - normed[seen].mean(dim=0)
    directions = torch.linalg.svd(centred[seen], full_matrices=False)[2]

    print("heads  slope  d   A: layer 0, looks away from itself   B: layer 1, reads layer 0's mix")
    for heads in (4, 8, 16, 40):
        m = max(get_interleave(heads))
        for d in (4, 8, 16):
            rows = [centred[torch.tensor(w)] @ directions[:d].T for w in windows]
            away = max(share_on_previous(rows, lambda x, T, s=s: -s * (x @ x.T) / d**0.5 - m * distance(T)) for s in SCALES)

            def reads_mix(x, T, s, c):
                mix = torch.softmax((-m * distance(T)).masked_fill(torch.ones(T, T).triu(1).bool(), float("-inf")), dim=-1)
                return s * ((mix @ x - c * x) @ x.T) / d**0.5 - m * distance(T)

            composed = max(share_on_previous(rows, lambda x, T, s=s, c=c: reads_mix(x, T, s, c)) for s in SCALES for c in OWN_SHARES)
            print(f"{heads:5}  {m:.3f}  {d:2}  {away:.3f}                               {composed:.3f}", flush=True)


if __name__ == "__main__":
    main()
