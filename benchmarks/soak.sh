#!/usr/bin/env bash
# make bench-soak: does memory stay flat over a long run? N messages (default 1,000,000) through POST /v1/messages,
# paced at RATE per second (default 500, below what this machine delivers end to end, so the queue stays short),
# into one all-roles process delivering (DKIM-signed) to smtp-sink. Every INTERVAL seconds (default 120) it samples
# the messages the sink counted, the process's RSS, its managed heap after the last collection, and Redis used_memory.
# Prints one table and writes it to $OUT (default .bench/soak-<time>.md). About N / RATE seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
N=${N:-1000000} RATE=${RATE:-500} INTERVAL=${INTERVAL:-120} SIZE=${SIZE:-5120} C=64
OUT=${OUT:-.bench/soak-$(date -u +%Y%m%d-%H%M%S).md}
source benchmarks/bench-lib.sh

bench_start soak
HTTP_PORT=$(free_port); sink_start
bench_tenant soak
server_start api,delivery,events --urls "http://127.0.0.1:$HTTP_PORT" --SendGateway:RateLimits:PerKeyPerSecond=0 \
  --SendGateway:RateLimits:PerTenantPerSecond=0 "--SendGateway:Delivery:Routes:*=127.0.0.1:$SINK_PORT"
server=$server_pid
bench_domain "$HTTP_PORT" bench-sender.test

sample() { # elapsed seconds -> one table row
  echo "| $1 s | $(sink_count) | $(rss "$server") MiB | $(gc_heap "http://127.0.0.1:$HTTP_PORT") MiB | $(redis-cli -p "$REDIS_PORT" info memory | sed -n 's/^used_memory_human:\(.*\)\r/\1/p') |"
}

rows=(); t0=$(date +%s)
driver --messages "$N" --concurrency "$C" --accept-only --rate "$RATE" --timeout 86400 > "$DATA/soak-driver.out" & driving=$!
while kill -0 "$driving" 2>/dev/null; do
  sleep "$INTERVAL"
  kill -0 "$driving" 2>/dev/null || break # the last row comes after the sink has counted everything
  rows+=("$(sample $(( $(date +%s) - t0 )))")
done
wait "$driving" || log "the driver reported failed requests: see $DATA/driver.out"
wait_until 600 "[ \$(sink_count) -ge $N ]" || true
rows+=("$(sample $(( $(date +%s) - t0 )))")

{
  echo "SendGateway soak, $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, $(uname -r); $N messages of ${SIZE} B at $RATE/s, one all-roles process."
  echo
  echo "| Elapsed | Delivered (sink) | RSS | Managed heap after last GC | Redis used_memory |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  grep '^RESULT' "$DATA/soak-driver.out" || true
} | { mkdir -p "$(dirname "$OUT")"; tee "$OUT"; }
echo "written to $OUT"
