#!/usr/bin/env python3
"""PyTorch CPU reference of WatchNext's attention-encoder candidate-generation training step
(`WatchNextBenchmarks cg-attention`), for side-by-side speed. Written for this comparison from the
WatchNext design (docs/candidate-generation.md), not from WatchNext's code.

Model: windows of L item ids; item embedding + learned position embedding; `--blocks` pre-norm
blocks x = x + drop(MHA(LN(x))) causal, x = x + drop(W2 relu(W1 LN(x))); final LayerNorm; the tower
(Linear+ReLU ..., last layer linear) on every position; a separate output table. Loss: sampled
softmax with log-Q over S Zipf-like negatives shared by the batch, accidental hits masked; every
position is a label. Adam (fused). Reports labels/second after warm-up (median of repeats).
Last line printed: JSON.
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, dropout):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=1e-6), nn.LayerNorm(d, eps=1e-6)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.ff = nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, d))
        self.drop = nn.Dropout(dropout)

    def forward(self, x, mask):
        h = self.ln1(x)
        a, _ = self.attn(h, h, h, attn_mask=mask, need_weights=False)
        x = x + self.drop(a)
        return x + self.drop(self.ff(self.ln2(x)))


class AttentionCG(nn.Module):
    def __init__(self, n_items, d, length, blocks, heads, dropout, tower):
        super().__init__()
        self.item_in = nn.Embedding(n_items, d)
        self.pos = nn.Embedding(length, d)
        self.item_out = nn.Embedding(n_items, d)
        self.blocks = nn.ModuleList(Block(d, heads, dropout) for _ in range(blocks))
        self.ln = nn.LayerNorm(d, eps=1e-6)
        self.drop = nn.Dropout(dropout)
        layers, d_in = [], d
        for k, w in enumerate(tower):
            layers.append(nn.Linear(d_in, w))
            if k < len(tower) - 1:
                layers.append(nn.ReLU())
            d_in = w
        self.tower = nn.Sequential(*layers)
        self.register_buffer("mask", ~torch.tril(torch.ones(length, length, dtype=torch.bool)), persistent=False)

    def loss(self, seq, target, neg, log_q):
        x = self.drop(self.item_in(seq) + self.pos.weight.unsqueeze(0))
        for b in self.blocks:
            x = b(x, self.mask)
        u = self.tower(self.ln(x)).reshape(-1, self.item_out.embedding_dim)
        t = target.reshape(-1)
        pos = (u * self.item_out(t)).sum(1) - log_q[t]
        logits = u @ self.item_out(neg).T - log_q[neg]
        logits = logits.masked_fill(neg.unsqueeze(0) == t.unsqueeze(1), float("-inf"))
        logits = torch.cat([pos.unsqueeze(1), logits], 1)
        return F.cross_entropy(logits, torch.zeros(len(t), dtype=torch.long))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--tower", default="128,64")
    ap.add_argument("--length", type=int, default=50)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--heads", type=int, default=1)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--windows", type=int, default=32)
    ap.add_argument("--negatives", type=int, default=1_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    tower = [int(w) for w in a.tower.split(",")]
    model = AttentionCG(a.items, a.dim, a.length, a.blocks, a.heads, a.dropout, tower)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    q = 1 / np.power(np.arange(a.items) + 10.0, 0.8)
    q = torch.as_tensor(q / q.sum())
    cdf, log_q = torch.cumsum(q, 0).float(), torch.log(a.negatives * q).float()
    draw = lambda n: torch.searchsorted(cdf, torch.rand(n)).clamp_(max=a.items - 1)
    pool = [(draw(a.windows * a.length).reshape(a.windows, a.length),
             draw(a.windows * a.length).reshape(a.windows, a.length)) for _ in range(8)]

    def step(k):
        seq, target = pool[k % len(pool)]
        loss = model.loss(seq, target, draw(a.negatives), log_q)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    for k in range(5):
        step(k)
    rates = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        for k in range(a.steps):
            step(k)
        rates.append(a.steps * a.windows * a.length / (time.perf_counter() - t0))
    median = sorted(rates)[len(rates) // 2]
    print(f"torch attention step: {vars(a)}")
    print("runs (labels/s): " + ", ".join(f"{r:.0f}" for r in rates))
    print(json.dumps({"examples_per_s": round(median, 1), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
