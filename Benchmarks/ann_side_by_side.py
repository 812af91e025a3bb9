#!/usr/bin/env python3
"""WatchNext's HNSW against hnswlib: queries/s at equal recall, one thread.

hnswlib runs its inner-product index (`--peer ip`) or its l2 index on the same MIPS reduction that
WatchNext's `reduced-l2` graph uses (`--peer reduced-l2`); WatchNext runs `--space ip|reduced-l2`.

Recall is deterministic, time is not: the machines are shared and a pass swings by +-25%. So:
1. both indexes are built once (same M and efConstruction, two threads) and the build times printed;
2. for each hnswlib ef, its recall@k is measured and the smallest WatchNext ef reaching at least that
   recall is found by bisection (WatchNext runs as `WatchNextBenchmarks ann --serve`, index loaded);
3. for each such pair, passes of 1,000 queries alternate (hnswlib, WatchNext, then WatchNext,
   hnswlib, ...) and the median of the paired ratios is reported, per round and over rounds.

Usage: ann_side_by_side.py --base B.npy --queries Q.npy --truth T.npy --bench .build/release/WatchNextBenchmarks
       [--rounds 3] [--repeats 8] [--efs 64,128,256,512] [--work DIR]
"""
import argparse
import statistics
import subprocess
import time
from pathlib import Path

import hnswlib
import numpy as np


class WatchNext:
    """`WatchNextBenchmarks ann --serve`: builds or loads its index once, then times passes on demand."""

    def __init__(self, a, index_dir, k):
        command = [a.bench, "ann", "--base", a.base, "--queries", a.queries, "--index", str(index_dir),
                   "--space", a.space,
                   "--k", str(k), "--efs", "1", "--serve"]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.preamble = []
        for line in self.process.stdout:
            if line.strip() == "ready":
                break
            self.preamble.append(line.rstrip())

    def build_seconds(self):
        line = next(line for line in self.preamble if "HNSW build" in line)
        return float(line.split(": ")[1].split(" s")[0])

    def one_pass(self, ef):
        self.process.stdin.write(f"{ef} 1\n")
        self.process.stdin.flush()
        _, recall, qps = self.process.stdout.readline().split()
        return float(recall), float(qps)

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def hnswlib_pass(index, queries, k):
    t0 = time.perf_counter()
    found = index.knn_query(queries, k=k)[0]
    return found, len(queries) / (time.perf_counter() - t0)


def matching_ef(ours, target, start):
    """The smallest ef at which WatchNext's recall@k reaches `target` (recall is deterministic)."""
    low, high = 0, start  # ef 0 stands for "not reached"; searches use at least k
    while ours.one_pass(high)[0] < target:
        low, high = high, high * 2
        if high > 16 * start:
            return None
    while low + 1 < high:
        middle = (low + high) // 2
        if ours.one_pass(middle)[0] >= target:
            high = middle
        else:
            low = middle
    return high


