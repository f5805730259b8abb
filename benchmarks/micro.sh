#!/usr/bin/env bash
# make bench-micro: the BenchmarkDotNet suite (ShortRun, [MemoryDiagnoser]) with a private Redis and PostgreSQL for the
# benchmarks that write (event batches). FILTER narrows the set, e.g. FILTER='*EventBatch*' make bench-micro.
# JOB=medium (or long) gives tighter intervals for an A/B of two commits.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages
bench_start micro
dotnet "$SERVER" migrate >/dev/null
export SENDGATEWAY_BENCH_POSTGRES="$ConnectionStrings__Postgres" SENDGATEWAY_BENCH_REDIS="$ConnectionStrings__Redis"
dotnet benchmarks/SendGateway.Benchmarks/bin/Release/net10.0/SendGateway.Benchmarks.dll --filter "${FILTER:-*}" --job "${JOB:-short}"
