"""Prints the loss curves of the last training run (.cache/train/logs/<variant>.tsv, written by
train.py every 10 steps) as the Markdown table in README.md.

One batch's loss is noisy (16 sequences), so each column is the mean of the logged losses in one
sixth of the run, labelled by the steps it covers; the first column is step 0 alone.

Usage: /usr/bin/python3 scripts/train/loss_table.py
"""

import csv
import os

from variants import VARIANTS

LOGS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), ".cache", "train", "logs")
PARTS = 6


def read_log(variant):
    with open(os.path.join(LOGS, f"{variant}.tsv")) as f:
        return {int(r["step"]): (float(r["loss"]), float(r["seconds"])) for r in csv.DictReader(f, delimiter="\t")}


def spans(last):
    """(first, last) step of each sixth of a run whose final step is `last`."""
    edges = [round(last * i / PARTS) for i in range(PARTS + 1)]
    return [(edges[i] + 1, edges[i + 1]) for i in range(PARTS)]


def main():
    logs = {variant: read_log(variant) for variant in VARIANTS}
    columns = spans(max(max(log) for log in logs.values()))
    print("| model | step 0 | " + " | ".join(f"steps {a}–{b}" for a, b in columns) + " | wall time |")
    print("| --- " * (len(columns) + 3) + "|")
    for variant, log in logs.items():
        means = []
        for a, b in columns:
            inside = [loss for step, (loss, _) in log.items() if a <= step <= b]
            means.append(f"{sum(inside) / len(inside):.2f}" if inside else "–")
        print(f"| {variant} | {log[0][0]:.2f} | {' | '.join(means)} | {log[max(log)][1] / 60:.0f} min |")


if __name__ == "__main__":
    main()