def paired_passes(index, ours, queries, k, ef, our_ef, repeats):
    """`repeats` pairs of one-thread passes (1,000 queries each), hnswlib at `ef` and WatchNext at
    `our_ef`, in alternating order: the median of the pairs' ratios and each side's best."""
    index.set_ef(ef)
    ratios, best, best_ours = [], 0.0, 0.0
    for repeat in range(repeats):
        if repeat % 2 == 0:
            _, qps = hnswlib_pass(index, queries, k)
            _, our_qps = ours.one_pass(our_ef)
        else:
            _, our_qps = ours.one_pass(our_ef)
            _, qps = hnswlib_pass(index, queries, k)
        ratios.append(our_qps / qps)
        best, best_ours = max(best, qps), max(best_ours, our_qps)
    return statistics.median(ratios), best, best_ours


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--bench", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=8)
    ap.add_argument("--efs", type=lambda s: [int(x) for x in s.split(",")], default=[64, 128, 256, 512])
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=200)
    ap.add_argument("--work", default="/tmp/watchnext-ann-side-by-side")
    ap.add_argument("--space", default="ip", choices=["ip", "reduced-l2"], help="WatchNext's graph space")
    ap.add_argument("--peer", default="ip", choices=["ip", "reduced-l2"],
                    help="hnswlib's index: its inner-product space, or its l2 space on the same MIPS reduction "
                         "(items (x, sqrt(R^2-|x|^2)), queries (q, 0)), which is what WatchNext's reduced-l2 does")
    a = ap.parse_args()

    base, queries, truth = np.load(a.base), np.load(a.queries), np.load(a.truth)
    k = truth.shape[1]
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    ours_dir = work / f"watchnext_{len(base)}_{a.space}"
    print(f"data: {base.shape[0]} x {base.shape[1]}, {len(queries)} queries, k = {k}, M {a.m}, "
          f"efConstruction {a.ef_construction}; {a.rounds} rounds, queries/s on one thread; "
          f"WatchNext space {a.space}, hnswlib {a.peer}")

    # Builds, alternating: hnswlib, WatchNext.
    peer_base, peer_queries = base, queries
    if a.peer == "reduced-l2":
        norms = (base.astype(np.float64) ** 2).sum(axis=1)
        extra = np.sqrt(np.maximum(norms.max() - norms, 0)).astype(np.float32)[:, None]
        peer_base = np.ascontiguousarray(np.hstack([base, extra]))
        peer_queries = np.ascontiguousarray(np.hstack([queries, np.zeros((len(queries), 1), np.float32)]))
    index = hnswlib.Index(space="ip" if a.peer == "ip" else "l2", dim=peer_base.shape[1])
    t0 = time.perf_counter()
    index.init_index(max_elements=len(base), ef_construction=a.ef_construction, M=a.m, random_seed=100)
    index.add_items(peer_base, np.arange(len(base)), num_threads=2)
    hnswlib_build = time.perf_counter() - t0
    subprocess.run(["rm", "-rf", str(ours_dir)], check=True)
    ours = WatchNext(a, ours_dir, k)
    ours_build = ours.build_seconds()
    print(f"build on 2 threads: hnswlib {hnswlib_build:.1f} s, WatchNext {ours_build:.1f} s "
          f"(ratio {hnswlib_build / ours_build:.2f}x; above 1 means WatchNext is faster)")

    # Equal recall: hnswlib's recall@k at each ef, and the ef at which WatchNext reaches at least it.
    index.set_num_threads(1)
    plan = []
    for ef in a.efs:
        index.set_ef(ef)
        found, _ = hnswlib_pass(index, peer_queries, k)
        recall = sum(len(np.intersect1d(f, t)) for f, t in zip(found, truth)) / truth.size
        our_ef = matching_ef(ours, recall, ef)
        if our_ef is not None:
            plan.append((ef, recall, our_ef, ours.one_pass(our_ef)[0]))
    medians = {ef: [] for ef, *_ in plan}
    for round_number in range(1, a.rounds + 1):
        print(f"round {round_number}: {a.repeats} pairs of passes per row, alternating who goes first")
        print("  hnswlib ef  recall  best q/s | WatchNext ef  recall  best q/s | median paired ratio")
        for ef, recall, our_ef, our_recall in plan:
            ratio, best, best_ours = paired_passes(index, ours, peer_queries, k, ef, our_ef, a.repeats)
            medians[ef].append(ratio)
            print(f"  {ef:10d}  {recall:.4f}  {best:8.0f} | {our_ef:12d}  {our_recall:.4f}  {best_ours:8.0f} | "
                  f"{ratio:5.2f}x", flush=True)
    ours.close()
    print("WatchNext / hnswlib queries/s at equal recall, one thread (median over rounds):")
    for ef, recall, our_ef, _ in plan:
        print(f"  recall@{k} {recall:.4f} (hnswlib ef {ef}, WatchNext ef {our_ef}): {statistics.median(medians[ef]):.2f}x")


if __name__ == "__main__":
    main()
