#!/usr/bin/env bash
# make bench-ab [BASE=098085c] [ROUNDS=1]: `make bench` on BASE (that commit's own scripts and code, built in a git
# worktree under .bench/ab/) and on this working tree, back to back and alternating (base, new, base, new, … ROUNDS
# times each), then one table of what the performance issue counts, as medians over the rounds and new/base ratios:
# CPU per delivered message (all processes, and each), end-to-end and SMTP-accept rates with their ratio to Postfix
# in the same run, event ingestion and REST accept rates. Absolute figures move between hosts and hours; the ratios
# within one A/B are the measure. Each bench takes about 5 minutes here.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
BASE=${BASE:-098085c}; ROUNDS=${ROUNDS:-1}
base_sha=$(git rev-parse --short "$BASE")
stamp=$(date -u +%Y%m%d-%H%M%S)
ab_alternate "$base_sha" "$ROUNDS" benchmarks/bench.sh "ab-$stamp-%s.md"
python3 benchmarks/ab-table.py "$base_sha" "$(git rev-parse --short HEAD)" "${runs[@]}" | tee ".bench/ab-$stamp.md"
echo "written to .bench/ab-$stamp.md"
