#!/usr/bin/env bash
# Side-by-side: WatchNext's HNSW and exact search vs hnswlib (and FAISS) on the same vectors,
# using ../shared/peers/ann_peers.py, which generates the seeded clustered set and runs the peers.
# Usage: Benchmarks/compare-ann.sh [N] [D] [Q]   (default 200000 64 1000)
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
.build/release/WatchNextBenchmarks ann --base "${stem}_base.npy" --queries "${stem}_queries.npy" --efs 128 256 512
