#!/usr/bin/env bash
# make bench-profile-ab [BASE=HEAD] [PAIRS=3] [PHASE=e2e|tracked|ingest]: `make bench-profile` on BASE (that commit's
# own scripts and code, built in a git worktree under .bench/ab/) and on this working tree, interleaved (base, new,
# base, new, … PAIRS times), then the medians of each side and new ÷ base: the rate and the CPU per message (per event
# for PHASE=ingest) of each process and in all, with every run's figures beside them. The quick A/B of a change: this
# host's speed drifts by up to a quarter within an hour, so single profile runs do not compare, back-to-back pairs
# do. The other variables of make bench-profile (NE, N, WARMUP, S, SIZE) apply to both sides. A run is about 1.5
# minutes (the ingest phase with N=100000 about 2).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
BASE=${BASE:-HEAD} PAIRS=${PAIRS:-3}
base_sha=$(git rev-parse --short "$BASE")
stamp=$(date -u +%Y%m%d-%H%M%S)
ab_alternate "$base_sha" "$PAIRS" benchmarks/profile.sh "pab-$stamp-%s.txt"
python3 benchmarks/profile-ab-table.py "$base_sha" "$(git rev-parse --short HEAD)" "${runs[@]}" | tee ".bench/pab-$stamp.md"
echo "written to .bench/pab-$stamp.md"
