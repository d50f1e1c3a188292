"""Writes how long each model of the last `npm run train-tiny` took to train to
kernels/families/trained-figures/training.json, from the loss logs train.py keeps
(.cache/train/logs/<variant>.tsv: step, loss, seconds since the start of that run). The pages read
it (components/article/learned/TrainingTime.astro), so no article types a training time.

Usage (train-all.sh runs it last; VARIANT … to record only those): /usr/bin/python3 record_training.py
"""

import json
import os
import sys

from loss_table import read_log
from variants import VARIANTS, WINDOW

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "kernels", "families", "trained-figures", "training.json")


def main():
    asked = sys.argv[1:] or list(VARIANTS)
    known = {}
    if os.path.exists(OUT):
        with open(OUT) as f:
            known = {m["id"]: m for m in json.load(f)["models"]}
    for variant in asked:
        log = read_log(variant)
        last = max(log)
        known[variant] = {"id": variant, "steps": last + 1, "seconds": round(log[last][1])}
    record = {"window": WINDOW, "models": [known[v] for v in VARIANTS if v in known]}
    with open(OUT, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    print(json.dumps(record))


if __name__ == "__main__":
    main()
