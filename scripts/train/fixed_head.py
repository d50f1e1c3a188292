"""Would a previous-token head pay? Train with one head's attention fixed to "exactly one token back".

    FIXED_HEAD=1.0 /usr/bin/python3 scripts/train/fixed_head.py --variant baichuan-13b --pack --steps 1500 --probe 500 --out DIR

takes the same arguments as train.py and trains the same way, except that head 0 of layer 1
(FIXED_HEAD=layer.head) does not compute its attention: query i gives all of it to key i − 1 (the first
query to itself), while its values and output projection and every other weight train as usual. The
probe's held-out loss against a train.py run with the same arguments says what such a head is worth
to the model: if the loss does not fall, nothing in the training loss asks for one (scripts/train/README.md,
"What is left", has the runs). The saved folder holds the trained weights, which without the fixed
pattern are another model, so the usual check against the site's runtime is skipped.
"""

import os
import sys

import torch

import families
import train

FIXED_LAYER, FIXED_HEAD = map(int, os.environ["FIXED_HEAD"].split("."))
computed = families.attend
calls = 0  # every forward pass calls attend once per layer, in layer order


def one_back(T):
    """[T, T]: row i is 1 at column i − 1 (row 0 at column 0)."""
    pattern = torch.zeros(T, T)
    pattern[0, 0] = 1.0
    pattern[torch.arange(1, T), torch.arange(T - 1)] = 1.0
    return pattern


def attend_with_fixed_head(q, k, v, masked, bias=None):
    global calls
    layer = calls % LAYERS
    calls += 1
    context, probs = computed(q, k, v, masked, bias)
    if layer != FIXED_LAYER:
        return context, probs
    B, n, T, d = q.shape
    probs = probs.clone()
    probs[:, FIXED_HEAD] = one_back(T)
    v = v.repeat_interleave(n // v.shape[1], dim=1)
    return (probs @ v).transpose(1, 2).reshape(B, T, n * d), probs


def skipped_check(folder, forward, config, ids):
    return f"not checked against the site's runtime (head {FIXED_LAYER}.{FIXED_HEAD} was fixed in training)"


if __name__ == "__main__":
    variant = sys.argv[sys.argv.index("--variant") + 1]
    if any(a.startswith(("num_hidden_layers=", "num_layers=")) for a in sys.argv):
        sys.exit("fixed_head.py counts layers from variants.py: leave the layer count as it is there")
    config = train.VARIANTS[variant]
    LAYERS = config.get("num_hidden_layers", config.get("num_layers"))
    families.attend = attend_with_fixed_head
    train.check_against_node = skipped_check
    train.main()
