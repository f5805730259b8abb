#!/usr/bin/env bash
# make bench-profile: only the end-to-end phase of make bench (smtp-source -> relay -> Redis -> delivery, DKIM-signed ->
# smtp-sink, until PostgreSQL holds every ok), all roles in one process, about 1.5 minutes: the quick loop for CPU work.
# Prints the rate and CPU per delivered message of each process; with PERF=1 it also samples every CPU with `perf record`
# over the measured window (.NET frames named through DOTNET_PerfMapEnabled) and writes the top symbols, self time, per
# process group to $OUT (default .bench/profile-<time>.txt), with the whole report beside it (.perf.txt).
# PHASE=tracked: the same end to end over REST (the load driver, 64 clients) from a stored template with open and click
# tracking on, as make bench's row. PHASE=ingest: instead, make bench's ingest phase alone (N events queued over REST, then drained by the events role):
# CPU per stored event and, where the PostgreSQL build has pg_stat_statements, its statements by total time; WAITS=1
# samples what PostgreSQL's backends wait on.
# Sizes: N (ingested events, 40000), NE (messages, 20000), WARMUP (messages before the measured window, 2000), S (smtp-source sessions, 20), SIZE (body bytes, 5120).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
PHASE=${PHASE:-e2e} WAITS=${WAITS:-0} N=${N:-40000} NE=${NE:-20000} S=${S:-20} SIZE=${SIZE:-5120} PERF=${PERF:-0} TOP=${TOP:-60} WARMUP=${WARMUP:-2000}
OUT=${OUT:-.bench/profile-$(date -u +%Y%m%d-%H%M%S).txt}
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
source benchmarks/bench-lib.sh
[ "$PHASE" = e2e ] || export PG_EXTRA_OPTIONS="-c shared_preload_libraries=pg_stat_statements"
statements() { # PostgreSQL's statements by total time (pg_stat_statements), from its reset on
  echo "PostgreSQL statements by total time (pg_stat_statements):"
  psql_value "SELECT round(sum(total_exec_time)::numeric, 0) || ' ms, ' || sum(calls) || ' calls: ' || q FROM
    (SELECT total_exec_time, calls, left(regexp_replace(query, '\s+', ' ', 'g'), 100) AS q FROM pg_stat_statements) s
    GROUP BY q ORDER BY sum(total_exec_time) DESC LIMIT 12" 2>/dev/null || true
}
statements_reset() { psql_value "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null 2>&1 && psql_value "SELECT pg_stat_statements_reset()" >/dev/null || true; }

bench_start profile
HTTP_PORT=$(free_port); RELAY_PORT=$(free_port); sink_start
bench_tenant profile
[ "$PERF" = 1 ] && export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 # W^X off: perf reads JIT code names from /tmp/perf-PID.map
commits() { psql_value "SELECT xact_commit FROM pg_stat_database WHERE datname = 'sendgateway'"; }
perf_begin() { [ "$PERF" = 1 ] || return 0; perf record -F 499 -a -g -o "$DATA/perf.data" >/dev/null 2>&1 & perf_pid=$!; sleep 1; }
perf_end() { [ "$PERF" = 1 ] || return 0; kill -INT "$perf_pid"; wait "$perf_pid" || true; }
perf_report() { # pid of the server measured
  [ "$PERF" = 1 ] || return 0
  cp "$DATA/perf.data" "${OUT%.txt}.perf.data"; cp /tmp/perf-"$1".map "${OUT%.txt}.perf-$1.map" 2>/dev/null || true
  local report=(perf report -i "$DATA/perf.data" --no-children --stdio -g none --percent-limit 0.3)
  { echo; echo "share of all samples, per process and library:"
    "${report[@]}" --sort comm,dso 2>/dev/null | grep -E '^ +[0-9]' | head -n 30
    echo; echo "SendGateway's own symbols (self time, share of all samples):"
    "${report[@]}" --pid "$1" --sort sym 2>/dev/null | grep -E '^ +[0-9]' | head -n "$TOP"; } | tee -a "$OUT"
}

if [ "$PHASE" = ingest ]; then
  # make bench's phase 2 alone: N injected events queued over REST (api role), then the events role drains them into
  # PostgreSQL, timed from its first stored batch; CPU per stored event of each process, PostgreSQL's statements by time.
  server_start api --urls "http://127.0.0.1:$HTTP_PORT" --SendGateway:RateLimits:PerKeyPerSecond=0 \
    --SendGateway:RateLimits:PerTenantPerSecond=0 --SendGateway:Queue:HighWaterBytes=17179869184
  bench_domain "$HTTP_PORT" bench-sender.test
  driver --messages "$N" --concurrency 64 --accept-only >/dev/null
  bench_stop_processes
  statements_reset
  server_start events --urls "http://127.0.0.1:$(free_port)"; app=$server_pid
  wait_until 120 "[ \$(event_backlog) -lt $N ]"; t0=$(now); first=$(( N - $(event_backlog) ))
  c0=("$(tree_ticks "$app")" "$(tree_ticks "$(redis_pid)")" "$(tree_ticks "$(postgres_pid)")"); perf_begin
  if [ "$WAITS" = 1 ]; then # what the backends wait on, sampled every 0.2 s (each sample is a connection: some CPU)
    while :; do psql_value "SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU') FROM pg_stat_activity
      WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()" >> "$DATA/waits" || true; sleep 0.2; done & sampler=$!
  fi
  wait_until 900 "[ \$(event_backlog) -eq 0 ]"
  if [ "$WAITS" = 1 ]; then kill "$sampler"; wait "$sampler" 2>/dev/null || true; fi
  rate=$(rate_since "$t0" "$(( N - first ))")
  c1=("$(tree_ticks "$app")" "$(tree_ticks "$(redis_pid)")" "$(tree_ticks "$(postgres_pid)")"); perf_end
  mkdir -p "$(dirname "$OUT")"
  n=$(( N - first ))
  {
    echo "ingest: $rate events/s over $n events ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', uncommitted changes'))"
    echo "ms of a core per stored event: sendgateway $(per_message_ms "${c0[0]}" "${c1[0]}" "$n" 3)" \
      "redis $(per_message_ms "${c0[1]}" "${c1[1]}" "$n" 3) postgres $(per_message_ms "${c0[2]}" "${c1[2]}" "$n" 3)" \
      "all $(per_message_ms "$(( c0[0] + c0[1] + c0[2] ))" "$(( c1[0] + c1[1] + c1[2] ))" "$n" 3)"
    statements
    if [ "$WAITS" = 1 ]; then echo "PostgreSQL backends, active, sampled every 0.2 s:"; sort "$DATA/waits" | uniq -c | sort -nr | head -n 12; fi
  } | tee "$OUT"
  perf_report "$app"
  echo "written to $OUT"
  exit 0
fi

server_start api,relay,delivery,events --urls "http://127.0.0.1:$HTTP_PORT" \
  --SendGateway:Relay:Ports:Submission=0 --SendGateway:Relay:Ports:Tls=0 --SendGateway:Relay:Ports:Alternate="$RELAY_PORT" \
  --SendGateway:Relay:TrustedNetworks:0:Network=127.0.0.1/32 --SendGateway:Relay:TrustedNetworks:0:TenantId="$TENANT_ID" \
  --SendGateway:RateLimits:PerKeyPerSecond=0 --SendGateway:RateLimits:PerTenantPerSecond=0 --SendGateway:Queue:HighWaterBytes=17179869184 \
  "--SendGateway:Delivery:Routes:*=127.0.0.1:$SINK_PORT" --SendGateway:Delivery:MaxConnectionsPerDestination=20 \
  --SendGateway:Delivery:MaxConnectionsPerMx=200
app=$server_pid
bench_domain "$HTTP_PORT" bench-sender.test
load() { # messages: over SMTP (smtp-source), or with PHASE=tracked over REST from a stored template with tracking on
  if [ "$PHASE" = tracked ]; then driver --messages "$1" --concurrency 64 --template bench-track --track --accept-only >/dev/null
  else timeout 600 "$SMTP_SOURCE" -d -s "$S" -l "$SIZE" -m "$1" -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$RELAY_PORT"; fi
}
if [ "$PHASE" = tracked ]; then bench_template bench-track; fi # as make bench's row: rendered per recipient
load "$WARMUP" # warm-up
wait_until 600 "[ \$(sink_count) -ge $WARMUP ] && [ \$(ok_events) -ge $WARMUP ]"; sleep 3
ok0=$(ok_events); sink0=$(sink_count)
perf_begin
t0=$(now)
redis-cli -p "$REDIS_PORT" config resetstat >/dev/null # commandstats from here: Redis calls per delivered message
x0=$(commits); [ "$PHASE" = tracked ] && statements_reset
c0=("$(tree_ticks "$app")" "$(tree_ticks "$(redis_pid)")" "$(tree_ticks "$(postgres_pid)")" "$(tree_ticks "$SINK_PID")")
load "$NE"
wait_until 900 "[ \$(sink_count) -ge $(( sink0 + NE )) ] && [ \$(ok_events) -ge $(( ok0 + NE )) ]"
rate=$(rate_since "$t0" "$NE")
c1=("$(tree_ticks "$app")" "$(tree_ticks "$(redis_pid)")" "$(tree_ticks "$(postgres_pid)")" "$(tree_ticks "$SINK_PID")")
perf_end
mkdir -p "$(dirname "$OUT")"
{
  echo "end to end: $rate msg/s over $NE messages ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', uncommitted changes'))"
  echo "ms of a core per delivered message: sendgateway $(per_message_ms "${c0[0]}" "${c1[0]}" "$NE")" \
    "redis $(per_message_ms "${c0[1]}" "${c1[1]}" "$NE") postgres $(per_message_ms "${c0[2]}" "${c1[2]}" "$NE")" \
    "sink $(per_message_ms "${c0[3]}" "${c1[3]}" "$NE")" \
    "all $(per_message_ms "$(( c0[0] + c0[1] + c0[2] + c0[3] ))" "$(( c1[0] + c1[1] + c1[2] + c1[3] ))" "$NE")"
  echo "PostgreSQL commits per delivered message: $(python3 -c "print(f'{($(commits) - $x0) / $NE:.3f}')");" \
    "messages rows updated in place (HOT) / updated: $(psql_value "SELECT n_tup_hot_upd || ' / ' || n_tup_upd FROM pg_stat_user_tables WHERE relname = 'messages'")"
  echo "Redis calls per delivered message:" $(redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' |
    sed -n "s/^cmdstat_\([a-z|]*\):calls=\([0-9]*\).*/\1 \2/p" | sort -k2 -nr |
    awk -v n="$NE" '$2 / n >= 0.005 { printf "%s %.2f, ", $1, $2 / n }')
  if [ "$PHASE" = tracked ]; then statements; fi
} | tee "$OUT"
perf_report "$app"
echo "written to $OUT"
