#!/usr/bin/env bash
# make bench-replica-ack: what Queue:MinReplicasToAck costs on the accept path, A/B in one run on this machine. The
# benchmark Redis gets one replica (a second redis-server, `replicaof`, AOF fsync always like the primary); an API-only
# server (no delivery: the accept path alone) takes NE REST messages at concurrency C:
#   A. MinReplicasToAck 0: the 202 after the primary's fsynced write (today's default);
#   B. MinReplicasToAck 1: after the enqueue script, WAIT 1 on the enqueue's own connections before the 202;
#   C. MinReplicasToAck 0 with the shared rate limits on (limits too high to refuse anything): one more Redis script
#      call per request, the cost of RateLimits:Shared (A has the limits off: no call).
# A, B and C alternate ROUNDS (2) times each, each from an empty Redis. Prints the accept rates and B / A, C / A; writes the table
# to $OUT. Smoke it with NE=200 ROUNDS=1; the numbers mean something only on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
NE=${NE:-20000} ROUNDS=${ROUNDS:-2} C=${C:-64} SIZE=${SIZE:-5120} DOMAINS=16
OUT=${OUT:-.bench/bench-replica-ack-$(date -u +%Y%m%d-%H%M%S).md}
source benchmarks/bench-lib.sh

bench_start bench-replica-ack
HTTP_PORT=$(free_port); REPLICA_PORT=$(free_port)
mkdir -p "$DATA/replica"
redis-server --bind 127.0.0.1 --port "$REPLICA_PORT" --dir "$DATA/replica" --save "" --appendonly yes --appendfsync always \
  --replicaof 127.0.0.1 "$REDIS_PORT" > "$DATA/replica.log" 2>&1 & services+=($!)
wait_until 60 "redis-cli -p $REPLICA_PORT info replication 2>/dev/null | grep -q '^master_link_status:up'"
bench_tenant bench

common=(--urls "http://127.0.0.1:$HTTP_PORT" --SendGateway:Relay:Ports:Submission=0 --SendGateway:Relay:Ports:Tls=0
  --SendGateway:RateLimits:PerKeyPerSecond=0 --SendGateway:RateLimits:PerTenantPerSecond=0
  --SendGateway:Queue:HighWaterBytes=17179869184)

phase() { # MinReplicasToAck [server arguments] -> accepted per second of NE messages (after a 1000-message warm-up)
  local t0 rate replicas=$1; shift
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  wait_until 60 "[ \$(redis-cli -p $REPLICA_PORT dbsize) -eq 0 ]"
  server_start api "${common[@]}" --SendGateway:Queue:MinReplicasToAck="$replicas" "$@"
  bench_domain "$HTTP_PORT" bench-sender.test 2>/dev/null || true
  driver --messages 1000 --concurrency "$C" --rcpt-domains "$DOMAINS" --accept-only >/dev/null
  t0=$(now)
  driver --messages "$NE" --concurrency "$C" --rcpt-domains "$DOMAINS" --accept-only >/dev/null
  rate=$(rate_since "$t0" "$NE")
  bench_stop_processes
  echo "$rate"
}

limits_on=(--SendGateway:RateLimits:PerKeyPerSecond=1000000 --SendGateway:RateLimits:PerKeyBurst=10000000
  --SendGateway:RateLimits:PerTenantPerSecond=1000000 --SendGateway:RateLimits:PerTenantBurst=10000000)
rates_a=(); rates_b=(); rates_c=()
for _ in $(seq "$ROUNDS"); do
  rates_a+=("$(phase 0)")
  rates_b+=("$(phase 1)")
  rates_c+=("$(phase 0 "${limits_on[@]}")")
done
mean() { python3 -c "import sys; v = [float(x) for x in sys.argv[1:]]; print(round(sum(v) / len(v)))" "$@"; }
rate_a=$(mean "${rates_a[@]}"); rate_b=$(mean "${rates_b[@]}"); rate_c=$(mean "${rates_c[@]}")
mkdir -p "$(dirname "$OUT")"
cat <<MD | tee "$OUT"
SendGateway replica acknowledgement cost, $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, $(uname -r), $SIZE B bodies, REST accept only, one replica, loopback.

| Measure | Value |
|---|---|
| A. Accepted, MinReplicasToAck 0 ($NE msgs, C=$C, $ROUNDS runs: ${rates_a[*]}) | $rate_a/s |
| B. Accepted, MinReplicasToAck 1: WAIT 1 before each 202 ($NE msgs, C=$C, $ROUNDS runs: ${rates_b[*]}) | $rate_b/s |
| B / A | $(ratio "$rate_b" "$rate_a") |
| C. Accepted, MinReplicasToAck 0, shared rate limits on: one script call per request ($NE msgs, C=$C, $ROUNDS runs: ${rates_c[*]}) | $rate_c/s |
| C / A | $(ratio "$rate_c" "$rate_a") |
MD
echo "written to $OUT"
