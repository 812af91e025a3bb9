#!/usr/bin/env python3
"""WatchNext's partition index against ScaNN: queries/s at equal recall@k, one thread, and build times.

Both search the same .npy files (float32 base and query rows, and the exact top-k ids). ScaNN is
configured as the issue measured it: a k-means tree of 2*sqrt(n) leaves, anisotropic hashing with
2 dimensions per block (threshold 0.2), exact re-ordering. WatchNext runs as
`WatchNextBenchmarks partition --serve` (index built once, or loaded from --work).

Recall is deterministic, time is not (shared machines swing a pass by +-25%), so:
1. both indexes are built, ScaNN then WatchNext, each on the machine's threads, and the times printed;
2. for each ScaNN setting (leaves to search, re-order width), its recall@k is measured, and for each
   WatchNext re-order width of --reorders the smallest probe reaching at least that recall is found by
   bisection; the fastest of those settings (one timed pass each) is WatchNext's match;
3. for each matched pair, passes of all queries alternate (ScaNN, WatchNext, then WatchNext, ScaNN, ...)
   and the median of the paired ratios is reported, per round and over rounds.

Usage: scann_side_by_side.py --base B.npy --queries Q.npy --truth T.npy --bench .build/release/WatchNextBenchmarks
       [--settings 10:200,20:200] [--reorders 100,150,200,300] [--rounds 3] [--repeats 6] [--work DIR]
"""
import argparse
import os
import statistics
import subprocess
import time
from pathlib import Path

import numpy as np


class WatchNext:
    """`WatchNextBenchmarks partition --serve`: builds or loads its index once, then times passes on demand."""

    def __init__(self, a, index_dir, k):
        command = [a.bench, "partition", "--base", a.base, "--queries", a.queries, "--index", str(index_dir),
                   "--k", str(k), "--serve"]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.preamble = []
        for line in self.process.stdout:
            if line.strip() == "ready":
                break
            self.preamble.append(line.rstrip())
        self.cache = {}

    def build_seconds(self):
        line = next(line for line in self.preamble if "partition build" in line)
        return float(line.split(": ")[1].split(" s")[0])

    def one_pass(self, probe, reorder):
        self.process.stdin.write(f"{probe} {reorder} 1\n")
        self.process.stdin.flush()
        _, _, recall, qps = self.process.stdout.readline().split()
        self.cache[(probe, reorder)] = float(recall)
        return float(recall), float(qps)

    def recall(self, probe, reorder):
        return self.cache.get((probe, reorder)) or self.one_pass(probe, reorder)[0]

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def recall_at_k(ids, truth):
    return float(np.mean([len(np.intersect1d(f[f >= 0], t)) / truth.shape[1] for f, t in zip(ids, truth)]))


def scann_pass(searcher, queries, k, leaves, reorder):
    t0 = time.perf_counter()
    ids, _ = searcher.search_batched(queries, final_num_neighbors=k, leaves_to_search=leaves,
                                     pre_reorder_num_neighbors=reorder)
    return ids, len(queries) / (time.perf_counter() - t0)


