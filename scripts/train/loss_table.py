"""Prints the loss curves of the last training run (.cache/train/logs/<variant>.tsv, written by
train.py every 10 steps) as the Markdown table in README.md.

Usage: /usr/bin/python3 scripts/train/loss_table.py
"""

import csv
import os

from variants import VARIANTS

LOGS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), ".cache", "train", "logs")
STEPS = [0, 50, 100, 150, 200, 250, 299]


def main():
    print("| model | " + " | ".join(f"step {s}" for s in STEPS) + " | wall time |")
    print("| --- " * (len(STEPS) + 2) + "|")
    for variant in VARIANTS:
        with open(os.path.join(LOGS, f"{variant}.tsv")) as f:
            log = {int(r["step"]): (float(r["loss"]), float(r["seconds"])) for r in csv.DictReader(f, delimiter="\t")}
        losses = " | ".join(f"{log[s][0]:.2f}" if s in log else "–" for s in STEPS)
        print(f"| {variant} | {losses} | {log[max(log)][1] / 60:.0f} min |")


if __name__ == "__main__":
    main()
