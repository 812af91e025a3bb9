#!/usr/bin/env bash
# Side-by-side: WatchNext's candidate-generation training step vs the PyTorch reference
# (../shared/peers/ytdnn_torch_bench.py), same machine, same minute, 2 threads each.
# Needs torch and numpy for python3 (pip install /opt/wheels/torch-*+cpu-*.whl numpy, or pip install torch).
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${PEERS:-../shared/peers}
source .ci/setup
watchnext_blas_kernel
swift build -c release --product WatchNextBenchmarks >&2
for opt in adam adagrad; do
  ours=$(.build/release/WatchNextBenchmarks cg --opt "$opt" | tail -1)
  if [ "$opt" = adagrad ]; then extra="--opt adagrad --sparse"; else extra=""; fi
  theirs=$(python3 "$peers/ytdnn_torch_bench.py" --threads 2 $extra | tail -1)
  python3 - "$opt" "$ours" "$theirs" <<'PY'
import json, sys
opt, ours, theirs = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
a, b = ours["examples_per_s"], theirs["examples_per_s"]
print(f"{opt:8s} WatchNext {a:9.0f} ex/s   PyTorch {b:9.0f} ex/s   ratio {a / b:5.2f}   (sgemm {ours['sgemm_gflops']} GFLOP/s)")
PY
done

# The attention encoder: WatchNextBenchmarks cg-attention vs Benchmarks/attention_torch_bench.py.
ours=$(.build/release/WatchNextBenchmarks cg-attention | tail -1)
theirs=$(python3 Benchmarks/attention_torch_bench.py --threads 2 | tail -1)
python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
a, b = ours["examples_per_s"], theirs["examples_per_s"]
print(f"attention WatchNext {a:9.0f} labels/s   PyTorch {b:9.0f} labels/s   ratio {a / b:5.2f}")
PY