def matching_probe(ours, target, reorder, partitions):
    """The smallest probe at which WatchNext reaches recall `target` with this re-order width, or None."""
    if ours.recall(partitions, reorder) < target:
        return None
    low, high = 0, 1
    while ours.recall(high, reorder) < target:
        low, high = high, min(high * 2, partitions)
    while low + 1 < high:
        middle = (low + high) // 2
        if ours.recall(middle, reorder) >= target:
            high = middle
        else:
            low = middle
    return high


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--bench", required=True)
    ap.add_argument("--settings", default="10:200,20:200",
                    type=lambda s: [tuple(int(x) for x in p.split(":")) for p in s.split(",")],
                    help="ScaNN leaves_to_search:pre_reorder_num_neighbors pairs")
    ap.add_argument("--reorders", default="100,150,200,300", type=lambda s: [int(x) for x in s.split(",")])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=6)
    ap.add_argument("--work", default="/tmp/watchnext-scann-side-by-side")
    a = ap.parse_args()

    import scann

    base = np.ascontiguousarray(np.load(a.base), np.float32)
    queries = np.ascontiguousarray(np.load(a.queries), np.float32)
    truth = np.load(a.truth)
    k = truth.shape[1]
    leaves = max(1, round(2 * len(base) ** 0.5))
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    ours_dir = work / f"watchnext_partition_{len(base)}"
    print(f"data: {base.shape[0]} x {base.shape[1]}, {len(queries)} queries, k = {k}; {leaves} partitions "
          f"both; {a.rounds} rounds; load average at start {os.getloadavg()[0]:.2f}")

    t0 = time.perf_counter()
    builder = scann.scann_ops_pybind.builder(base, k, "dot_product")
    builder = builder.tree(num_leaves=leaves, num_leaves_to_search=10, training_sample_size=min(len(base), 250_000))
    searcher = builder.score_ah(2, anisotropic_quantization_threshold=0.2).reorder(4 * k).build()
    scann_build = time.perf_counter() - t0
    subprocess.run(["rm", "-rf", str(ours_dir)], check=True)
    ours = WatchNext(a, ours_dir, k)
    ours_build = ours.build_seconds()
    print(f"build: ScaNN {scann_build:.1f} s, WatchNext {ours_build:.1f} s "
          f"(ratio {scann_build / ours_build:.2f}x; above 1 means WatchNext builds faster)")
    searcher.set_num_threads(1)

    plan = []
    for lts, reorder in a.settings:
        ids, _ = scann_pass(searcher, queries, k, lts, reorder)
        target = recall_at_k(ids, truth)
        options = []
        for our_reorder in a.reorders:
            probe = matching_probe(ours, target, our_reorder, leaves)
            if probe is not None:
                options.append((ours.one_pass(probe, our_reorder)[1], probe, our_reorder))
        if not options:
            print(f"ScaNN {lts}/{reorder} recall {target:.4f}: WatchNext does not reach it with re-order {a.reorders}")
            continue
        _, probe, our_reorder = max(options)
        plan.append((lts, reorder, target, probe, our_reorder, ours.recall(probe, our_reorder)))

    medians = {row[:2]: [] for row in plan}
    for round_number in range(1, a.rounds + 1):
        print(f"round {round_number}: {a.repeats} pairs of passes per row, alternating who goes first")
        print("  ScaNN leaves/reorder  recall  best q/s | WatchNext probe/reorder  recall  best q/s | median ratio")
        for lts, reorder, target, probe, our_reorder, our_recall in plan:
            ratios, best, best_ours = [], 0.0, 0.0
            for repeat in range(a.repeats):
                if repeat % 2 == 0:
                    qps = scann_pass(searcher, queries, k, lts, reorder)[1]
                    our_qps = ours.one_pass(probe, our_reorder)[1]
                else:
                    our_qps = ours.one_pass(probe, our_reorder)[1]
                    qps = scann_pass(searcher, queries, k, lts, reorder)[1]
                ratios.append(our_qps / qps)
                best, best_ours = max(best, qps), max(best_ours, our_qps)
            medians[(lts, reorder)].append(statistics.median(ratios))
            print(f"  {lts:12d}/{reorder:<7d} {target:.4f}  {best:8.0f} | {probe:15d}/{our_reorder:<7d} "
                  f"{our_recall:.4f}  {best_ours:8.0f} | {medians[(lts, reorder)][-1]:5.2f}x", flush=True)
    ours.close()
    print(f"WatchNext / ScaNN queries/s at equal recall, one thread (median over rounds; load average now "
          f"{os.getloadavg()[0]:.2f}):")
    for lts, reorder, target, probe, our_reorder, _ in plan:
        print(f"  recall@{k} {target:.4f} (ScaNN {lts}/{reorder}, WatchNext {probe}/{our_reorder}): "
              f"{statistics.median(medians[(lts, reorder)]):.2f}x")


if __name__ == "__main__":
    main()
