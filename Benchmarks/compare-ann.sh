#!/usr/bin/env bash
# Side-by-side: WatchNext's HNSW and exact search vs hnswlib (and FAISS) on the same vectors.
# 1. ../shared/peers/ann_peers.py generates the seeded clustered set and runs the peers once;
# 2. Benchmarks/ann_side_by_side.py builds both indexes, then alternates hnswlib's and
#    WatchNext's sweeps for ROUNDS rounds and prints queries/s at equal recall, per round and
#    the median (the machines are shared: single runs swing by +-25%).
# Usage: Benchmarks/compare-ann.sh [N] [D] [Q]   (default 200000 64 1000; ROUNDS=3, LIBS=hnswlib)
#   SPACE=reduced-l2|ip picks WatchNext's graph (default reduced-l2, the library's default);
#   PEER=ip|reduced-l2 picks hnswlib's (default ip, its inner-product index; reduced-l2: its l2
#   index on the same MIPS reduction, which compares the implementations like for like).
# Needs: pip install numpy hnswlib faiss-cpu threadpoolctl
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${PEERS:-../shared/peers}
n=${1:-200000}; d=${2:-64}; q=${3:-1000}
export PEERS_DIR=${PEERS_DIR:-/tmp/peers-out}
source .ci/setup
watchnext_blas_kernel
swift build -c release --product WatchNextBenchmarks >&2
python3 "$peers/ann_peers.py" --synthetic "$n" "$d" "$q" --libs "${LIBS:-hnswlib}" --efs 128,256,512 | grep -v '^{'
stem="$PEERS_DIR/data/ann_synth_N${n}_D${d}_Q${q}_C1000_s0.5_seed42"
python3 Benchmarks/ann_side_by_side.py --base "${stem}_base.npy" --queries "${stem}_queries.npy" \
  --truth "${stem}_truth_k100.npy" --bench .build/release/WatchNextBenchmarks --rounds "${ROUNDS:-3}" \
  --work "$PEERS_DIR/side-by-side" --space "${SPACE:-reduced-l2}" --peer "${PEER:-ip}"
