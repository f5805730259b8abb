#!/usr/bin/env bash
# make bench-profile: only the end-to-end phase of make bench (smtp-source -> relay -> Redis -> delivery, DKIM-signed ->
# smtp-sink, until PostgreSQL holds every ok), all roles in one process, about 1.5 minutes: the quick loop for CPU work.
# Prints the rate and CPU per delivered message of each process; with PERF=1 it also samples every CPU with `perf record`
# over the measured window (.NET frames named through DOTNET_PerfMapEnabled) and writes the top symbols, self time, per
# process group to $OUT (default .bench/profile-<time>.txt), with the whole report beside it (.perf.txt).
# Sizes: NE (messages, 20000), WARMUP (messages before the measured window, 2000), S (smtp-source sessions, 20), SIZE (body bytes, 5120).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
NE=${NE:-20000} S=${S:-20} SIZE=${SIZE:-5120} PERF=${PERF:-0} TOP=${TOP:-60} WARMUP=${WARMUP:-2000}
OUT=${OUT:-.bench/profile-$(date -u +%Y%m%d-%H%M%S).txt}
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
source benchmarks/bench-lib.sh

bench_start profile
HTTP_PORT=$(free_port); RELAY_PORT=$(free_port); sink_start
bench_tenant profile
[ "$PERF" = 1 ] && export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 # W^X off: perf reads JIT code names from /tmp/perf-PID.map
server_start api,relay,delivery,events --urls "http://127.0.0.1:$HTTP_PORT" \
  --SendGateway:Relay:Ports:Submission=0 --SendGateway:Relay:Ports:Tls=0 --SendGateway:Relay:Ports:Alternate="$RELAY_PORT" \
  --SendGateway:Relay:TrustedNetworks:0:Network=127.0.0.1/32 --SendGateway:Relay:TrustedNetworks:0:TenantId="$TENANT_ID" \
  --SendGateway:RateLimits:PerKeyPerSecond=0 --SendGateway:RateLimits:PerTenantPerSecond=0 --SendGateway:Queue:HighWaterBytes=17179869184 \
  "--SendGateway:Delivery:Routes:*=127.0.0.1:$SINK_PORT" --SendGateway:Delivery:MaxConnectionsPerDestination=20 \
  --SendGateway:Delivery:MaxConnectionsPerMx=200
app=$server_pid
bench_domain "$HTTP_PORT" bench-sender.test
"$SMTP_SOURCE" -d -s "$S" -l "$SIZE" -m "$WARMUP" -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$RELAY_PORT" # warm-up
wait_until 600 "[ \$(sink_count) -ge $WARMUP ] && [ \$(ok_events) -ge $WARMUP ]"; sleep 3
ok0=$(ok_events); sink0=$(sink_count)
if [ "$PERF" = 1 ]; then
  perf record -F 499 -a -g -o "$DATA/perf.data" >/dev/null 2>&1 & perf_pid=$!
  sleep 1
fi
t0=$(now)
redis-cli -p "$REDIS_PORT" config resetstat >/dev/null # commandstats from here: Redis calls per delivered message
c0=("$(tree_ticks "$app")" "$(tree_ticks "$(redis_pid)")" "$(tree_ticks "$(postgres_pid)")" "$(tree_ticks "$SINK_PID")")
timeout 600 "$SMTP_SOURCE" -d -s "$S" -l "$SIZE" -m "$NE" -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$RELAY_PORT"
wait_until 900 "[ \$(sink_count) -ge $(( sink0 + NE )) ] && [ \$(ok_events) -ge $(( ok0 + NE )) ]"
rate=$(rate_since "$t0" "$NE")
c1=("$(tree_ticks "$app")" "$(tree_ticks "$(redis_pid)")" "$(tree_ticks "$(postgres_pid)")" "$(tree_ticks "$SINK_PID")")
[ "$PERF" = 1 ] && { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
mkdir -p "$(dirname "$OUT")"
{
  echo "end to end: $rate msg/s over $NE messages ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', uncommitted changes'))"
  echo "ms of a core per delivered message: sendgateway $(per_message_ms "${c0[0]}" "${c1[0]}" "$NE")" \
    "redis $(per_message_ms "${c0[1]}" "${c1[1]}" "$NE") postgres $(per_message_ms "${c0[2]}" "${c1[2]}" "$NE")" \
    "sink $(per_message_ms "${c0[3]}" "${c1[3]}" "$NE")" \
    "all $(per_message_ms "$(( c0[0] + c0[1] + c0[2] + c0[3] ))" "$(( c1[0] + c1[1] + c1[2] + c1[3] ))" "$NE")"
  echo "Redis calls per delivered message:" $(redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' |
    sed -n "s/^cmdstat_\([a-z|]*\):calls=\([0-9]*\).*/\1 \2/p" | sort -k2 -nr |
    awk -v n="$NE" '$2 / n >= 0.005 { printf "%s %.2f, ", $1, $2 / n }')
} | tee "$OUT"
if [ "$PERF" = 1 ]; then
  cp "$DATA/perf.data" "${OUT%.txt}.perf.data"; cp /tmp/perf-"$app".map "${OUT%.txt}.perf-$app.map" 2>/dev/null || true
  report=(perf report -i "$DATA/perf.data" --no-children --stdio -g none --percent-limit 0.3)
  { echo; echo "share of all samples, per process and library:"
    "${report[@]}" --sort comm,dso 2>/dev/null | grep -E '^ +[0-9]' | head -n 30
    echo; echo "SendGateway's own symbols (self time, share of all samples):"
    "${report[@]}" --pid "$app" --sort sym 2>/dev/null | grep -E '^ +[0-9]' | head -n "$TOP"; } | tee -a "$OUT"
fi
echo "written to $OUT"
