"""What a run is learning, measured on the held-out text while it trains (`train.py --probe N`).

Every N steps the trainer calls `Probe.measure`, which reports on public/models/trained/heldout.txt:
  - the held-out loss (nats per scored token, each document's first window as in training);
  - each head's mean attention from position i to i−1, over every position of those windows (the
    figure `npm run trained-quality` reports for the shipped file; the goal is one head ≥ 0.5), and
    the same over the poems and over the prose paragraphs apart (prose is a third of the held-out
    positions but 1.4% of the training tokens);
  - how many greedy second lines of the held-out poems have their first line's shape (half length,
    "，" and "。"), five- and seven-character poems apart.
It is the measure of scripts/train/quality.ts in PyTorch, so one run shows the trend; the shipped
figures stay those of quality.ts (a character outside the vocabulary counts here as no character).
"""

import re

import torch

from tokenize_corpus import Tokenizer
from variants import EOP, EOS, GMASK, NEWLINE, SOP, sequences, start_ids

POEM_LINE = re.compile(r"^([\u4e00-\u9fff]{5}|[\u4e00-\u9fff]{7})，")


def shape_of(tokens):
    """Where the punctuation stands: ['春', '眠', '，'] → '··，'; a byte token is '?'."""
    return "".join("·" if "\u4e00" <= t <= "\u9fff" else ("?" if t.startswith("<0x") else t) for t in tokens)


class Probe:
    def __init__(self, variant, config, forward, tokenizer_path, heldout_path, pad):
        self.variant, self.config, self.forward = variant, config, forward
        tok = Tokenizer(tokenizer_path)
        self.token_of = {i: t for t, i in tok.vocab.items()}
        with open(heldout_path, encoding="utf-8") as f:
            documents = f.read().strip().split("\n\n")
        self.rows = [sequences(variant, tok.encode(d))[0] for d in documents]
        self.is_poem = [bool(POEM_LINE.match(d)) for d in documents]
        self.batch = pad(self.rows)
        # (prompt ids, the first line's shape, its half length) for each held-out poem
        self.poems = []
        for d in filter(POEM_LINE.match, documents):
            first = d.split("\n")[0]
            line = tok.encode(first)
            if variant == "chatglm-6b":
                prompt = line + [GMASK, SOP, NEWLINE]
            else:
                prompt = start_ids(variant) + line + [NEWLINE]
            self.poems.append((prompt, shape_of(list(first)), first.index("，"), len(first)))

    def attention_to_previous(self, probs, kept=lambda b: True):
        """probs: per layer [B, n, T, T] → [layer][head] mean attention from i to i−1 (real tokens only)
        over the documents b for which kept(b) holds."""
        out = []
        for p in probs:
            total, count = torch.zeros(p.shape[1]), 0
            for b, (ids, _) in enumerate(self.rows):
                if not kept(b):
                    continue
                T = len(ids)
                total += p[b, :, torch.arange(1, T), torch.arange(0, T - 1)].sum(dim=-1)
                count += T - 1
            out.append((total / count).tolist())
        return out

    def poem_lines_kept(self, W):
        """{half length: (kept, total)} for greedy second lines, all poems decoded as one batch."""
        rows = [list(prompt) for prompt, *_ in self.poems]
        done = [False] * len(rows)
        generated = [[] for _ in rows]
        for _ in range(max(n for *_, n in self.poems) + 2):
            T = max(len(r) for r in rows)
            ids = torch.tensor([r + [EOS] * (T - len(r)) for r in rows])  # right padding: causal rows ignore it
            logits = self.forward(W, self.config, ids)
            for b, r in enumerate(rows):
                if done[b]:
                    continue
                nxt = int(logits[b, len(r) - 1].argmax())
                if nxt in (NEWLINE, EOS, EOP) or len(generated[b]) >= self.poems[b][3] + 2:
                    done[b] = True
                else:
                    generated[b].append(self.token_of[nxt])
                    r.append(nxt)
            if all(done):
                break
        kept = {5: [0, 0], 7: [0, 0]}
        for (_, shape, half, _), tokens in zip(self.poems, generated):
            kept[half][0] += shape_of(tokens) == shape
            kept[half][1] += 1
        return kept

    @torch.no_grad()
    def measure(self, W, loss_of):
        """(held-out loss, [layer][head] attention to i−1 over all, poems, prose,
        {5: (kept, total), 7: (kept, total)})."""
        ids, weight = self.batch
        logits, probs = self.forward(W, self.config, ids, want_probs=True)
        loss = loss_of(logits, ids, weight).item()
        previous = [self.attention_to_previous(probs, kept) for kept in
                    (lambda b: True, lambda b: self.is_poem[b], lambda b: not self.is_poem[b])]
        return loss, previous, self.poem_lines_kept(W)
