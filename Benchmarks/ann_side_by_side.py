#!/usr/bin/env python3
"""WatchNext's HNSW against hnswlib's inner-product index, in alternating rounds.

The machines are shared and a single run swings by +-25% over tens of seconds, so the two are
interleaved pass by pass: WatchNext runs as `WatchNextBenchmarks ann --serve` with its index loaded,
and for every ef and repeat one hnswlib pass (1,000 queries, in this process) is followed by one
WatchNext pass; the best pass of each is kept. Per round it compares queries/s at *equal recall*: for every
hnswlib point, WatchNext's queries/s at that recall@k is interpolated on its own sweep (linear in
recall, logarithmic in queries/s). It prints each round's ratios and their median.

Both indexes are built once (M, efConstruction equal, two threads), timed in alternation too.

Usage: ann_side_by_side.py --base B.npy --queries Q.npy --truth T.npy --bench .build/release/WatchNextBenchmarks
       [--rounds 3] [--efs 96,128,192,256,384,512] [--work DIR]
"""
import argparse
import math
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


def interleaved_sweep(index, ours, queries, truth, efs, repeats):
    """Per ef, `repeats` times: one hnswlib pass, then one WatchNext pass; the best of each is kept."""
    k = truth.shape[1]
    index.set_num_threads(1)
    theirs, mine = [], []
    for ef in efs:
        index.set_ef(ef)
        best, found, best_ours, our_recall = math.inf, None, 0.0, 0.0
        for _ in range(repeats):
            t0 = time.perf_counter()
            found = index.knn_query(queries, k=k)[0]
            best = min(best, time.perf_counter() - t0)
            our_recall, qps = ours.one_pass(ef)
            best_ours = max(best_ours, qps)
        hits = sum(len(np.intersect1d(f, t)) for f, t in zip(found, truth))
        theirs.append((ef, hits / truth.size, len(queries) / best))
        mine.append((ef, our_recall, best_ours))
    return theirs, mine


def qps_at_recall(rows, recall):
    """Queries/s at `recall` on a sweep, interpolated; None outside the sweep's range."""
    points = sorted((r, q) for _, r, q in rows)
    for (r0, q0), (r1, q1) in zip(points, points[1:]):
        if r0 <= recall <= r1:
            t = 0 if r1 == r0 else (recall - r0) / (r1 - r0)
            return math.exp(math.log(q0) + t * (math.log(q1) - math.log(q0)))
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--bench", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--efs", type=lambda s: [int(x) for x in s.split(",")], default=[96, 128, 192, 256, 384, 512])
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=200)
    ap.add_argument("--work", default="/tmp/watchnext-ann-side-by-side")
    a = ap.parse_args()

    base, queries, truth = np.load(a.base), np.load(a.queries), np.load(a.truth)
    k = truth.shape[1]
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    ours_dir = work / f"watchnext_{len(base)}"
    print(f"data: {base.shape[0]} x {base.shape[1]}, {len(queries)} queries, k = {k}, M {a.m}, "
          f"efConstruction {a.ef_construction}; {a.rounds} rounds, queries/s on one thread")

    # Builds, alternating: hnswlib, WatchNext.
    index = hnswlib.Index(space="ip", dim=base.shape[1])
    t0 = time.perf_counter()
    index.init_index(max_elements=len(base), ef_construction=a.ef_construction, M=a.m, random_seed=100)
    index.add_items(base, np.arange(len(base)), num_threads=2)
    hnswlib_build = time.perf_counter() - t0
    subprocess.run(["rm", "-rf", str(ours_dir)], check=True)
    ours = WatchNext(a, ours_dir, k)
    ours_build = ours.build_seconds()
    print(f"build on 2 threads: hnswlib {hnswlib_build:.1f} s, WatchNext {ours_build:.1f} s "
          f"(ratio {hnswlib_build / ours_build:.2f}x; above 1 means WatchNext is faster)")

    ratios = {ef: [] for ef in a.efs}
    for round_number in range(1, a.rounds + 1):
        theirs, mine = interleaved_sweep(index, ours, queries, truth, a.efs, a.repeats)
        print(f"round {round_number}")
        print("  ef   hnswlib recall   q/s  | WatchNext recall   q/s  | WatchNext q/s at hnswlib's recall   ratio")
        for (ef, recall, qps), (_, our_recall, our_qps) in zip(theirs, mine):
            matched = qps_at_recall(mine, recall)
            if matched is not None:
                ratios[ef].append(matched / qps)
            shown = f"{matched:8.0f}   {matched / qps:5.2f}x" if matched else "   (outside the sweep)"
            print(f"  {ef:4d}  {recall:.4f}  {qps:7.0f}  |  {our_recall:.4f}  {our_qps:7.0f}  |  {shown}", flush=True)
    ours.close()
    print("median ratio at equal recall (WatchNext / hnswlib, one thread):")
    for ef, values in ratios.items():
        if values:
            print(f"  hnswlib ef {ef:4d}: {statistics.median(values):.2f}x  (rounds: "
                  + ", ".join(f"{v:.2f}" for v in values) + ")")


if __name__ == "__main__":
    main()
